import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './server';

/**
 * Starts the built application (`npm run build` first) with the demo data, for every browser test
 * but the ones that start their own (an empty database); global-teardown.ts stops it.
 */
export default async function globalSetup() {
  const server = await startServer({ demo: true, name: 'e2e' });
  process.env.E2E_BASE_URL = server.base;
  writeFileSync(join(server.dataDir, 'e2e.json'), JSON.stringify({ pid: server.pid, dbName: server.dbName }));
  process.env.E2E_STATE = join(server.dataDir, 'e2e.json');
}
