import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../apps/api/src/common/graphql/loaders';
import { ENTITIES } from '../apps/api/src/entities';
import { startTestApp, type TestApp } from './helpers/app';

/** Every .ts file under a folder, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('feature modules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('register exactly the tables of the one app-level list that migrations and the CLI use', () => {
    const db = t.app.get<DataSource>(getDataSourceToken());
    const loaded = db.entityMetadatas.map((m) => m.tableName).sort();
    const listed = ENTITIES.map((e) => db.getMetadata(e).tableName).sort();
    expect(loaded).toEqual(listed);
    expect(loaded.length).toBeGreaterThanOrEqual(27);
  });

  it('contribute every DataLoader a resolver asks the request context for', () => {
    const used = new Set<string>();
    for (const f of sources(join(__dirname, '../apps/api/src')))
      for (const m of readFileSync(f, 'utf8').matchAll(/\.loaders\.(\w+)\.load/g)) used.add(m[1]);
    const loaders = t.app.get(LoaderRegistry).create(t.db);
    const missing = [...used].filter((k) => !(k in loaders));
    expect(used.size).toBeGreaterThanOrEqual(12);
    expect(missing).toEqual([]);
  });
});
