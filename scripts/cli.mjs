#!/usr/bin/env node
// `npm run -s cli -- …`: runs the compiled CLI, compiling the API first when the build is missing
// or older than a source file (so the CLI works right after `npm ci`).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newest } from './newest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist/apps/api/src/cli/main.js');

const isTs = (p) => p.endsWith('.ts');

// Several processes may start at once (parallel test suites): one compiles under a lock (an atomic
// mkdir) while the others wait for it, so nobody runs a half-written build (tsc, then tsc-alias).
const lock = join(root, 'dist/.build-lock');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const stale = () => {
  const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  const sources = Math.max(
    newest(join(root, 'apps/api/src'), isTs),
    newest(join(root, 'libs'), isTs),
    newest(join(root, 'ormconfig.ts')),
  );
  return sources > built;
};
function waitForLock() {
  for (let i = 0; existsSync(lock) && i < 1800; i++) {
    // a lock older than 5 minutes belongs to a compiler that died
    if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
    sleep(100);
  }
}
waitForLock();
while (stale()) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    waitForLock();
    continue;
  }
  try {
    if (stale()) {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
      execFileSync('npx', ['tsc-alias', '-p', 'tsconfig.build.json'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
  } catch {
    rmSync(lock, { recursive: true, force: true });
    process.stderr.write('error: the CLI could not be compiled (see the TypeScript errors above)\n');
    process.exit(1);
  }
  rmSync(lock, { recursive: true, force: true });
  break;
}
const r = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
