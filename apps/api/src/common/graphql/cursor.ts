import { badInput } from './errors';
import { UUID } from './ids';

/**
 * Opaque keyset cursors: the sort key of a list's last row, so that the next page starts after it
 * with an index range scan however deep it is (an offset would read and discard every row before).
 */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor holds; a cursor this list did not give is refused, naming the argument. */
export function decodeCursor(cursor: string, field: string, arity: number): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== arity || !key.every((k) => typeof k === 'string' && k.length <= 200))
    throw badInput(field, 'is not a cursor this list gave / 不是本列表给出的游标');
  return key as string[];
}

/**
 * A timestamp as a cursor key, to the microsecond as PostgreSQL keeps it (a JavaScript Date would
 * round it, and a page could skip or repeat rows): select `timeKey('o.created_at')` beside the row.
 */
export const timeKey = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The (time, id) of a cursor made from {@link timeKey} and a row's id; [null, null] without one. */
export function decodeTimeCursor(after: string | null, field = 'after'): [string, string] | [null, null] {
  if (after === null) return [null, null];
  const [at, id] = decodeCursor(after, field, 2);
  if (!UUID.test(id) || Number.isNaN(Date.parse(at)))
    throw badInput(field, 'is not a cursor this list gave / 不是本列表给出的游标');
  return [at, id];
}
