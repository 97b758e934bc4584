import type { ChildProcess } from 'node:child_process';
import { createTestDatabase } from './helpers/app';
import { buildServer, gqlAt as gql, startServer } from './helpers/process';

const startProcess = (url: string, demo: boolean) => startServer({ databaseUrl: url, demo });

describe('two API processes on one database', () => {
  let a: { base: string; child: ChildProcess };
  let b: { base: string; child: ChildProcess };
  let drop: () => Promise<void>;
  let url: string;
  beforeAll(async () => {
    buildServer();
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

  it('a token from one works on the other; runs started through both run once each, one at a time per round, visible through the other', async () => {
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
    const rows = (
      await c.query(
        `SELECT attempts, locked_by, locked_at, finished_at FROM jobs WHERE id = ANY($1) ORDER BY locked_at`,
        [runs],
      )
    ).rows as { attempts: number; locked_by: string; locked_at: Date; finished_at: Date }[];
    await c.end();
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r.attempts).toBe(1);
    // one run per round at a time: each starts after the one before it finished
    for (let i = 1; i < rows.length; i++)
      expect(rows[i].locked_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1].finished_at.getTime());
    const workers = new Set(rows.map((r) => r.locked_by));
    console.log(`6 runs of one round over 2 processes: each ran once, none overlapping; workers used: ${workers.size}`);
  }, 120000);
});
