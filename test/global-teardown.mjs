import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const e = globalThis.__EMBEDDED_PG__;
  if (e) {
    await e.pg.stop();
    rmSync(e.dir, { recursive: true, force: true });
  }
  // the run's temporary folder (test/global-setup.mjs), with whatever a test left in it
  if (process.env.TIANYUAN_RUN_TMP) rmSync(process.env.TIANYUAN_RUN_TMP, { recursive: true, force: true });
}
