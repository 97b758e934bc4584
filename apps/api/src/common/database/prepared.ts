import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { queryCounter } from './query-counter';

/**
 * A named prepared statement for the hottest reads (the token check and a reviewer's own list run
 * on every request). PostgreSQL parses and plans a named statement once per connection and then
 * reuses the plan; TypeORM's `query()` sends unnamed statements, planned on every call (for
 * `myAssignments` planning cost three times the execution). Each name must always carry the same
 * text: a connection keeps what it prepared under that name.
 */
export async function preparedQuery<R extends QueryResultRow>(
  db: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const pool = (db.driver as PostgresDriver).master as Pool;
  if (queryCounter.enabled) queryCounter.count++;
  const result = await pool.query<R>({ name, text, values });
  return result.rows;
}
