import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The web client's GraphQL documents against the API's schema, through graphql-codegen and the
 * project's own configuration (apps/web/codegen.yml; `npm run lint` runs the same check).
 */
const root = join(__dirname, '..');
const codegen = (configFile: string, ...args: string[]) =>
  spawnSync(join(root, 'node_modules/.bin/graphql-codegen'), ['--config', configFile, '--errors-only', ...args], {
    cwd: root,
    encoding: 'utf8',
    // under NODE_ENV=test (Jest's) codegen prints no error details
    env: { ...process.env, NODE_ENV: 'development' },
  });

describe('web ↔ API contract', () => {
  it('every document of the web client validates against schema.gql, and the committed types are current', () => {
    const r = codegen('apps/web/codegen.yml', '--check');
    expect(r.stderr + r.stdout).not.toMatch(/stale|error/i);
    expect(r.status).toBe(0);
  }, 60_000);

  it('a document asking for a field the schema does not have fails the check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codegen-'));
    try {
      writeFileSync(join(dir, 'broken.ts'), 'graphql(`query Broken { me { id nickname } }`);\n');
      const cfg = join(dir, 'codegen.yml');
      writeFileSync(
        cfg,
        `schema: schema.gql\ndocuments: ['${dir}/broken.ts']\ngenerates:\n  ${dir}/gql/:\n    preset: client\n`,
      );
      const r = codegen(cfg); // generation (into the temporary folder) fails before writing
      expect(r.status).not.toBe(0);
      expect(r.stderr + r.stdout).toMatch(/Cannot query field "nickname" on type "User"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
