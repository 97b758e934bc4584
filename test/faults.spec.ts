import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { runningPostmaster } from '../apps/api/src/common/database/embedded';
import { seedDemo } from '../apps/api/src/seed/seed';
import { createTestDatabase, startTestApp, type TestApp } from './helpers/app';
import { buildServer, freePort, gqlAt, root, startServer } from './helpers/process';

/**
 * Faults: the database going away under load, a graceful stop with requests in flight, and a
 * server killed outright on its embedded database. Each prints its figures.
 */

const SAVE = `mutation($a:ID!,$i:ReviewInput!,$v:Int){ saveReview(assignmentId:$a, input:$i, expectedVersion:$v){ id version } }`;
/**
 * An embedded PostgreSQL in its own process (the package is ESM-only, which Jest's CommonJS cannot
 * load): SIGTERM stops the database cleanly, as an administrator would.
 */
async function startPg(dataDir: string, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const mod = join(root, 'dist/apps/api/src/common/database/embedded.js');
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(mod)}).startEmbeddedDatabase(${JSON.stringify(dataDir)}, { log() {}, warn() {} }, { port: ${port} })
        .then((db) => { process.stdout.write(db.url + '\\n'); process.on('SIGTERM', () => db.stop().then(() => process.exit(0))); })
        .catch((e) => { console.error(e); process.exit(1); });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += String(c);
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Target {
  assignmentId: string;
  email: string;
}

/** Assignments of the open demo round not yet submitted, one per reviewer. */
async function targets(q: (sql: string) => Promise<Target[]>, n: number): Promise<Target[]> {
  return q(
    `SELECT DISTINCT ON (u.email) a.id AS "assignmentId", u.email FROM assignments a
       JOIN users u ON u.id = a.reviewer_id JOIN review_rounds r ON r.id = a.round_id
       LEFT JOIN reviews rv ON rv.assignment_id = a.id
      WHERE r.status = 'OPEN' AND a.status = 'ACTIVE' AND (rv.status IS NULL OR rv.status = 'DRAFT')
      ORDER BY u.email, a.id LIMIT ${n}`,
  );
}

describe('the database stops and restarts under load', () => {
  let t: TestApp;
  let dataDir: string;
  let port: number;
  let pg: Awaited<ReturnType<typeof startPg>>;
  beforeAll(async () => {
    buildServer();
    dataDir = mkdtempSync(join(tmpdir(), 'faults-pg-'));
    port = await freePort();
    pg = await startPg(dataDir, port);
    t = await startTestApp({}, { databaseUrl: pg.url });
    await seedDemo(t.app);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await pg?.stop();
  });

  it('answers 503 SERVICE_UNAVAILABLE meanwhile, recovers without a restart, and keeps every acknowledged write', async () => {
    const ts = await targets((sql) => t.db.query(sql), 8);
    expect(ts.length).toBeGreaterThanOrEqual(6);
    const tokens = await Promise.all(ts.map(async (x) => (await t.login(x.email, 'demo-reviewer')).accessToken));
    const acked: { reviewId: string; version: number; comment: string; phase: string }[] = [];
    const codes = new Map<string, number>();
    const statuses = new Set<number>();
    let phase = 'before';
    let running = true;
    const writer = async (k: number) => {
      let expected: number | undefined;
      const [row] = await t.db.query(`SELECT version FROM reviews WHERE assignment_id = $1`, [ts[k].assignmentId]);
      expected = row?.version;
      for (let n = 0; running; n++) {
        const comment = `writer ${k} write ${n}`;
        const r = await t.gql<{ saveReview: { id: string; version: number } }>(
          SAVE,
          { a: ts[k].assignmentId, i: { scores: [], commentToApplicant: comment }, v: expected },
          tokens[k],
        );
        statuses.add(r.status);
        if (r.data?.saveReview) {
          acked.push({ reviewId: r.data.saveReview.id, version: r.data.saveReview.version, comment, phase });
          expected = r.data.saveReview.version;
        } else {
          const code = String(r.errors?.[0]?.extensions?.code);
          codes.set(code, (codes.get(code) ?? 0) + 1);
          // a write whose answer was lost may have committed: learn the current version again
          if (code === 'VERSION_CONFLICT') {
            const me = await t.gql<{ myAssignments: { id: string; review: { version: number } | null }[] }>(
              '{ myAssignments { id review { version } } }',
              {},
              tokens[k],
            );
            expected = me.data?.myAssignments.find((a) => a.id === ts[k].assignmentId)?.review?.version ?? expected;
          }
          await sleep(50);
        }
        await sleep(10);
      }
    };
    const writers = ts.map((_, k) => writer(k));
    await sleep(1500);
    phase = 'down';
    await pg.stop();
    await sleep(2000);
    phase = 'restarted';
    pg = await startPg(dataDir, port);
    await sleep(3000);
    running = false;
    await Promise.all(writers);

    const during = codes.get('SERVICE_UNAVAILABLE') ?? 0;
    const after = acked.filter((a) => a.phase === 'restarted').length;
    // every acknowledged version of every review is in the audit trail written in its transaction,
    // and no review went back to an earlier version
    const audit: { entity_id: string; version: number }[] = await t.db.query(
      `SELECT entity_id, (after->>'version')::int AS version FROM audit_log WHERE action IN ('review.save', 'review.create')`,
    );
    const stored = new Set(audit.map((a) => `${a.entity_id}|${a.version}`));
    const missing = acked.filter((a) => !stored.has(`${a.reviewId}|${a.version}`));
    const current: { id: string; version: number }[] = await t.db.query(`SELECT id, version FROM reviews`);
    const currentOf = new Map(current.map((r) => [r.id, r.version]));
    const regressed = acked.filter((a) => (currentOf.get(a.reviewId) ?? 0) < a.version);
    console.log(
      `database restart under load: ${ts.length} writers, ${acked.length} writes acknowledged ` +
        `(${acked.filter((a) => a.phase === 'before').length} before, ${acked.filter((a) => a.phase === 'down').length} while stopping, ${after} after the restart), ` +
        `${acked.length - missing.length} of them found afterwards; refused: ${JSON.stringify(Object.fromEntries(codes))}; HTTP statuses ${[...statuses].join(', ')}`,
    );
    expect(during).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(ts.length); // recovered without restarting the API
    expect(missing).toEqual([]);
    expect(regressed).toEqual([]);
    for (const code of codes.keys()) expect(['SERVICE_UNAVAILABLE', 'VERSION_CONFLICT']).toContain(code);
    expect([...statuses].every((s) => s < 500 || s === 503)).toBe(true);
  }, 60_000);
});

