import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  openSync,
  readSync,
  closeSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../../ormconfig';
import { MIGRATIONS } from '../migrations';
import { CliError } from './args';

/**
 * Backup and restore of the whole database.
 *
 * - `pg_dump` / `pg_restore` (custom format) when PostgreSQL's own tools are installed in a
 *   version that can read the server (PG_BIN_DIR, else PATH): the usual choice for an external
 *   PostgreSQL.
 * - Otherwise a built-in logical backup: one REPEATABLE READ snapshot of every table, streamed as
 *   gzip'd JSON lines (a header with the schema's migrations, then each table's rows), ended by a
 *   completeness marker. The embedded PostgreSQL ships without pg_dump, so this is its default.
 *   Restore runs the migrations on an empty database and loads every row in one transaction
 *   (constraints and triggers deferred by `session_replication_role = replica`), or nothing.
 *
 * Files are written next to the target and renamed at the end: an interrupted backup never
 * leaves a file that looks complete.
 */
export type BackupTool = 'auto' | 'pg_dump' | 'builtin';
const FORMAT = 'tianyuan-backup';
const BATCH = 2000;
/**
 * The schema's tables, each once: a partitioned table stands for its partitions (the conflicts of
 * each round), so its rows are read and written through it, and land in the default partition
 * until the round's next detection.
 */
const TABLES = `SELECT c.relname AS table_name FROM pg_class c
                 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                   AND c.relname <> 'migrations'`;

interface Header {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  server: string;
  migrations: string[];
}

/** Where pg_dump and pg_restore are looked for: PG_BIN_DIR (through the configuration), else PATH. */
export interface PgTools {
  binDir: string | null;
}

function pgTool(name: 'pg_dump' | 'pg_restore', tools: PgTools): string | null {
  const bin = tools.binDir ? join(tools.binDir, name) : name;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? bin : null;
}

function toolMajor(bin: string): number {
  const m = /(\d+)(?:\.\d+)?/.exec(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout ?? '');
  return m ? Number(m[1]) : 0;
}

async function serverMajor(url: string): Promise<{ major: number; version: string }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ server_version_num: string; server_version: string }>(
      `SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version`,
    );
    return { major: Math.floor(Number(r.rows[0].server_version_num) / 10000), version: r.rows[0].server_version };
  } finally {
    await c.end();
  }
}

/** pg_dump when it can read this server, else the built-in format; `tool` forces one. */
async function chooseTool(
  url: string,
  tool: BackupTool,
  log: (m: string) => void,
  tools: PgTools,
): Promise<'pg_dump' | 'builtin'> {
  if (tool === 'builtin') return 'builtin';
  const bin = pgTool('pg_dump', tools);
  const { major } = await serverMajor(url);
  const usable = bin !== null && toolMajor(bin) >= major;
  if (tool === 'pg_dump' && !usable)
    throw new CliError(
      `--tool pg_dump: ${bin ? `pg_dump ${toolMajor(bin)} cannot dump a PostgreSQL ${major} server` : 'pg_dump not found (set PG_BIN_DIR)'}`,
    );
  if (!usable)
    log(
      `${bin ? `pg_dump ${toolMajor(bin)} cannot read PostgreSQL ${major}` : 'pg_dump is not installed'}: using the built-in logical backup`,
    );
  return usable ? 'pg_dump' : 'builtin';
}

export async function backup(
  url: string,
  out: string,
  tool: BackupTool,
  log: (m: string) => void,
  tools: PgTools = { binDir: null },
) {
  const chosen = await chooseTool(url, tool, log, tools);
  const tmp = `${out}.partial`;
  rmSync(tmp, { force: true });
  if (chosen === 'pg_dump') {
    const r = spawnSync(
      pgTool('pg_dump', tools)!,
      ['--format=custom', '--no-owner', '--no-privileges', '--file', tmp, url],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new CliError(`pg_dump failed: ${r.stderr.trim()}`);
    renameSync(tmp, out);
    return { tool: chosen, tables: null as number | null, rows: null as number | null };
  }
  const c = new Client({ connectionString: url });
  await c.connect();
  const gz = createGzip();
  const file = createWriteStream(tmp, { mode: 0o600 });
  gz.pipe(file);
  const write = async (obj: unknown) => {
    if (!gz.write(JSON.stringify(obj) + '\n')) await new Promise((r) => gz.once('drain', r));
  };
  let tables = 0;
  let rows = 0;
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const version = (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v;
    const migrations = (await c.query<{ name: string }>(`SELECT name FROM migrations ORDER BY id`)).rows.map(
      (r) => r.name,
    );
    const header: Header = {
      format: FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      server: version,
      migrations,
    };
    await write(header);
    const names = (await c.query<{ table_name: string }>(`${TABLES} ORDER BY table_name`)).rows.map(
      (r) => r.table_name,
    );
    for (const table of names) {
      const q = `"${table.replace(/"/g, '""')}"`;
      await write({ table });
      await c.query(`DECLARE backup_cursor NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${q} t`);
      let n = 0;
      for (;;) {
        const batch = await c.query<{ j: string }>(`FETCH ${BATCH} FROM backup_cursor`);
        for (const r of batch.rows) {
          if (!gz.write(r.j + '\n')) await new Promise((res) => gz.once('drain', res));
        }
        n += batch.rows.length;
        if (batch.rows.length < BATCH) break;
      }
      await c.query('CLOSE backup_cursor');
      await write({ end: table, rows: n });
      tables++;
      rows += n;
    }
    await write({ complete: true, tables, rows });
    await c.query('COMMIT');
  } finally {
    await c.end();
    gz.end();
    await finished(file);
  }
  renameSync(tmp, out);
  return { tool: chosen, tables, rows };
}

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  const b = Buffer.alloc(5);
  readSync(fd, b, 0, 5, 0);
  closeSync(fd);
  if (b.subarray(0, 5).toString('latin1') === 'PGDMP') return false;
  if (b[0] === 0x1f && b[1] === 0x8b) return true;
  throw new CliError(`--in: ${path} is neither a pg_dump custom-format file nor a ${FORMAT} file`);
}

