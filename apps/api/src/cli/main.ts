import 'reflect-metadata';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../../ormconfig';
import { Role } from '../common/auth/role.enum';
import { ConfigError, loadConfig } from '../common/config/config';
import { startEmbeddedDatabase } from '../common/database/embedded';
import { AuditService } from '../audit/audit.service';
import { UsersService } from '../users/users.service';
import { CliError, parseArgs, type Args } from './args';
import { backup, restore, type BackupTool, type PgTools } from './backup';
import { CallInputError } from '@app/calls';
import { transactionOrPreview } from '../common/database/dry-run';
import { DomainError } from '../common/graphql/errors';
import { importCallInto } from '../programs/calls';
import { DirectionEntity } from '../programs/program.entity';
import { COMMANDS as JSON_COMMANDS } from './json-commands';
import { sampleFiles } from '../seed/sample-files';
import { writeJson } from './json-out';
import { documentStoreFor } from '../documents/document-store';
import { purgeExpired } from '../retention/purge';

/**
 * `npm run -s cli -- <command> [options]`. JSON commands (assign, conflicts, rank, eligibility) read
 * one file and write one; they call the same libs as the API. Database commands use DATABASE_URL
 * or the embedded cluster in DATA_DIR (joining it when the server is running).
 */
const USAGE = `usage: npm run -s cli -- <command> [options]

commands:
${Object.entries(JSON_COMMANDS)
  .map(([k, c]) => `  ${k.padEnd(12)} --in FILE [--out FILE|-]   ${c.summary}`)
  .join('\n')}
  create-user  --email E --role ROLE[,ROLE] [--name N]   create an account; the password is read from stdin
  import-call  --in FILE [--dry-run]                     import a call definition (docs/contract/call.md), all or nothing
  sample-files --out DIR [--applications N]              write sample institutions, experts, applications and publications files
  backup       --out FILE [--tool auto|pg_dump|builtin]   back up the database (pg_dump when it can read the server)
  restore      --in FILE [--force]                       restore a backup into an empty database (--force replaces one)
  purge-expired [--dry-run] [--now ISO-TIME]             remove what the calls keep past their retention (JSON report)
`;

/** The embedded database's progress stays quiet on the CLI; its warnings go to stderr. */
const quiet: Pick<Logger, 'log' | 'warn'> = {
  log: () => undefined,
  warn: (m: string) => void process.stderr.write(m + '\n'),
};

/**
 * The database URL for backup and restore: DATABASE_URL, or the embedded cluster's superuser (a
 * restore recreates the schema; the next start hands it back to the application's role).
 */
async function withUrl<T>(fn: (url: string, attached: boolean, tools: PgTools) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? null : await startEmbeddedDatabase(config.dataDir, quiet, { attach: true });
  try {
    return await fn(config.databaseUrl ?? embedded!.adminUrl, embedded?.attached ?? false, { binDir: config.pgBinDir });
  } finally {
    await embedded?.stop();
  }
}

