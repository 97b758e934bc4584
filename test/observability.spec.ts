import { toDomainError } from '../apps/api/src/common/graphql/errors';
import { runInRequest } from '../apps/api/src/common/observability/request-context';
import { seedDemo } from '../apps/api/src/seed/seed';
import { createTestDatabase, startTestApp, TEST_JWT_SECRET, type TestApp } from './helpers/app';
import { buildServer, startServer, stopServer, type ServerProcess } from './helpers/process';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one series in Prometheus' text format (`name{a="b",…} value`), or null when absent. */
function series(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{')) continue;
    const [, body, value] = /^[^{]+\{(.*)\} (\S+)$/.exec(line) ?? [];
    if (body === undefined) continue;
    const got = Object.fromEntries([...body.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(value);
  }
  return null;
}

describe('operators can watch: /metrics for Prometheus', () => {
  let t: TestApp;
  const scrape = async () => {
    const r = await t.http.get('/metrics').set('authorization', `Bearer ${TOKEN}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return r.text;
  };
  const named = (operationName: string, query: string, token?: string) => {
    const req = t.http.post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    return req.send({ operationName, query });
  };

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: TOKEN });
    await seedDemo(t.app);
  });
  afterAll(() => t.close());

  it('answers only with the token', async () => {
    expect((await t.http.get('/metrics')).status).toBe(401);
    const wrong = await t.http.get('/metrics').set('authorization', `Bearer ${TOKEN.slice(0, -1)}x`);
    expect([wrong.status, wrong.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await t.http.get('/metrics').set('authorization', TOKEN)).status).toBe(401);
  });

  it('counts requests by route and GraphQL operation, their latency, and GraphQL errors by code', async () => {
    const before = await scrape();
    const errorsBefore = (code: string) => series(before, 'graphql_errors_total', { code }) ?? 0;
    const login = `mutation Login { login(email:"officer@demo.local", password:"demo-officer") { accessToken } }`;
    for (let i = 0; i < 3; i++) expect((await named('Login', login)).status).toBe(200);
    const token = (await named('Login', login)).body.data.login.accessToken as string;
    // two malformed documents, one call without a token, one refused role, one unknown document
    await named('Broken', 'query Broken { nope }', token);
    await named('Broken', 'query Broken { nope }', token);
    await named('Me', 'query Me { me { id } }');
    const reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    await named('Users', 'query Users { users { id } }', reviewer);
    expect((await t.http.get('/documents/00000000-0000-0000-0000-000000000000')).status).toBe(401);
    const after = await scrape();
    expect(series(after, 'http_requests_total', { method: 'POST', route: 'graphql:Login', status: '200' })).toBe(
      (series(before, 'http_requests_total', { method: 'POST', route: 'graphql:Login', status: '200' }) ?? 0) + 4,
    );
    expect(series(after, 'http_request_duration_seconds_count', { method: 'POST', route: 'graphql:Login' })).toBe(4);
    expect(series(after, 'graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(errorsBefore('BAD_USER_INPUT') + 2);
    expect(series(after, 'graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(
      errorsBefore('UNAUTHENTICATED') + 1,
    );
    expect(series(after, 'graphql_errors_total', { code: 'FORBIDDEN' })).toBe(errorsBefore('FORBIDDEN') + 1);
    expect(
      series(after, 'http_requests_total', { method: 'GET', route: '/documents/:documentId', status: '401' }),
    ).toBe(1);
    // the scrape itself is a route like any other
    expect(series(after, 'http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBe(1);
  });

  it('gives an operation name of its own to at most 300 names: the rest count as "other"', async () => {
    for (let i = 0; i < 310; i++) await named(`Op${i}`, `query Op${i} { __typename }`);
    await t.http.post('/graphql').send({ query: '{ __typename }' });
    const text = await scrape();
    const names = new Set([...text.matchAll(/http_requests_total\{[^}]*route="graphql:([^"]+)"/g)].map((m) => m[1]));
    expect(names.size).toBeLessThanOrEqual(300 + 2); // and "other", "anonymous"
    expect(series(text, 'http_requests_total', { route: 'graphql:other' })).toBeGreaterThanOrEqual(10);
    expect(series(text, 'http_requests_total', { route: 'graphql:anonymous' })).toBeGreaterThanOrEqual(1);
  });

  it('reads the job queue, tracked runs, the mail outbox and the pool from the database when scraped', async () => {
    await t.db.query(
      `INSERT INTO jobs (kind, status, message, finished_at) VALUES ('assignment', 'FAILED', 'test', now()), ('assignment', 'FAILED', 'test', now())`,
    );
    const text = await scrape();
    const runs: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM jobs WHERE kind = 'assignment' AND status = 'FAILED'`,
    );
    expect(series(text, 'jobs_runs', { kind: 'assignment', status: 'FAILED' })).toBe(runs[0].n);
    const outbox: { status: string; n: number }[] = await t.db.query(
      `SELECT status, count(*)::int AS n FROM outbox GROUP BY 1`,
    );
    for (const s of ['KEPT', 'PENDING', 'SENDING', 'SENT', 'FAILED'])
      expect(series(text, 'mail_outbox_messages', { status: s })).toBe(outbox.find((o) => o.status === s)?.n ?? 0);
    const queue: { name: string; state: string; n: number }[] = await t.db.query(
      `SELECT name, state::text AS state, count(*)::int AS n FROM pgboss.job GROUP BY 1, 2`,
    );
    for (const q of queue) expect(series(text, 'jobs_queue_jobs', { queue: q.name, state: q.state })).toBe(q.n);
    expect(series(text, 'db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(series(text, 'db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('is off without a token: 404 naming the setting', async () => {
    const off = await startTestApp();
    try {
      const r = await off.http.get('/metrics').set('authorization', `Bearer ${TOKEN}`);
      expect([r.status, r.body.message]).toEqual([404, expect.stringMatching(/METRICS_TOKEN/)]);
    } finally {
      await off.close();
    }
  });
});

describe('structured request logs with a correlation id', () => {
  let s: ServerProcess;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    buildServer();
    db = await createTestDatabase();
    s = await startServer({
      databaseUrl: db.url,
      demo: false,
      env: { LOG_FORMAT: 'json', JWT_SECRET: TEST_JWT_SECRET },
    });
  }, 180_000);
  afterAll(async () => {
    await stopServer(s);
    await db.drop();
  });

  const lines = () =>
    s
      .output()
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes one JSON line per request, with the id the answer carries (the caller’s, or a new one)', async () => {
    const given = 'trace-0123456789abcdef';
    const r = await fetch(`${s.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': given },
      body: JSON.stringify({ operationName: 'Me', query: 'query Me { me { id } }' }),
    });
    expect(r.headers.get('x-request-id')).toBe(given);
    const own = await fetch(`${s.base}/health`);
    const id = own.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // an id that is not a sane token is replaced, never echoed
    const odd = await fetch(`${s.base}/health`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((res) => setTimeout(res, 300));
    const all = lines(); // every line parses as JSON: nothing else is written
    const mine = all.find((l) => l.reqId === given && l.msg === 'request');
    expect(mine).toMatchObject({ level: 'info', method: 'POST', route: '/graphql', status: 200, operation: 'Me' });
    expect(typeof mine!.ms).toBe('number');
    expect(all.find((l) => l.reqId === id)).toMatchObject({ route: '/health', status: 200 });
    expect(all.some((l) => typeof l.time === 'string' && l.msg === 'request')).toBe(true);
  });

  it('an unexpected error quotes the request’s id as its reference', () => {
    const d = runInRequest('req-ref-0123456789', () => toDomainError(new Error('boom')));
    expect([d.code, d.details.ref, d.message]).toEqual([
      'INTERNAL_SERVER_ERROR',
      'req-ref-0123456789',
      'Internal error (ref req-ref-0123456789) / 服务器内部错误',
    ]);
  });
});
