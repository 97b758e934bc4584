import { Client } from 'pg';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

/**
 * A round's stored conflicts are one partition, swapped in whole by each detection (migration
 * ConflictPartitions): the rows are those of the last detection only, the keys hold on the
 * partition, readers see the last detection while the next one runs, and a detection that cannot
 * swap (a reader that does not let go) fails with nothing stored changed.
 */
describe('stored conflicts: a partition a round, swapped in whole', () => {
  let t: TestApp;
  let officer: string;
  let roundId: string;
  const detect = () =>
    t.gql<{ detectConflicts: { pairs: number; reasons: number } }>(
      'mutation($r:ID!){ detectConflicts(roundId:$r){ pairs reasons } }',
      { r: roundId },
      officer,
    );
  /** The round's rows as (application, reviewer, rule, evidence), and their ids. */
  const rows = async () => {
    const all: { id: string; key: string }[] = await t.db.query(
      `SELECT id, application_id || '|' || reviewer_id || '|' || rule || '|' || evidence AS key
         FROM conflicts WHERE round_id = $1 ORDER BY 2, 1`,
      [roundId],
    );
    return { keys: all.map((r) => r.key), ids: new Set(all.map((r) => r.id)) };
  };
  const partitions = async () =>
    (
      await t.db.query<{ name: string; bound: string }[]>(
        `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
           FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'conflicts'::regclass ORDER BY 1`,
      )
    ).map((p) => `${p.name} ${p.bound}`);

  beforeAll(async () => {
    t = await startTestApp({ CONFLICT_SWAP_WAIT_SECONDS: '2' });
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    // a round of the demo's applications with no stored conflicts yet: its rows start in the default partition
    [{ id: roundId }] = await t.db.query(
      `INSERT INTO review_rounds (program_id, kind, name_zh, name_en, status, opens_at, closes_at, criteria, recommendation_options)
       SELECT program_id, 'INITIAL', '分区测试', 'Partition test', 'DRAFT', now() + interval '1 day', now() + interval '9 days', criteria, recommendation_options
         FROM review_rounds WHERE kind = 'INITIAL' ORDER BY opens_at LIMIT 1 RETURNING id`,
    );
    await t.db.query(
      `INSERT INTO round_projects (round_id, application_id) SELECT $1, id FROM applications ORDER BY external_id LIMIT 20`,
      [roundId],
    );
  });
  afterAll(() => t.close());

  it('rows stored before the round had a partition go to the default one, and the next detection replaces them', async () => {
    // as a declaration, or a row from before partitioning, would be
    await t.db.query(
      `INSERT INTO conflicts (round_id, application_id, reviewer_id, rule, evidence, source)
       SELECT $1, (SELECT application_id FROM round_projects WHERE round_id = $1 LIMIT 1), id, 'COAUTHOR', 'stale', 'DETECTED'
         FROM users WHERE email = 'reviewer1@demo.local'`,
      [roundId],
    );
    const [{ n: inDefault }] = await t.db.query(
      `SELECT count(*)::int AS n FROM conflicts_default WHERE round_id = $1`,
      [roundId],
    );
    expect(inDefault).toBe(1);
    const first = await detect();
    expect(first.errors).toBeUndefined();
    const { reasons } = first.data!.detectConflicts;
    expect(reasons).toBeGreaterThan(0);
    const stored = await rows();
    expect(stored.keys).toHaveLength(reasons);
    expect(stored.keys.some((k) => k.endsWith('|stale'))).toBe(false);
    const [{ n: left }] = await t.db.query(`SELECT count(*)::int AS n FROM conflicts_default WHERE round_id = $1`, [
      roundId,
    ]);
    expect(left).toBe(0);
    expect(await partitions()).toContain(`conflicts_${roundId.replace(/-/g, '')} FOR VALUES IN ('${roundId}')`);
  });

  it('a second detection swaps in new rows for the same findings: one partition for the round, no row twice', async () => {
    const before = await rows();
    const again = await detect();
    expect(again.errors).toBeUndefined();
    const after = await rows();
    expect(after.keys).toEqual(before.keys);
    // new rows, not the old ones kept: no id survives the swap
    expect([...after.ids].filter((id) => before.ids.has(id))).toEqual([]);
    const mine = (await partitions()).filter((p) => p.includes(roundId));
    expect(mine).toHaveLength(1);
    // the partition carries the parent's indexes (adopted, not built twice) and keys
    const [{ n: indexes }] = await t.db.query(`SELECT count(*)::int AS n FROM pg_index WHERE indrelid = $1::regclass`, [
      `conflicts_${roundId.replace(/-/g, '')}`,
    ]);
    const [{ n: parentIndexes }] = await t.db.query(
      `SELECT count(*)::int AS n FROM pg_index WHERE indrelid = 'conflicts'::regclass`,
    );
    expect(indexes).toBe(parentIndexes);
  });

  it('texts with backslashes, tabs and line breaks are stored as they are (COPY escapes them)', async () => {
    const odd = ' a\\b\tc\nd\re';
    await t.db.query(`UPDATE institutions SET name = name || $1`, [odd]);
    try {
      expect((await detect()).errors).toBeUndefined();
      const stored: { evidence: string; evidence_zh: string }[] = await t.db.query(
        `SELECT evidence, evidence_zh FROM conflicts WHERE round_id = $1 AND rule = 'INSTITUTION'`,
        [roundId],
      );
      expect(stored.length).toBeGreaterThan(0);
      for (const r of stored) {
        expect(r.evidence).toContain(odd);
        expect(r.evidence_zh).toContain(odd);
      }
    } finally {
      await t.db.query(`UPDATE institutions SET name = left(name, length(name) - length($1))`, [odd]);
      await detect();
    }
  });

  it('detections racing on one round each swap in whole, one after the other: one partition, no row twice', async () => {
    const before = await rows();
    const raced = await Promise.all([detect(), detect(), detect()]);
    for (const r of raced) expect(r.errors).toBeUndefined();
    const after = await rows();
    expect(after.keys).toEqual(before.keys);
    expect((await partitions()).filter((p) => p.includes(roundId))).toHaveLength(1);
  });

  it('the partition keeps the foreign keys: an unknown application or reviewer is refused', async () => {
    const [{ id: reviewer }] = await t.db.query(`SELECT id FROM users WHERE email = 'reviewer1@demo.local'`);
    const [{ application_id: app }] = await t.db.query(
      `SELECT application_id FROM round_projects WHERE round_id = $1 LIMIT 1`,
      [roundId],
    );
    const insert = (a: string, r: string) =>
      t.db.query(
        `INSERT INTO conflicts (round_id, application_id, reviewer_id, rule, evidence, source) VALUES ($1, $2, $3, 'COAUTHOR', 'x', 'DETECTED')`,
        [roundId, a, r],
      );
    await expect(insert('00000000-0000-4000-8000-000000000001', reviewer)).rejects.toThrow(/foreign key/);
    await expect(insert(app, '00000000-0000-4000-8000-000000000002')).rejects.toThrow(/foreign key/);
  });

  it('readers see the last detection while the next one waits to swap; one that never lets go fails it, nothing lost', async () => {
    const before = await rows();
    // a long reader: an open transaction that has read the conflicts (as an export or a backup does)
    const reader = new Client({ connectionString: t.url });
    await reader.connect();
    const other = new Client({ connectionString: t.url });
    await other.connect();
    try {
      await reader.query('BEGIN');
      await reader.query(`SELECT count(*) FROM conflicts WHERE round_id = $1`, [roundId]);
      // the detection waits for it, asking for the lock a quarter second at a time
      const pending = detect();
      await new Promise((r) => setTimeout(r, 400));
      // meanwhile another reader is not queued behind the swap: it answers, with the last detection
      await other.query(`SET statement_timeout = '5s'`);
      const seen = await other.query<{ n: number }>(`SELECT count(*)::int AS n FROM conflicts WHERE round_id = $1`, [
        roundId,
      ]);
      expect(seen.rows[0].n).toBe(before.keys.length);
      // the long reader does not let go within CONFLICT_SWAP_WAIT_SECONDS (2 s here): the detection fails, clearly
      const failed = await pending;
      expect(failed.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(failed.errors?.[0].message).toMatch(/read at length/);
      await reader.query('COMMIT');
      // nothing stored changed, and no table was left behind
      expect(await rows()).toEqual(before);
      const [{ n: leftovers }] = await t.db.query(
        `SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'conflicts\\_%\\_new'`,
      );
      expect(leftovers).toBe(0);
      // a reader that lets go in time: the detection waits for it, then swaps
      await reader.query('BEGIN');
      await reader.query(`SELECT count(*) FROM conflicts WHERE round_id = $1`, [roundId]);
      const waiting = detect();
      await new Promise((r) => setTimeout(r, 500));
      await reader.query('COMMIT');
      const done = await waiting;
      expect(done.errors).toBeUndefined();
      const after = await rows();
      expect(after.keys).toEqual(before.keys);
      expect([...after.ids].some((id) => before.ids.has(id))).toBe(false);
    } finally {
      await reader.end();
      await other.end();
    }
  });
});

describe('detections in a burst on a small pool', () => {
  let t: TestApp;
  // four connections: a detection's two snapshot readers cannot always have one
  beforeAll(async () => {
    t = await startTestApp({ DB_POOL_MAX: '4' });
    await seedDemo(t.app);
  });
  afterAll(() => t.close());

  it('eight at once all finish with the lone detection’s result: a reader without a connection reads on its transaction’s', async () => {
    const officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    const [{ id: roundId }] = await t.db.query(`SELECT id FROM review_rounds WHERE status = 'OPEN' LIMIT 1`);
    const detect = () =>
      t.gql<{ detectConflicts: { pairs: number; reasons: number } }>(
        'mutation($r:ID!){ detectConflicts(roundId:$r){ pairs reasons } }',
        { r: roundId },
        officer,
      );
    const alone = await detect();
    expect(alone.errors).toBeUndefined();
    const burst = await Promise.all(Array.from({ length: 8 }, detect));
    expect(burst.flatMap((r) => r.errors ?? [])).toEqual([]);
    for (const r of burst) expect(r.data!.detectConflicts).toEqual(alone.data!.detectConflicts);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM conflicts WHERE round_id = $1`, [roundId]);
    expect(n).toBe(alone.data!.detectConflicts.reasons);
  }, 60_000);
});
