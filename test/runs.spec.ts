import { Client } from 'pg';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

type RunView = { id: string; kind: string; status: string; progress: number; message: string | null; result: unknown };
const RUN = 'id kind status progress message result';

describe('long work as tracked runs: progress by stage, and cancelling', () => {
  let t: TestApp;
  let officer: string;
  let roundId: string;
  const run = async (id: string) =>
    (await t.gql<{ run: RunView }>(`query($id:ID!){ run(id:$id){ ${RUN} } }`, { id }, officer)).data!.run;
  const until = async (id: string, done: (r: RunView) => boolean) => {
    for (let i = 0; i < 600; i++) {
      const r = await run(id);
      if (done(r)) return r;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`run ${id} did not get there`);
  };
  const start = async () => {
    const r = await t.gql<{ startConflictDetection: RunView }>(
      `mutation($r:ID!){ startConflictDetection(roundId:$r){ ${RUN} } }`,
      { r: roundId },
      officer,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.startConflictDetection;
  };
  const stored = async () =>
    (await t.db.query(`SELECT count(*)::int AS n FROM conflicts WHERE round_id = $1`, [roundId]))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    [{ id: roundId }] = await t.db.query(`SELECT id FROM review_rounds WHERE status = 'OPEN' LIMIT 1`);
  });
  afterAll(() => t.close());

  it('detects a round’s conflicts in the background, stage by stage, with the same result as at once', async () => {
    const queued = await start();
    expect(queued).toMatchObject({ kind: 'conflicts.detect', status: 'QUEUED' });
    const seen = new Set<string>();
    const done = await until(queued.id, (r) => {
      if (r.message) seen.add(r.message);
      return r.status === 'DONE' || r.status === 'FAILED';
    });
    expect(done).toMatchObject({ status: 'DONE', progress: 100 });
    const sync = await t.gql<{ detectConflicts: { pairs: number; reasons: number } }>(
      'mutation($r:ID!){ detectConflicts(roundId:$r){ pairs reasons } }',
      { r: roundId },
      officer,
    );
    expect(done.result).toEqual(sync.data!.detectConflicts);
    expect(await stored()).toBe(sync.data!.detectConflicts.reasons);
    // stages are said in both languages
    expect([...seen].every((m) => / \/ /.test(m))).toBe(true);
    // a reviewer cannot start or watch one
    const reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    const refused = await t.gql(`query($id:ID!){ run(id:$id){ id } }`, { id: queued.id }, reviewer);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await t.gql(`query{ run(id:"00000000-0000-0000-0000-000000000000"){ id } }`, {}, officer);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('a run cancelled while it works stops at its next stage and keeps nothing it was writing', async () => {
    const detected = await stored();
    expect(detected).toBeGreaterThan(0);
    // the stored detections cleared: a run that went on to the end would write them again
    await t.db.query(`DELETE FROM conflicts WHERE round_id = $1`, [roundId]);
    // another detection holds the lock: the run starts, reports its first stage and waits
    const holder = new Client({ connectionString: t.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended('conflict-detection', 0))`);
    const r = await start();
    await until(r.id, (x) => x.status === 'RUNNING');
    const cancelled = await t.gql<{ cancelRun: RunView }>(
      `mutation($id:ID!){ cancelRun(id:$id){ ${RUN} } }`,
      { id: r.id },
      officer,
    );
    expect(cancelled.data!.cancelRun).toMatchObject({ status: 'CANCELLED' });
    await holder.query('ROLLBACK'); // the lock goes
    await holder.end();
    // the run goes on to its next report, finds itself cancelled and rolls back
    await new Promise((res) => setTimeout(res, 1500));
    const after = await run(r.id);
    expect(after.status).toBe('CANCELLED');
    expect(after.result).toBeNull();
    expect(await stored()).toBe(0);
    // and a detection now writes them all again
    await t.gql('mutation($r:ID!){ detectConflicts(roundId:$r){ pairs } }', { r: roundId }, officer);
    expect(await stored()).toBe(detected);
    const [audit] = await t.db.query(`SELECT action, entity_id FROM audit_log WHERE action = 'run.cancel'`);
    expect(audit).toEqual({ action: 'run.cancel', entity_id: r.id });
    // cancelling an ended run changes nothing
    const again = await t.gql<{ cancelRun: RunView }>(
      `mutation($id:ID!){ cancelRun(id:$id){ status } }`,
      { id: r.id },
      officer,
    );
    expect(again.data!.cancelRun.status).toBe('CANCELLED');
  });

  it('a queued run cancelled before it starts never runs', async () => {
    const holder = new Client({ connectionString: t.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended('conflict-detection', 0))`);
    const first = await start();
    await until(first.id, (x) => x.status === 'RUNNING');
    // one run per round at a time: the second waits in the queue
    const second = await start();
    expect((await run(second.id)).status).toBe('QUEUED');
    await t.gql(`mutation($id:ID!){ cancelRun(id:$id){ status } }`, { id: second.id }, officer);
    await holder.query('ROLLBACK');
    await holder.end();
    expect((await until(first.id, (x) => x.status === 'DONE' || x.status === 'FAILED')).status).toBe('DONE');
    await new Promise((res) => setTimeout(res, 2500));
    expect(await run(second.id)).toMatchObject({ status: 'CANCELLED', progress: 0 });
  });
});

describe('a run queued here starts at once, not at the next poll', () => {
  let t: TestApp;
  // a worker that would otherwise ask the queue for work once an hour
  beforeAll(async () => {
    t = await startTestApp({ JOBS_POLL_SECONDS: '3600' });
    await seedDemo(t.app);
  });
  afterAll(() => t.close());

  it('the replica that queues a run wakes its own worker', async () => {
    const officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    const [{ id: roundId }] = await t.db.query(`SELECT id FROM review_rounds WHERE status = 'OPEN' LIMIT 1`);
    for (let k = 0; k < 2; k++) {
      const started = await t.gql<{ startConflictDetection: RunView }>(
        `mutation($r:ID!){ startConflictDetection(roundId:$r){ ${RUN} } }`,
        { r: roundId },
        officer,
      );
      expect(started.errors).toBeUndefined();
      const id = started.data!.startConflictDetection.id;
      let status = 'QUEUED';
      // an hour's poll away: done only because the worker was woken
      for (let i = 0; i < 200 && status !== 'DONE' && status !== 'FAILED'; i++) {
        await new Promise((res) => setTimeout(res, 100));
        status = (await t.gql<{ run: RunView }>(`query($id:ID!){ run(id:$id){ ${RUN} } }`, { id }, officer)).data!.run
          .status;
      }
      expect(status).toBe('DONE');
    }
  });
});
