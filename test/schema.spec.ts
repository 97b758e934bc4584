import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { startTestApp, type TestApp } from './helpers/app';

/** schema.gql is the committed contract: it must equal the schema the code builds. */
describe('schema.gql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is up to date (UPDATE_SCHEMA=1 npx jest test/schema rewrites it)', () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    const printed = printSchema(lexicographicSortSchema(schema)) + '\n';
    const file = join(__dirname, '..', 'schema.gql');
    if (process.env.UPDATE_SCHEMA) writeFileSync(file, printed);
    const committed = readFileSync(file, 'utf8').replace(
      /^# -+\n# THIS FILE WAS AUTOMATICALLY GENERATED[\s\S]*?# -+\n\n/,
      '',
    );
    expect(committed).toBe(printed);
  });
});