async function backupCommand(args: Args) {
  const out = args.required('out');
  const tool = (args.optional('tool') ?? 'auto') as BackupTool;
  if (!['auto', 'pg_dump', 'builtin'].includes(tool)) throw new CliError('--tool: must be auto, pg_dump or builtin');
  const t0 = performance.now();
  const r = await withUrl((url, _attached, tools) =>
    backup(url, out, tool, (m) => process.stderr.write(m + '\n'), tools),
  );
  const size = statSync(out).size;
  process.stdout.write(
    `backup written to ${out} with ${r.tool}${r.tables !== null ? ` (${r.tables} tables, ${r.rows} rows)` : ''}, ${size} bytes in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

async function restoreCommand(args: Args) {
  const input = args.required('in');
  const force = args.flag('force');
  const t0 = performance.now();
  const r = await withUrl((url, attached, tools) => {
    if (attached) throw new CliError('the server is running on this DATA_DIR: stop it before restoring');
    return restore(url, input, force, tools);
  });
  process.stdout.write(
    `restored ${input} with ${r.tool}${r.tables !== null ? ` (${r.tables} tables, ${r.rows} rows)` : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

async function withDatabase<T>(fn: (db: DataSource) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? null : await startEmbeddedDatabase(config.dataDir, quiet, { attach: true });
  const db = new DataSource(
    dataSourceOptions(config.databaseUrl ?? embedded!.url, {
      statementTimeoutMs: config.dbStatementTimeoutMs,
      poolMax: config.dbPoolMax,
    }),
  );
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
    await embedded?.protectAudit();
    return await fn(db);
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

async function createUser(args: Args) {
  const email = args.required('email');
  const roles = args
    .required('role')
    .split(',')
    .map((r) => r.trim().toUpperCase());
  for (const r of roles) {
    if (!Object.values(Role).includes(r as Role))
      throw new CliError(`--role: '${r}' is not one of ADMIN, PROGRAM_OFFICER, REVIEWER`);
  }
  const password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (!password)
    throw new CliError('password: none on standard input (pipe it in: echo "…" | npm run cli -- create-user …)');
  await withDatabase(async (db) => {
    const users = new UsersService(db, new AuditService(db));
    try {
      const u = await users.create(
        { email, name: args.optional('name') ?? email.split('@')[0], roles: roles as Role[], password },
        null,
      );
      process.stdout.write(`created ${u.email} (${u.roles.join(', ')}) id ${u.id}\n`);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  });
}

/** A call definition into the configured database; every problem of the file by its JSON path. */
async function importCall(args: Args) {
  const inPath = args.required('in');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(inPath, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(
      err.code === 'ENOENT' ? `--in: no such file ${inPath}` : `--in: ${inPath} is not valid JSON (${err.message})`,
    );
  }
  const dryRun = args.flag('dry-run');
  await withDatabase(async (db) => {
    try {
      await transactionOrPreview(db, dryRun, async (m) => {
        const p = await importCallInto(m, raw, null, new AuditService(db));
        const n = await m.count(DirectionEntity, { where: { programId: p.id } });
        process.stdout.write(
          `${dryRun ? 'valid (nothing written)' : 'imported'}: ${p.code} ${p.year}, ${n} directions, id ${dryRun ? '—' : p.id}\n`,
        );
      });
    } catch (e) {
      if (e instanceof CallInputError)
        throw new CliError(
          `${inPath} is not a valid call:\n${e.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
        );
      if (e instanceof DomainError) throw new CliError(e.message);
      throw e;
    }
  });
}

/** What the calls keep past their retention goes (the nightly job's work, by hand); a JSON report. */
async function purgeCommand(args: Args) {
  const nowRaw = args.optional('now');
  const now = nowRaw === undefined ? new Date() : new Date(nowRaw);
  if (Number.isNaN(now.getTime())) throw new CliError('--now: an ISO time such as 2031-01-01T00:00:00+08:00');
  const dryRun = args.flag('dry-run');
  const store = documentStoreFor(loadConfig());
  await withDatabase(async (db) => {
    const done = await purgeExpired(db, new AuditService(db), store, { now, dryRun, actorId: null });
    writeJson(1, { dryRun, now: now.toISOString(), calls: done });
  });
}

/** Sample import files (from the demo's data) for trying a year from an empty database. */
function sampleFilesCommand(args: Args) {
  const dir = args.required('out');
  const n = args.optional('applications');
  const count = n === undefined ? undefined : Number(n);
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 40))
    throw new CliError('--applications: a whole number from 1 to 40');
  mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(sampleFiles({ applications: count }))) {
    writeFileSync(join(dir, name), body);
    process.stdout.write(`${join(dir, name)}\n`);
  }
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const args = parseArgs(rest);
  const json = JSON_COMMANDS[command];
  if (json) {
    const inPath = args.required('in');
    let input: unknown;
    try {
      input = JSON.parse(readFileSync(inPath, 'utf8'));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new CliError(
        err.code === 'ENOENT' ? `--in: no such file ${inPath}` : `--in: ${inPath} is not valid JSON (${err.message})`,
      );
    }
    // the output replaces the input, which can then be collected while the output is written
    input = json.run(input);
    const out = args.optional('out');
    if (!out || out === '-') writeJson(1, input);
    else {
      const fd = openSync(out, 'w');
      try {
        writeJson(fd, input);
      } finally {
        closeSync(fd);
      }
    }
    return;
  }
  if (command === 'create-user') return createUser(args);
  if (command === 'import-call') return importCall(args);
  if (command === 'sample-files') return sampleFilesCommand(args);
  if (command === 'backup') return backupCommand(args);
  if (command === 'restore') return restoreCommand(args);
  if (command === 'purge-expired') return purgeCommand(args);
  throw new CliError(`unknown command '${command}'\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    if (e instanceof CliError || e instanceof ConfigError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: unexpected failure: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  },
);
