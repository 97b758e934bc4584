import { rmSync } from 'node:fs';
import pg from 'pg';

/**
 * The test databases of this run that are still there: a suite whose worker Jest stopped before
 * its afterAll (or one that failed half-way) leaves its database; on the machine's PostgreSQL
 * (DATABASE_URL) it would stay for good.
 */
async function dropLeftDatabases() {
  const admin = process.env.TEST_PG_ADMIN_URL;
  const run = process.env.TIANYUAN_TEST_RUN;
  if (!admin || !run || !/^[0-9a-f]{8}$/.test(run)) return;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`t\\_${run}\\_%`]);
    for (const { datname } of rows) {
      await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      console.log(`[tests] dropped ${datname}, which a suite left behind`);
    }
  } finally {
    await c.end();
  }
}

export default async function globalTeardown() {
  await dropLeftDatabases().catch((e) => console.error(`[tests] could not drop the run's databases: ${e.message}`));
  const e = globalThis.__EMBEDDED_PG__;
  if (e) {
    await e.pg.stop();
    rmSync(e.dir, { recursive: true, force: true });
  }
  // the run's temporary folder (test/global-setup.mjs), with whatever a test left in it
  if (process.env.TIANYUAN_RUN_TMP) rmSync(process.env.TIANYUAN_RUN_TMP, { recursive: true, force: true });
}
