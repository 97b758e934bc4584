import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

type RunView = { id: string; kind: string; status: string; progress: number; message: string | null; result: unknown };
const RUN = 'id kind status progress message result';

/**
 * An upload is worked on while its request waits; with `?run=<id>` (an id the client draws) the
 * work is a tracked run: the client reads its stage and per cent meanwhile and may cancel it, and
 * then nothing of the import is stored.
 */
describe('imports as tracked runs: stage, per cent, cancel', () => {
  let t: TestApp;
  let officer: string;
  const HEAD = 'expert_id,name,name_en,emails,orcid,title,disciplines,application_codes,keywords,institution,from,to';
  const CSV = `${HEAD}\n${Array.from(
    { length: 120 },
    (_, i) => `RUN-${i},进度专家${i},,run${i}@pku.edu.cn,,,MATH,,,北京大学,2019,`,
  ).join('\n')}\n`;
  const post = (path: string, body: string) =>
    t.http.post(path).set('authorization', `Bearer ${officer}`).attach('file', Buffer.from(body), 'experts.csv');
  const run = async (id: string) => {
    const r = await t.gql<{ run: RunView }>(`query($id:ID!){ run(id:$id){ ${RUN} } }`, { id }, officer);
    return r.data?.run ?? null;
  };
  const until = async (id: string, done: (r: RunView) => boolean) => {
    for (let i = 0; i < 300; i++) {
      const r = await run(id);
      if (r && done(r)) return r;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`run ${id} did not get there`);
  };
  const experts = async () =>
    Number((await t.db.query(`SELECT count(*) AS n FROM persons WHERE name LIKE '进度专家%'`))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
  });
  afterAll(() => t.close());

  it('an import waiting on another one shows its stage; cancelled, it stores nothing and says so on `run`', async () => {
    // another import holds the import lock: this one checks its rows, then waits in its transaction
    const holder = new Client({ connectionString: t.url });
    await holder.connect();
    const id = randomUUID();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(7210002)');
      const pending = post(`/imports/experts?run=${id}`, CSV).then((r) => r);
      const waiting = await until(id, (r) => r.status === 'RUNNING' && r.progress >= 10);
      expect(waiting).toMatchObject({ kind: 'import.experts', status: 'RUNNING' });
      expect(waiting.message).toMatch(/checking 120 rows \/ 校验 120 行/);
      const cancelled = await t.gql<{ cancelRun: RunView }>(
        `mutation($id:ID!){ cancelRun(id:$id){ ${RUN} } }`,
        { id },
        officer,
      );
      expect(cancelled.data!.cancelRun.status).toBe('CANCELLED');
      await holder.query('ROLLBACK'); // the lock goes: the import reaches its next report and stops
      const answer = await pending;
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ field: 'run' });
      expect(answer.body.message).toMatch(/cancelled; nothing was stored/);
      expect(await experts()).toBe(0);
      expect(await run(id)).toMatchObject({ status: 'CANCELLED' });
    } finally {
      await holder.end();
    }
  });

  it('an import that runs through reports its stages up to DONE, with its answer as the result', async () => {
    const id = randomUUID();
    const seen = new Set<string>();
    const pending = post(`/imports/experts?run=${id}`, CSV);
    let answer: Awaited<typeof pending> | null = null;
    void pending.then((r) => (answer = r));
    // watch while it works (it may be quick: whatever was seen must be in order)
    let last = -1;
    while (!answer) {
      const r = await run(id);
      if (r?.message) seen.add(r.message);
      if (r) {
        expect(r.progress).toBeGreaterThanOrEqual(last);
        last = r.progress;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    const done = answer as Awaited<typeof pending>;
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ created: 120 });
    const finished = await run(id);
    expect(finished).toMatchObject({ status: 'DONE', progress: 100, kind: 'import.experts' });
    expect(finished!.result).toEqual(done.body);
    expect(await experts()).toBe(120);
  });

  it('refuses a run id that is not a UUID or is taken, naming `run`; without one the import is as before', async () => {
    const bad = await post('/imports/experts?run=not-a-uuid', CSV);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('run');
    const id = randomUUID();
    const first = await post(`/imports/institutions?run=${id}&dryRun=true`, 'name\n进度测试单位\n');
    expect(first.status).toBe(201);
    const again = await post(`/imports/institutions?run=${id}&dryRun=true`, 'name\n进度测试单位\n');
    expect(again.status).toBe(400);
    expect(again.body.field).toBe('run');
    expect(again.body.message).toMatch(/taken/);
    // two uploads racing under one fresh id: one is tracked, the other refused on `run`
    const raced = randomUUID();
    const both = await Promise.all([
      post(`/imports/institutions?run=${raced}&dryRun=true`, 'name\n进度测试单位\n'),
      post(`/imports/institutions?run=${raced}&dryRun=true`, 'name\n进度测试单位\n'),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 400]);
    expect(both.find((r) => r.status === 400)!.body.field).toBe('run');
    const plain = await post('/imports/institutions?dryRun=true', 'name\n进度测试单位\n');
    expect(plain.status).toBe(201);
    // a reviewer cannot watch an officer's import
    const reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    const refused = await t.gql(`query($id:ID!){ run(id:$id){ id } }`, { id }, reviewer);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
