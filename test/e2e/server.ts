import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const root = join(__dirname, '..', '..');
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

export interface AppServer {
  base: string;
  pid: number;
  dataDir: string;
  /** the database made for it on DATABASE_URL's server (null: its own embedded PostgreSQL) */
  dbName: string | null;
  /** runs the CLI against this server's database (`npm run -s cli -- …`) */
  cli(args: string[], input?: string): { status: number | null; stdout: string; stderr: string };
  /** one GraphQL call to this server (with a bearer token when given); errors thrown */
  gql<T>(query: string, variables?: object, token?: string): Promise<T>;
  /** signs in through the API and answers the access token */
  login(email: string, password: string): Promise<string>;
  /** one SQL statement on this server's database, as the application's role (to plant data at scale) */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** a connection of its own to this server's database, as the application's role (end it when done) */
  connect(): Promise<Client>;
  stop(): Promise<void>;
}

/**
 * The built application (`npm run build` first) on a free port: with the demo data, or as a
 * newcomer starts it (an empty database, DEMO_DATA=false); on a fresh database of DATABASE_URL's
 * server when set, else on its own embedded PostgreSQL.
 */
export async function startServer(opts: { demo: boolean; name: string }): Promise<AppServer> {
  const connect = async () => {
    let url: string;
    if (dbName) url = env.DATABASE_URL;
    else {
      // the embedded cluster: the application's generated password and the postmaster's port
      const creds = JSON.parse(readFileSync(join(dataDir, 'pg-credentials.json'), 'utf8')) as { app: string };
      const port = readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')
        .split('\n')[3]
        .trim();
      url = `postgres://app:${encodeURIComponent(creds.app)}@127.0.0.1:${port}/app`;
    }
    const c = new Client({ connectionString: url });
    await c.connect();
    return c;
  };
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `tianyuan-${opts.name}-`));
  chmodSync(dataDir, 0o755);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO_DATA: opts.demo ? 'true' : 'false',
    NODE_ENV: 'development',
    LOG_FORMAT: 'json',
  };
  let dbName: string | null = null;
  if (process.env.DATABASE_URL) {
    dbName = `e2e_${opts.name}_${randomBytes(4).toString('hex')}`;
    const c = new Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`CREATE DATABASE "${dbName}"`);
    await c.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/' + dbName;
    env.DATABASE_URL = u.toString();
  } else delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error('the server did not become healthy in 90 s');
    await new Promise((r) => setTimeout(r, 300));
  }
  const gql = async <T>(query: string, variables: object = {}, token?: string): Promise<T> => {
    const r = await fetch(base + '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await r.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data as T;
  };
  return {
    base,
    pid: child.pid!,
    dataDir,
    dbName,
    gql,
    login: async (email, password) =>
      (
        await gql<{ login: { accessToken: string } }>(
          'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ accessToken } }',
          { e: email, p: password },
        )
      ).login.accessToken,
    connect,
    sql: async <T>(text: string, params: unknown[] = []) => {
      const c = await connect();
      try {
        return (await c.query(text, params)).rows as T[];
      } finally {
        await c.end();
      }
    },
    cli: (args, input = '') => {
      const r = spawnSync(process.execPath, [join(root, 'scripts/cli.mjs'), ...args], {
        cwd: root,
        env,
        input,
        encoding: 'utf8',
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    async stop() {
      child.kill('SIGTERM');
      for (let i = 0; i < 150 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      if (dbName && process.env.DATABASE_URL) {
        const c = new Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
        await c.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
