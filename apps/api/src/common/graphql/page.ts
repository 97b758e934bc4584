import { badInput } from './errors';

/** The largest page any list gives at once. */
export const MAX_PAGE = 500;

/** `first` of a paged list: a whole number from 1 to {@link MAX_PAGE}, refused on its field otherwise. */
export function checkFirst(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw badInput('first', `must be a whole number from 1 to ${MAX_PAGE} / 须为 1 到 ${MAX_PAGE} 之间的整数`);
}

/** One page of a keyset-paged list: read `first + 1` rows to know whether more follow. */
export function pageOf<T>(rows: T[], first: number, total: number, key: (last: T) => string) {
  const items = rows.slice(0, first);
  const last = items[items.length - 1];
  return { items, total, hasMore: rows.length > first, endCursor: last ? key(last) : null };
}

/** `first` (null: to the end, as clients written before paging read the whole list) and `offset` of a list paged by position. */
export function checkSlice(first: number | null, offset: number): void {
  if (!Number.isInteger(offset) || offset < 0) throw badInput('offset', 'must be a whole number ≥ 0 / 须为非负整数');
  if (first !== null) checkFirst(first);
}

/** A page of a list the server computed whole (checked as {@link checkSlice}). */
export function sliceOf<T>(rows: T[], first: number | null, offset: number): T[] {
  checkSlice(first, offset);
  return first === null ? rows.slice(offset) : rows.slice(offset, offset + first);
}
