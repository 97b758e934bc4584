import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** One read: rows of `sql` with its parameters. */
export type Read = <R>(sql: string, params?: unknown[]) => Promise<R[]>;

/** Reads on `m`'s own connection, one after another in the order asked (`Promise.all` included). */
export function serialReads(m: EntityManager): Read {
  let last: Promise<unknown> = Promise.resolve();
  return <R>(sql: string, params?: unknown[]) => {
    const run = last.then(() => m.query<R[]>(sql, params));
    last = run.catch(() => undefined);
    return run;
  };
}

const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$/i;

/** How long a reader waits for a connection of the pool before the reads share the caller's. */
const CONNECT_WAIT_MS = 1000;

/**
 * `n` ways to read what the transaction `m` sees, on connections of their own where the pool has
 * them: `m`'s snapshot is exported and imported into read-only REPEATABLE READ transactions, so
 * that long independent reads run at once on several PostgreSQL backends and still read one state
 * of the database. Only for a transaction that has written nothing they read: an importer never
 * sees the exporter's own uncommitted writes. A reader that gets no connection within a second
 * (the pool busy with transactions that may be waiting on this one) reads on `m` instead. The
 * connections go back to the pool when `work` ends, whatever its outcome.
 */
export async function withSnapshotReaders<T>(
  db: DataSource,
  m: EntityManager,
  n: number,
  work: (reads: Read[]) => Promise<T>,
): Promise<T> {
  const [{ snapshot }] = await m.query<{ snapshot: string }[]>(`SELECT pg_export_snapshot() AS snapshot`);
  if (!SNAPSHOT_ID.test(snapshot)) throw new Error(`unexpected snapshot id ${snapshot}`);
  const runners: QueryRunner[] = [];
  const reads: Read[] = [];
  const own = serialReads(m);
  try {
    for (let i = 0; i < n; i++) {
      const qr = db.createQueryRunner();
      const connected = qr.connect().then(
        () => true,
        () => false,
      );
      let timer: NodeJS.Timeout | undefined;
      const got = await Promise.race([
        connected,
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CONNECT_WAIT_MS))),
      ]);
      clearTimeout(timer);
      if (!got) {
        // the connection may still come: it goes straight back
        void connected.then(async (ok) => {
          if (ok) await qr.release();
        });
        reads.push(own);
        continue;
      }
      runners.push(qr);
      await qr.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
      await qr.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
      reads.push(serialReads(qr.manager));
    }
    return await work(reads);
  } finally {
    for (const qr of runners) {
      await qr.query(`ROLLBACK`).catch(() => undefined);
      await qr.release();
    }
  }
}
