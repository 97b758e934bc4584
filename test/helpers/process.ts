import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../apps/api/src/common/database/embedded';
import { TEST_JWT_SECRET } from './app';

export { freePort };

/** The compiled server as a child process (`dist/apps/api/src/main.js`, built when stale). */
export const root = join(__dirname, '..', '..');

export function buildServer() {
  spawnSync(process.execPath, [join(root, 'scripts/cli.mjs'), '--help'], { stdio: 'ignore' });
}

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  dataDir: string;
  exited: Promise<number | null>;
}

/** Starts the server; `databaseUrl: null` runs it on its embedded PostgreSQL in `dataDir`. */
export async function startServer(opts: {
  databaseUrl: string | null;
  /** DEMO_DATA=true / false, or null to leave it unset (the server's default applies) */
  demo: boolean | null;
  dataDir?: string;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'server-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    JWT_SECRET: TEST_JWT_SECRET,
    DEMO_DATA: opts.demo ? 'true' : 'false',
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    ...opts.env,
  };
  if (opts.demo === null) delete env.DEMO_DATA;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return { base, child, dataDir, exited };
    } catch {
      /* starting */
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

export async function gqlAt<T>(
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
