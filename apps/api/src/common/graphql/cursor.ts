import { badInput } from './errors';

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
