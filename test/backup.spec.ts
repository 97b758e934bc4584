import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { seedDemo } from '../apps/api/src/seed/seed';
import { createTestDatabase, startTestApp } from './helpers/app';

const root = join(__dirname, '..');
const cli = (args: string[], url: string) =>
  spawnSync(process.execPath, ['scripts/cli.mjs', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'test' },
    encoding: 'utf8',
  });

/** Every table's rows as one digest per table (independent of physical order). */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (
      await c.query<{ t: string }>(
        // a partitioned table's rows are read through it (a restore puts them in its default partition)
        `SELECT relname AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')
            AND NOT relispartition AND relname <> 'migrations' ORDER BY 1`,
      )
    ).rows.map((r) => r.t);
    const out: Record<string, string> = {};
    for (const t of tables) {
      const r = await c.query<{ n: string; h: string | null }>(
        `SELECT count(*) AS n, md5(string_agg(x.j, '|' ORDER BY x.j)) AS h FROM (SELECT row_to_json(t)::text AS j FROM "${t}" t) x`,
      );
      out[t] = `${r.rows[0].n}:${r.rows[0].h ?? ''}`;
    }
    return out;
  } finally {
    await c.end();
  }
}

async function serverMajor(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  const r = await c.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  await c.end();
  return Math.floor(Number(r.rows[0].v) / 10000);
}

describe('npm run cli -- backup / restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backup-'));
  let source: string;
  let before: Record<string, string>;
  const dbs: { drop: () => Promise<void> }[] = [];
  beforeAll(async () => {
    // the source database outlives its app (closed below) and goes with the targets in afterAll
    const database = await createTestDatabase();
    dbs.push(database);
    const t = await startTestApp({}, { databaseUrl: database.url });
    await seedDemo(t.app);
    // text that must survive: Chinese, quotes, a backslash, a newline
    await t.db.query(
      `UPDATE applications SET title_zh = title_zh || E' “引号” \\\\ 换行\\n结束' WHERE id = (SELECT id FROM applications ORDER BY id LIMIT 1)`,
    );
    source = t.url;
    before = await fingerprint(source);
    // keep the database, close the app
    await t.app.close();
  }, 120_000);
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('round-trips the demo database through the built-in format: every row of every table, and the app works on the copy', async () => {
    const file = join(dir, 'demo.backup');
    const b = cli(['backup', '--out', file, '--tool', 'builtin'], source);
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    expect(b.stdout).toMatch(/backup written to .* with builtin \(\d+ tables, \d+ rows\)/);
    const target = await createTestDatabase();
    dbs.push(target);
    const r = cli(['restore', '--in', file], target.url);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = await fingerprint(target.url);
    expect(after).toEqual(before);
    const rows = Object.values(before).reduce((s, v) => s + Number(v.split(':')[0]), 0);
    console.log(
      `backup/restore (built-in): ${Object.keys(before).length} tables, ${rows} rows, ${statSync(file).size} bytes; every table identical after restore`,
    );
    // the copy is a working platform: passwords, and the audit trail still append-only
    const t = await startTestApp({}, { databaseUrl: target.url });
    try {
      const { accessToken } = await t.login('officer@demo.local', 'demo-officer');
      const me = await t.gql<{ me: { email: string } }>('{ me { email } }', {}, accessToken);
      expect(me.data!.me.email).toBe('officer@demo.local');
      await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    } finally {
      await t.app.close();
    }
  }, 120_000);

  it('refuses to overwrite data without --force, and a truncated file changes nothing', async () => {
    const file = join(dir, 'demo2.backup');
    expect(cli(['backup', '--out', file, '--tool', 'builtin'], source).status).toBe(0);
    const target = await createTestDatabase();
    dbs.push(target);
    expect(cli(['restore', '--in', file], target.url).status).toBe(0);
    const refused = cli(['restore', '--in', file], target.url);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/already holds data.*--force/);
    const cut = join(dir, 'cut.backup');
    const bytes = readFileSync(file);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const bad = cli(['restore', '--in', cut, '--force'], target.url);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/damaged|truncated/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(await fingerprint(target.url)).toEqual(before);
    const forced = cli(['restore', '--in', file, '--force'], target.url);
    expect(forced.status).toBe(0);
    expect(await fingerprint(target.url)).toEqual(before);
  }, 120_000);

  it('uses PostgreSQL’s own pg_dump / pg_restore when they can read the server', async () => {
    const v = spawnSync('pg_dump', ['--version'], { encoding: 'utf8' });
    const tool = /(\d+)/.exec(v.stdout ?? '')?.[1];
    const major = await serverMajor(source);
    if (!tool || Number(tool) < major) {
      // the embedded PostgreSQL has no pg_dump; `auto` must then fall back to the built-in format
      const file = join(dir, 'auto.backup');
      const b = cli(['backup', '--out', file], source);
      expect(b.status).toBe(0);
      expect(b.stderr).toMatch(/using the built-in logical backup/);
      expect(cli(['backup', '--out', file, '--tool', 'pg_dump'], source).stderr).toMatch(/--tool pg_dump/);
      console.log(`pg_dump ${tool ?? 'absent'} cannot read PostgreSQL ${major}: auto chose the built-in format`);
      return;
    }
    const file = join(dir, 'demo.dump');
    const b = cli(['backup', '--out', file], source);
    expect(b.status).toBe(0);
    expect(b.stdout).toMatch(/with pg_dump/);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('PGDMP');
    const target = await createTestDatabase();
    dbs.push(target);
    const r = cli(['restore', '--in', file], target.url);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(await fingerprint(target.url)).toEqual(before);
    console.log(`backup/restore (pg_dump ${tool} on PostgreSQL ${major}): every table identical after restore`);
  }, 120_000);
});
