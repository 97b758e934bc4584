import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
  /** the last 256 KB the server wrote to its standard output (its log) */
  output(): string;
}

/**
 * Starts the server; `databaseUrl: null` runs it on its embedded PostgreSQL in `dataDir`. The
 * server picks its own free port (PORT=0) and says which in its log: a port chosen here could be
 * taken by another test's server before this one binds it.
 */
export async function startServer(opts: {
  databaseUrl: string | null;
  /** DEMO_DATA=true / false, or null to leave it unset (the server's default applies) */
  demo: boolean | null;
  dataDir?: string;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'server-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    DEMO_DATA: opts.demo ? 'true' : 'false',
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    LOG_FORMAT: 'json',
    LOG_TEST: '1', // the log line that names the port (read below, not shown)
    ...opts.env,
  };
  if (opts.demo === null) delete env.DEMO_DATA;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    if (out.length > 512 * 1024) out = out.slice(-256 * 1024);
  });
  const port = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 120_000);
    child.stdout!.on('data', () => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
  const base = `http://127.0.0.1:${port}`;
  if (
    port !== null &&
    (await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    ))
  )
    return { base, child, dataDir, exited, output: () => out.slice(-256 * 1024) };
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

/** Stops a server started by {@link startServer} and removes its data folder. */
export async function stopServer(s: ServerProcess) {
  s.child.kill('SIGTERM');
  await s.exited;
  rmSync(s.dataDir, { recursive: true, force: true });
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
