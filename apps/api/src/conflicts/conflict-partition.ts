import type { EntityManager } from 'typeorm';
import { DomainError, pgErrorCode } from '../common/graphql/errors';
import { UUID } from '../common/graphql/ids';

/**
 * A round's stored conflicts are one partition of `conflicts` (migration ConflictPartitions).
 * Detection fills a fresh table with no index or key, builds them in one pass each, and swaps it
 * in for the round's last partition: readers see the last detection until the commit, never a
 * half-written one, and the row-by-row cost of indexes and foreign keys is gone.
 */
export interface FreshPartition {
  /** the table being filled */
  fresh: string;
  /** the name it takes once swapped in */
  partition: string;
}

/** Creates the table a detection of `roundId` writes into, in the caller's transaction. */
export async function createFreshPartition(m: EntityManager, roundId: string): Promise<FreshPartition> {
  // the round's id goes into names and a CHECK: it is a UUID read from the database, checked again
  if (!UUID.test(roundId)) throw new Error(`not a round id: ${roundId}`);
  const partition = `conflicts_${roundId.replace(/-/g, '')}`;
  const fresh = `${partition}_new`;
  // the CHECK tells ATTACH every row belongs to the round, so it need not scan them
  await m.query(
    `CREATE TABLE "${fresh}" (LIKE conflicts INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CHECK (round_id = '${roundId}'))`,
  );
  return { fresh, partition };
}

/**
 * The parent's primary key, indexes and foreign keys on the filled table, before the swap: ATTACH
 * adopts matching ones instead of building its own while it holds the parent's lock. (Were they to
 * differ, ATTACH would build the parent's: slower, as correct.)
 */
export async function indexFreshPartition(m: EntityManager, { fresh }: FreshPartition): Promise<void> {
  await m.query(`ALTER TABLE "${fresh}" ADD PRIMARY KEY ("round_id", "id")`);
  // the parent's indexes (migration ConflictPairIndex), matched at ATTACH instead of built again
  await m.query(`CREATE INDEX ON "${fresh}" ("application_id", "reviewer_id")`);
  await m.query(`CREATE INDEX ON "${fresh}" ("reviewer_id")`);
  for (const [column, target] of [
    ['round_id', 'review_rounds'],
    ['application_id', 'applications'],
    ['reviewer_id', 'users'],
  ])
    await m.query(
      `ALTER TABLE "${fresh}" ADD FOREIGN KEY ("${column}") REFERENCES "${target}"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
}

/** How long the swap waits for readers of `conflicts` each time (and then lets them through). */
const SWAP_WAIT_MS = 250;

/**
 * Swaps the filled table in as the round's partition: the rows of the round outside it (declared
 * since, or stored before partitioning) and its last partition go. The parent's lock is asked for
 * {@link SWAP_WAIT_MS} at a time, letting readers through in between, so that a long reader (an
 * export, a backup) delays the swap instead of every reader queueing behind it; after `waitSeconds`
 * in all the detection fails and nothing stored changes.
 */
export async function swapInPartition(
  m: EntityManager,
  roundId: string,
  { fresh, partition }: FreshPartition,
  waitSeconds: number,
) {
  const attempts = Math.max(1, Math.ceil((waitSeconds * 1000) / (2 * SWAP_WAIT_MS)));
  await m.query(`SAVEPOINT conflicts_swap`);
  for (let attempt = 1; ; attempt++) {
    try {
      await m.query(`SET LOCAL lock_timeout = '${SWAP_WAIT_MS}ms'`);
      await m.query(`LOCK TABLE conflicts IN ACCESS EXCLUSIVE MODE`);
      await m.query(`SET LOCAL lock_timeout = DEFAULT`);
      break;
    } catch (e) {
      await m.query(`ROLLBACK TO SAVEPOINT conflicts_swap`);
      if (pgErrorCode(e) !== '55P03') throw e;
      if (attempt >= attempts)
        throw new DomainError(
          'SERVICE_UNAVAILABLE',
          'the stored conflicts are being read at length (an export or a backup): detect again in a while / 回避记录正被长时间读取（导出或备份），请稍后重新检测',
        );
      await new Promise((r) => setTimeout(r, SWAP_WAIT_MS));
    }
  }
  await m.query(`DELETE FROM conflicts_default WHERE round_id = $1`, [roundId]);
  await m.query(`DROP TABLE IF EXISTS "${partition}"`);
  await m.query(`ALTER TABLE conflicts ATTACH PARTITION "${fresh}" FOR VALUES IN ('${roundId}')`);
  await m.query(`ALTER TABLE "${fresh}" RENAME TO "${partition}"`);
}
