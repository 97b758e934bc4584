// The newest modification time among source files, to tell whether a build is older than its
// sources (`npm test`, `npm run cli`): folders are walked, `node_modules`, `dist` and dot-folders
// left out; `only` keeps the files it accepts.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function newest(path, only = () => true) {
  if (!existsSync(path)) return 0;
  if (!statSync(path).isDirectory()) return only(path) ? statSync(path).mtimeMs : 0;
  let t = 0;
  for (const e of readdirSync(path, { withFileTypes: true }))
    if (e.name !== 'node_modules' && e.name !== 'dist' && !e.name.startsWith('.'))
      t = Math.max(t, newest(join(path, e.name), only));
  return t;
}
