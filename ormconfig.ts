import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './apps/api/src/entities';
import { CountingLogger, queryCounter } from './apps/api/src/common/database/query-counter';
import { MIGRATIONS } from './apps/api/src/migrations';

/**
 * The one TypeORM DataSource. Schema changes go through timestamped migrations only
 * (never `synchronize`). The API builds its connection from these options; the TypeORM CLI uses
 * the default export (`DATABASE_URL` must be set for it).
 */
export interface ConnectionTuning {
  statementTimeoutMs?: number;
  /** pool size (DB_POOL_MAX through the validated configuration; 20 otherwise) */
  poolMax?: number;
  /** count statements for the no-N+1 tests (COUNT_QUERIES) */
  countQueries?: boolean;
}

export function dataSourceOptions(url: string, opts: ConnectionTuning = {}): DataSourceOptions {
  if (opts.countQueries) queryCounter.enabled = true;
  // A stalled database must not hold requests for as long as it stalls: PostgreSQL cancels a
  // statement after the timeout, and the client stops waiting shortly after (a server that does
  // not answer at all); both answer 503 SERVICE_UNAVAILABLE.
  const timeouts = opts.statementTimeoutMs
    ? { statement_timeout: opts.statementTimeoutMs, query_timeout: opts.statementTimeoutMs + 2000 }
    : {};
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: {
      max: opts.poolMax ?? 20,
      application_name: 'tianyuan-review',
      connectionTimeoutMillis: 10_000,
      ...timeouts,
    },
    ...(opts.countQueries ? { logging: ['query' as const], logger: new CountingLogger() } : {}),
  };
}

export default new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'),
);
