// The API as the benchmarks start it: production mode on its own embedded PostgreSQL.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor(url, ms = 90000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer`);
}

/**
 * The API as `npm run start:prod` starts it (production, heap sized at 1 GiB unless `heapMb` says) on its own embedded
 * PostgreSQL with the demo data; `stop()` sends SIGTERM and leaves it time to stop the database.
 */
export async function startApi(dirPrefix, env, onLine, heapMb = 1024) {
  const [apiPort, pgPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), dirPrefix));
  const proc = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, join(root, 'dist/apps/api/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-' + 'x9Y2'.repeat(10),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      PORT: String(apiPort),
      DEMO_DATA: 'true',
      LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', onLine ? 'pipe' : 'ignore', 'pipe'],
  });
  // the last of what the server wrote to stderr, and how it ended, for a benchmark that saw it die
  let stderrTail = '';
  proc.stderr.on('data', (d) => (stderrTail = (stderrTail + d).slice(-2000)));
  const exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal, stderr: stderrTail })));
  // the server's log lines (JSON), for benchmarks that read its stage timings
  if (onLine) createInterface({ input: proc.stdout }).on('line', onLine);
  const base = `http://127.0.0.1:${apiPort}`;
  const stop = async () => {
    proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 2000));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${base}/health`);
  } catch (e) {
    await stop();
    throw e;
  }
  // the application's own role, with the password the server generated into DATA_DIR
  const creds = JSON.parse(readFileSync(join(env.DATA_DIR ?? dataDir, 'pg-credentials.json'), 'utf8'));
  return {
    pid: proc.pid,
    exited,
    base,
    dbUrl: `postgres://app:${encodeURIComponent(creds.app)}@127.0.0.1:${pgPort}/app`,
    stop,
  };
}
