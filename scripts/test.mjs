#!/usr/bin/env node
// `npm test`: the build when a source is newer than it, then every suite in turn — Jest (pure libs,
// API on real PostgreSQL, CLI), Vitest (web components) and, when Debian's Chromium is installed,
// Playwright end-to-end. Against
// DATABASE_URL when set, else an embedded PostgreSQL. Exits non-zero if any suite fails.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { newest } from './newest.mjs';

/**
 * Some API suites start the built server or its embedded database, and the browser tests serve the
 * built web client: build first, unless both outputs are newer than every source (CI has just
 * built: the same build is not run twice).
 */
const outputs = ['dist/apps/api/src/main.js', 'dist/web/index.html'];
const built = outputs.every(existsSync) ? Math.min(...outputs.map((o) => statSync(o).mtimeMs)) : 0;
const sources = Math.max(
  ...['apps', 'libs', 'ormconfig.ts', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'].map((p) => newest(p)),
);
const suites = [];
if (sources > built) suites.push(['build', 'npm', ['run', '-s', 'build']]);
else console.log('[test] the build is newer than every source: not rebuilt');
suites.push(
  ['api and libs (jest)', 'npx', ['jest']],
  ['web components (vitest)', 'npx', ['vitest', 'run', '--config', 'apps/web/vite.config.ts']],
);
if (existsSync('test/e2e/playwright.config.ts')) {
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    suites.push([
      'browser end-to-end (playwright)',
      'npx',
      ['playwright', 'test', '--config', 'test/e2e/playwright.config.ts'],
    ]);
  } else if (process.env.CI) {
    console.error('Chromium is missing (/usr/bin/chromium): install it with apt-get install -y chromium');
    process.exit(1);
  } else
    console.warn(
      '\n[test] skipping browser tests: /usr/bin/chromium not installed (apt-get install -y chromium fonts-wqy-microhei)',
    );
}
let failed = 0;
for (const [name, cmd, args] of suites) {
  console.log(`\n[test] ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } });
  if (r.status !== 0) {
    failed++;
    console.error(`[test] ${name} failed`);
  }
}
console.log(`\nsuites: ${suites.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