describe('server processes', () => {
  beforeAll(() => buildServer(), 120_000);

  it('a graceful stop (SIGTERM) finishes a request in flight, then refuses new ones and exits 0', async () => {
    const db = await createTestDatabase();
    const s = await startServer({ databaseUrl: db.url, demo: true });
    try {
      const { login } = await gqlAt<{ login: { accessToken: string } }>(
        s.base,
        'mutation { login(email:"officer@demo.local", password:"demo-officer") { accessToken } }',
      );
      // a request whose body arrives in two parts, with SIGTERM in between
      const body = JSON.stringify({ query: '{ me { email } programs { id } }' });
      const url = new URL(`${s.base}/graphql`);
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: '/graphql',
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              authorization: `Bearer ${login.accessToken}`,
            },
          },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          s.child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(10)), 700);
        }, 300);
      });
      const r = await answer;
      expect([r.status, r.text.slice(0, 300)]).toEqual([200, expect.any(String)]);
      const parsed = JSON.parse(r.text) as { data: { me: { email: string }; programs: unknown[] } };
      expect(parsed.data.me.email).toBe('officer@demo.local');
      expect(await s.exited).toBe(0);
      await expect(fetch(`${s.base}/health`)).rejects.toThrow();
      console.log('graceful stop: the request in flight at SIGTERM was answered 200, then the process exited 0');
    } finally {
      s.child.kill('SIGKILL');
      await db.drop();
    }
  }, 120_000);

  it('the embedded database recovers after the server is killed (SIGKILL), with every acknowledged write', async () => {
    const first = await startServer({ databaseUrl: null, demo: true });
    const dataDir = first.dataDir;
    let second: Awaited<ReturnType<typeof startServer>> | null = null;
    try {
      const { login } = await gqlAt<{ login: { accessToken: string } }>(
        first.base,
        'mutation { login(email:"reviewer1@demo.local", password:"demo-reviewer") { accessToken } }',
      );
      const { myAssignments } = await gqlAt<{
        myAssignments: { id: string; round: { status: string }; review: { version: number; status: string } | null }[];
      }>(first.base, '{ myAssignments { id round { status } review { version status } } }', {}, login.accessToken);
      const a = myAssignments.find((x) => x.round.status === 'OPEN' && x.review?.status !== 'SUBMITTED')!;
      const saved = await gqlAt<{ saveReview: { version: number } }>(
        first.base,
        SAVE,
        { a: a.id, i: { scores: [], commentToApplicant: '断电前保存 / saved before the crash' }, v: a.review?.version },
        login.accessToken,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      // the postmaster outlives its parent: the next start must take it over
      const orphan = runningPostmaster(join(dataDir, 'pg'));
      second = await startServer({ databaseUrl: null, demo: true, dataDir });
      const again = await gqlAt<{ login: { accessToken: string } }>(
        second.base,
        'mutation { login(email:"reviewer1@demo.local", password:"demo-reviewer") { accessToken } }',
      );
      const after = await gqlAt<{
        myAssignments: { id: string; review: { version: number; commentToApplicant: string | null } | null }[];
      }>(second.base, '{ myAssignments { id review { version commentToApplicant } } }', {}, again.login.accessToken);
      const review = after.myAssignments.find((x) => x.id === a.id)!.review!;
      expect(review.version).toBe(saved.saveReview.version);
      expect(review.commentToApplicant).toBe('断电前保存 / saved before the crash');
      console.log(
        `embedded recovery: killed with ${orphan ? `PostgreSQL pid ${orphan.pid} left running` : 'no PostgreSQL left'}; restarted, the acknowledged review (version ${review.version}) is there`,
      );
    } finally {
      first.child.kill('SIGKILL');
      if (second) {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    }
  }, 180_000);
});
