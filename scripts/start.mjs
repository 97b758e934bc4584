#!/usr/bin/env node
// `npm start`: builds what is out of date (the API when a source under apps/api, libs or
// ormconfig.ts is newer than its build; the web client likewise for apps/web), then runs the
// server. A second start with nothing changed skips both builds. `npm run build` always rebuilds.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time under `path` (a file or a folder), skipping node_modules. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    t = Math.max(t, newest(join(path, e.name)));
  }
  return t;
}
const built = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const lock = newest(join(root, 'package-lock.json'));
const stale = (output, sources) => Math.max(lock, ...sources.map((s) => newest(join(root, s)))) > built(join(root, output));

const run = (script) => execFileSync('npm', ['run', '-s', script], { cwd: root, stdio: 'inherit' });
if (stale('dist/apps/api/src/main.js', ['apps/api/src', 'libs', 'calls', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json'])) {
  console.log('[start] building the API');
  run('build:api');
}
if (stale('dist/web/index.html', ['apps/web/src', 'apps/web/index.html', 'apps/web/public', 'apps/web/vite.config.ts', 'apps/web/codegen.yml', 'schema.gql'])) {
  console.log('[start] building the web client');
  run('build:web');
}
const child = spawn(process.execPath, ['--max-old-space-size=1024', join(root, 'dist/apps/api/src/main.js')], {
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
