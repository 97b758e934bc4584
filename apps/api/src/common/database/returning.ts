/**
 * The rows of an UPDATE or DELETE … RETURNING through `query()`: TypeORM's PostgreSQL driver
 * answers those as `[rows, affected]` and SELECTs (and INSERTs) as the rows alone.
 */
export function returned<T>(res: unknown): T[] {
  const r = res as unknown[];
  return (Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number' ? r[0] : r) as T[];
}
