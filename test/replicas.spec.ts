import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TEST_JWT_SECRET } from './helpers/app';

const root = join(__dirname, '..');
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

async function startProcess(url: string, demo: boolean): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      JWT_SECRET: TEST_JWT_SECRET,
      DEMO_DATA: demo ? 'true' : 'false',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'replica-')),
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return { base, child };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('replica did not start');
}

async function gql<T>(
  base: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const r = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

describe('two API processes on one database', () => {
  let a: { base: string; child: ChildProcess };
  let b: { base: string; child: ChildProcess };
  let drop: () => Promise<void>;
  let url: string;
  beforeAll(async () => {
    // the compiled server (built when stale, as the CLI does)
    spawnSync(process.execPath, [join(root, 'scripts/cli.mjs'), '--help'], { stdio: 'ignore' });
    const db = await createTestDatabase();
    drop = db.drop;
    url = db.url;
    a = await startProcess(url, true);
    b = await startProcess(url, false);
  }, 120000);
  afterAll(async () => {
    for (const p of [a, b]) p?.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await drop();
  });

  it('a token from one works on the other; a job started through one runs once and is visible through the other', async () => {
    const { login } = await gql<{ login: { accessToken: string } }>(
      a.base,
      'mutation { login(email:"officer@demo.local", password:"demo-officer") { accessToken } }',
    );
    const token = login.accessToken;
    const { programs } = await gql<{ programs: { rounds: { id: string; kind: string }[] }[] }>(
      b.base,
      '{ programs { rounds { id kind } } }',
      {},
      token,
    );
    const roundId = programs[0].rounds.find((r) => r.kind === 'MIDTERM')!.id;
    const runs: string[] = [];
    for (let i = 0; i < 6; i++) {
      const via = i % 2 ? b : a;
      const r = await gql<{ generateAssignments: { id: string } }>(
        via.base,
        'mutation($r:ID!){ generateAssignments(roundId:$r){ id } }',
        { r: roundId },
        token,
      );
      runs.push(r.generateAssignments.id);
    }
    for (const id of runs) {
      let status = '';
      for (let i = 0; i < 300 && status !== 'DONE' && status !== 'FAILED'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const via = runs.indexOf(id) % 2 ? a : b; // read through the other process
        status = (
          await gql<{ assignmentRun: { status: string } }>(
            via.base,
            'query($id:ID!){ assignmentRun(id:$id){ status } }',
            { id },
            token,
          )
        ).assignmentRun.status;
      }
      expect(status).toBe('DONE');
    }
    const { Client } = await import('pg');
    const c = new Client({ connectionString: url });
    await c.connect();
    const rows = (await c.query(`SELECT attempts, locked_by FROM jobs WHERE id = ANY($1)`, [runs])).rows as {
      attempts: number;
      locked_by: string;
    }[];
    await c.end();
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r.attempts).toBe(1);
    const workers = new Set(rows.map((r) => r.locked_by));
    console.log(`6 jobs over 2 processes: each ran once; workers used: ${workers.size}`);
  }, 120000);
});