/** Refuses a database that already holds data unless `force` (which replaces everything). */
async function prepareTarget(url: string, force: boolean) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    if (Number(tables.rows[0].n) > 0) {
      const users = await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_class WHERE relname = 'users' AND relkind = 'r'`,
      );
      const nonEmpty =
        Number(users.rows[0].n) > 0 &&
        Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM users')).rows[0].n) > 0;
      if (nonEmpty && !force)
        throw new CliError(
          'the database already holds data: restore into an empty database, or add --force to replace it',
        );
    }
    await c.query('DROP SCHEMA IF EXISTS public CASCADE');
    await c.query('CREATE SCHEMA public');
  } finally {
    await c.end();
  }
}

/** Reads a built-in backup to its end: a truncated or corrupt file is refused before anything is dropped. */
async function verify(input: string) {
  const lines = createInterface({ input: createReadStream(input).pipe(createGunzip()), crlfDelay: Infinity });
  let last = '';
  try {
    for await (const line of lines) if (line) last = line;
  } catch (e) {
    throw new CliError(`--in: ${input} is damaged (${(e as Error).message}): nothing was restored`);
  }
  if (!last.startsWith('{"complete":'))
    throw new CliError(`--in: ${input} is truncated (no completeness marker): nothing was restored`);
}

export async function restore(url: string, input: string, force: boolean, tools: PgTools = { binDir: null }) {
  if (!existsSync(input)) throw new CliError(`--in: no such file ${input}`);
  const gzip = isGzip(input);
  if (gzip) await verify(input);
  if (!gzip) {
    const bin = pgTool('pg_restore', tools);
    if (!bin) throw new CliError('pg_restore is not installed (set PG_BIN_DIR): this file was made by pg_dump');
    await prepareTarget(url, force);
    const r = spawnSync(
      bin,
      ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', '-d', url, input],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new CliError(`pg_restore failed: ${r.stderr.trim()}`);
    return { tool: 'pg_restore', tables: null as number | null, rows: null as number | null };
  }
  // read the whole file once to check it before touching the database
  const lines = createInterface({ input: createReadStream(input).pipe(createGunzip()), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  let header: Header;
  try {
    header = JSON.parse(String(first.value)) as Header;
  } catch {
    throw new CliError(`--in: ${input} does not start with a ${FORMAT} header`);
  }
  if (header.format !== FORMAT || header.version !== 1) throw new CliError(`--in: ${input} is not a ${FORMAT} v1 file`);
  const known = MIGRATIONS.map((m) => m.name);
  const unknown = header.migrations.filter((m) => !known.includes(m));
  if (unknown.length)
    throw new CliError(
      `the backup comes from a newer version of the platform (migrations ${unknown.join(', ')}): upgrade first`,
    );
  await prepareTarget(url, force);
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'all' });
  } finally {
    await ds.destroy();
  }
  const c = new Client({ connectionString: url });
  await c.connect();
  let tables = 0;
  let rows = 0;
  let complete = false;
  try {
    await c.query('BEGIN');
    await c.query(`SET LOCAL session_replication_role = replica`);
    // the migrations may have written rows of their own: the backup's rows replace them
    const existing = (await c.query<{ table_name: string }>(TABLES)).rows.map((r) => r.table_name);
    if (existing.length) await c.query(`TRUNCATE ${existing.map((t) => `"${t}"`).join(', ')}`);
    let table: string | null = null;
    let columns: string[] | null = null;
    let batch: string[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const q = `"${table.replace(/"/g, '""')}"`;
      columns ??= Object.keys(JSON.parse(batch[0]) as object);
      const cols = columns.map((k) => `"${k.replace(/"/g, '""')}"`).join(', ');
      await c.query(`INSERT INTO ${q} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${q}, $1::json)`, [
        `[${batch.join(',')}]`,
      ]);
      rows += batch.length;
      batch = [];
    };
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const line = String(next.value);
      if (line.startsWith('{"table":')) {
        table = (JSON.parse(line) as { table: string }).table;
        if (!existing.includes(table))
          throw new CliError(`the backup has a table '${table}' this version does not know`);
        columns = null;
      } else if (line.startsWith('{"end":')) {
        await flush();
        tables++;
        table = null;
      } else if (line.startsWith('{"complete":')) {
        complete = true;
      } else if (table) {
        batch.push(line);
        if (batch.length >= BATCH) await flush();
      }
    }
    if (!complete) throw new CliError(`--in: ${input} is truncated (no completeness marker): nothing was restored`);
    // serial columns continue after the restored rows
    const serials = await c.query<{ tbl: string; col: string; seq: string }>(
      `SELECT c.table_name AS tbl, c.column_name AS col, pg_get_serial_sequence(format('%I', c.table_name), c.column_name) AS seq
         FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.column_default LIKE 'nextval(%'`,
    );
    for (const s of serials.rows) {
      if (!s.seq) continue;
      await c.query(
        `SELECT setval($1, COALESCE((SELECT max("${s.col}") FROM "${s.tbl}"), 1), (SELECT max("${s.col}") FROM "${s.tbl}") IS NOT NULL)`,
        [s.seq],
      );
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
  return { tool: 'builtin', tables, rows };
}
