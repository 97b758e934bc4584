import type { DataSource, EntityManager } from 'typeorm';
import { badInput } from '../graphql/errors';

/**
 * Runs `work` in one transaction that commits, or, for a dry run, rolls back whatever it did: a
 * preview answers exactly what the real run would, from the same code.
 */
export async function transactionOrPreview<T>(
  db: DataSource,
  dryRun: boolean,
  work: (m: EntityManager) => Promise<T>,
): Promise<T> {
  if (!dryRun) return db.transaction(work);
  const qr = db.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    return await work(qr.manager);
  } finally {
    await qr.rollbackTransaction().catch(() => undefined);
    await qr.release();
  }
}

/** The `dryRun` query parameter of an upload: absent or `false`, or `true`; anything else is refused by name. */
export function dryRunParam(v: string | undefined): boolean {
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw badInput('dryRun', 'must be true or false / 须为 true 或 false');
}
