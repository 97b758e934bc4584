import { DataSource } from 'typeorm';
import { serialReads, withSnapshotReaders } from '../apps/api/src/common/database/snapshot';
import { createTestDatabase } from './helpers/app';

/**
 * The readers conflict detection loads a round with: extra connections that read exactly what the
 * detecting transaction sees, and its own connection when the pool has none to spare.
 */
describe('snapshot readers (PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    // a pool of two: the transaction's connection and one more
    ds = new DataSource({ type: 'postgres', url: db.url, extra: { max: 2 } });
    await ds.initialize();
    await ds.query(`CREATE TABLE items (n int PRIMARY KEY)`);
    await ds.query(`INSERT INTO items SELECT generate_series(1, 3)`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const backends = (reads: ReturnType<typeof serialReads>) =>
    reads<{ pid: number; n: string }>(`SELECT pg_backend_pid() AS pid, count(*) AS n FROM items`);

  it('reads on another backend what the transaction saw when it began, not what was committed since', async () => {
    await ds.transaction(async (m) => {
      const [own] = await m.query<{ pid: number }[]>(`SELECT pg_backend_pid() AS pid`);
      await withSnapshotReaders(ds, m, 1, async ([read]) => {
        // committed by someone else after the export: the readers do not see it
        const other = new DataSource({ type: 'postgres', url: db.url, extra: { max: 1 } });
        await other.initialize();
        try {
          await other.query(`INSERT INTO items VALUES (4)`);
        } finally {
          await other.destroy();
        }
        const [r] = await backends(read);
        expect(r.pid).not.toBe(own.pid);
        expect(Number(r.n)).toBe(3);
        // and they are read-only
        await expect(read(`INSERT INTO items VALUES (5)`)).rejects.toThrow(/read-only transaction/);
      });
      // the transaction itself (READ COMMITTED) sees the new row
      const [{ n }] = await m.query<{ n: string }[]>(`SELECT count(*) AS n FROM items`);
      expect(Number(n)).toBe(4);
    });
    await ds.query(`DELETE FROM items WHERE n = 4`);
  });

  it('reads on the transaction’s own connection when the pool has none to spare, and gives back what it took', async () => {
    await ds.transaction(async (m) => {
      const [own] = await m.query<{ pid: number }[]>(`SELECT pg_backend_pid() AS pid`);
      // two readers asked, one connection left: the second reads on the transaction's own
      await withSnapshotReaders(ds, m, 2, async (reads) => {
        const [[a], [b]] = await Promise.all(reads.map(backends));
        expect(a.pid).not.toBe(own.pid);
        expect(b.pid).toBe(own.pid);
        expect([Number(a.n), Number(b.n)]).toEqual([3, 3]);
      });
      // the connection taken went back: a reader gets it again at once
      await withSnapshotReaders(ds, m, 1, async ([read]) => {
        const [r] = await backends(read);
        expect(r.pid).not.toBe(own.pid);
      });
    });
  });

  it('gives its connections back when the work fails', async () => {
    await expect(
      ds.transaction(async (m) => {
        await withSnapshotReaders(ds, m, 1, async ([read]) => {
          await read(`SELECT no_such_column FROM items`);
        });
      }),
    ).rejects.toThrow(/no_such_column/);
    // both connections free again: two transactions at once
    await Promise.all([ds.transaction((m) => m.query(`SELECT 1`)), ds.transaction((m) => m.query(`SELECT 1`))]);
  });

  it('runs reads of one reader in the order asked, also when asked at once; a failed read does not stop the next', async () => {
    const read = serialReads(ds.manager);
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3].map((i) => read(`SELECT pg_sleep(${(4 - i) * 0.02}), ${i} AS i`).then(() => order.push(i))),
    );
    expect(order).toEqual([1, 2, 3]);
    await expect(read(`SELECT 1/0`)).rejects.toThrow(/division by zero/);
    await expect(read<{ i: number }>(`SELECT 7 AS i`)).resolves.toEqual([{ i: 7 }]);
  });
});
