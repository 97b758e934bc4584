import { type FindOperator, Raw } from 'typeorm';

let n = 0;

/**
 * `column = ANY($1)` for find options: one array parameter however many ids, where `In(ids)` binds
 * one parameter per id (PostgreSQL takes at most 65,535 in a statement; a round at scale has more).
 */
export function AnyOf<T>(ids: T[]): FindOperator<T> {
  const name = `anyOf${(n = (n + 1) % 1_000_000)}`;
  return Raw((column) => `${column} = ANY(:${name})`, { [name]: ids });
}
