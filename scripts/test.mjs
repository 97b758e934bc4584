#!/usr/bin/env node
// `npm test`: every suite in turn — Jest (pure libs, API on real PostgreSQL, CLI), Vitest (web
// components) and, when Debian's Chromium is installed, Playwright end-to-end. Against
// DATABASE_URL when set, else an embedded PostgreSQL. Exits non-zero if any suite fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const suites = [
  ['api and libs (jest)', 'npx', ['jest']],
  ['web components (vitest)', 'npx', ['vitest', 'run', '--config', 'apps/web/vite.config.ts']],
];
if (existsSync('test/e2e/playwright.config.ts')) {
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    // the browser tests run the built application: build it from the current sources first
    suites.push(['build for the browser tests', 'npm', ['run', '-s', 'build']]);
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
