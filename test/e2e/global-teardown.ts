import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';

export default async function globalTeardown() {
  const file = process.env.E2E_STATE;
  if (!file) return;
  const { pid, dbName } = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; dbName: string | null };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* gone */
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
      await new Promise((r) => setTimeout(r, 100));
    } catch {
      break;
    }
  }
  if (dbName && process.env.DATABASE_URL) {
    const c = new Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.end();
  }
  rmSync(dirname(file), { recursive: true, force: true });
}
