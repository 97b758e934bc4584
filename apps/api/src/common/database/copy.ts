import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

/** A value as PostgreSQL's COPY text format reads it: backslash, tab and line breaks escaped. */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
}

/**
 * Streams rows into `table` with `COPY … FROM STDIN` on the manager's own connection, so inside its
 * transaction: `chunks` yields blocks of lines (tab-separated, each ending in a newline, values
 * through {@link copyText}). Far cheaper than parameters for 10^5 rows: nothing is parsed twice.
 * The table and column names come from the caller's code, never from input.
 */
export async function copyInto(
  m: EntityManager,
  table: string,
  columns: string[],
  chunks: AsyncIterable<string> | Iterable<string>,
): Promise<void> {
  if (!m.queryRunner) throw new Error('copyInto needs a transaction’s manager');
  const client = (await m.queryRunner.connect()) as PoolClient;
  const sink = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks), sink);
}
