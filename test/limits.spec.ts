import { getIntrospectionQuery } from 'graphql';
import { Client } from 'pg';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

/**
 * Cheap refusals and bounded waits: the schema is not spelled out to strangers in production,
 * documents too large to be real are refused before parsing, introspection works where it is
 * enabled, and a database that stops answering costs a request seconds, not as long as it stalls.
 */
describe('limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DB_STATEMENT_TIMEOUT_MS: '1000' });
    await seedDemo(t.app, { rounds: false });
  });
  afterAll(() => t.close());

  it('lets the standard introspection query of GraphiQL and codegen through outside production', async () => {
    const r = await t.gql<{ __schema: { queryType: { name: string } } }>(getIntrospectionQuery());
    expect(r.errors).toBeUndefined();
    expect(r.data!.__schema.queryType.name).toBe('Query');
    // but a deep ordinary query is still refused
    const { accessToken } = await t.login('officer@demo.local', 'demo-officer');
    const deep = await t.gql(
      `{ ${'programs { rounds { program { '.repeat(5)}id${' } } }'.repeat(5)} }`,
      {},
      accessToken,
    );
    expect(deep.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a document of more tokens than any client sends, before parsing it', async () => {
    const { accessToken } = await t.login('officer@demo.local', 'demo-officer');
    const huge = `{ ${Array.from({ length: 6000 }, () => '__typename').join(' ')} }`;
    const r = await t.gql(huge, {}, accessToken);
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].message).toMatch(/more tha[nt] 5000 tokens/);
  });

  it('answers 503 when the database does not answer in time, and nothing is left hanging', async () => {
    const { accessToken } = await t.login('officer@demo.local', 'demo-officer');
    const blocker = new Client({ connectionString: t.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE programs IN ACCESS EXCLUSIVE MODE');
      const r = await t.gql('{ programs { id } }', {}, accessToken);
      expect(r.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(r.errors?.[0].extensions?.messageZh).toMatch(/数据库响应超时/);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    const after = await t.gql('{ programs { id } }', {}, accessToken);
    expect(after.errors).toBeUndefined();
  });
});

describe('limits in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production', JWT_SECRET: 'prod-secret-' + 'Wq3e'.repeat(8) });
  });
  afterAll(() => t.close());

  it('names no fields a caller got wrong, and refuses introspection', async () => {
    await seedDemo(t.app, { rounds: false });
    const { accessToken } = await t.login('officer@demo.local', 'demo-officer');
    const r = await t.gql('mutation { setUserPasswrd(id:"x", password:"y") }', {}, accessToken);
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(r.errors)).not.toMatch(/Did you mean|setUserPassword/);
    const i = await t.gql('{ __schema { types { name } } }', {}, accessToken);
    expect(i.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // and without a token, introspection does not even reach GraphQL
    const anon = await t.gql('{ __schema { types { name } } }');
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('anonymous callers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ANONYMOUS_RATE: '5' });
    await seedDemo(t.app, { rounds: false });
  });
  afterAll(() => t.close());

  it('may only sign in or refresh: anything else is refused before GraphQL runs', async () => {
    for (const q of ['{ programs { id } }', '{ me { id } }', 'mutation { logout }', '{ __typename programs { id } }']) {
      const r = await t.gql(q);
      expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const bad = await t.gql('{ programs { ');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // a sign-in mixed with another field is not a sign-in
    const mixed = await t.gql('mutation { login(email:"a@b.c", password:"x") { accessToken } logout }');
    expect(mixed.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await expect(t.login('officer@demo.local', 'demo-officer')).resolves.toHaveProperty('accessToken');
  });

  it('are limited per address (ANONYMOUS_RATE per second, 3× as a burst); signed-in callers are not', async () => {
    await new Promise((r) => setTimeout(r, 3500)); // a full bucket
    const codes = await Promise.all(
      Array.from({ length: 40 }, () => t.gql('{ programs { id } }').then((r) => r.errors?.[0].extensions?.code)),
    );
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(40 - 15 - 2);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(15 + 2);
    await new Promise((r) => setTimeout(r, 1000));
    const { accessToken } = await t.login('officer@demo.local', 'demo-officer');
    const signedIn = await Promise.all(
      Array.from({ length: 40 }, () => t.gql('{ programs { id } }', {}, accessToken).then((r) => r.errors)),
    );
    expect(signedIn.filter((e) => e)).toEqual([]);
  });
});
