import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
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

/**
 * Starts the built application (`npm run build` first) on a free port with the demo data: on a
 * fresh database of DATABASE_URL's server when set, else on its own embedded PostgreSQL.
 */
export default async function globalSetup() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tianyuan-e2e-'));
  chmodSync(dataDir, 0o755);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO_DATA: 'true',
    NODE_ENV: 'development',
    LOG_FORMAT: 'json',
  };
  let dbName: string | null = null;
  if (process.env.DATABASE_URL) {
    dbName = `e2e_${randomBytes(4).toString('hex')}`;
    const c = new Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`CREATE DATABASE "${dbName}"`);
    await c.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/' + dbName;
    env.DATABASE_URL = u.toString();
  } else delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: false,
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/health`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error('the server did not become healthy in 90 s');
    await new Promise((r) => setTimeout(r, 300));
  }
  process.env.E2E_BASE_URL = base;
  writeFileSync(join(dataDir, 'e2e.json'), JSON.stringify({ pid: child.pid, dbName }));
  process.env.E2E_STATE = join(dataDir, 'e2e.json');
}
