import { startTestApp, type TestApp } from './helpers/app';

describe('health, errors and headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the database in /health', async () => {
    const r = await t.http.get('/health');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    expect(r.body.database.status).toBe('up');
  });

  it('never sends a stack trace, for syntax errors, unknown fields or wrong types', async () => {
    for (const body of [
      '{"query":"{ me { "}',
      '{"query":"{ nope }"}',
      '{"query":"mutation { login(email: 5, password: true) { accessToken } }"}',
      '{"query": 42}',
      '{not json',
    ]) {
      const r = await t.http.post('/graphql').set('content-type', 'application/json').send(body);
      expect(r.status).toBeLessThan(500);
      expect(r.text).not.toMatch(/stacktrace|\.ts:\d+|at Object\./);
    }
  });

  it('answers other content types and methods with a JSON 4xx', async () => {
    const plain = await t.http.post('/graphql').set('content-type', 'text/plain').send('{ me { id } }');
    const xml = await t.http.post('/graphql').set('content-type', 'application/xml').send('<q/>');
    const put = await t.http.put('/graphql').set('content-type', 'application/json').send('{"query":"{ me { id } }"}');
    for (const r of [plain, xml, put]) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.headers['content-type']).toMatch(/json/);
      expect(r.text).not.toMatch(/stack|\.ts:\d+|at Object\./);
    }
  });

  it('refuses an oversized body without a 5xx', async () => {
    const big = JSON.stringify({ query: '{ me { id } }', variables: { x: 'a'.repeat(2 * 1024 * 1024) } });
    const r = await t.http.post('/graphql').set('content-type', 'application/json').send(big);
    expect(r.status).toBe(413);
  });

  it('sets security headers on every answer (helmet’s set, worked out once)', async () => {
    const answers = [
      await t.http.get('/health'),
      await t.http.post('/graphql').set('content-type', 'application/json').send('{"query":"{ __typename }"}'),
      await t.http.get('/no-such-page'),
    ];
    for (const r of answers) {
      expect(r.headers).toMatchObject({
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
      expect(r.headers['x-powered-by']).toBeUndefined();
      expect(r.headers['cross-origin-embedder-policy']).toBeUndefined();
    }
  });

  it('without CORS_ORIGINS allows no other origin (preflight or call)', async () => {
    const preflight = await t.http
      .options('/graphql')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    const call = await t.http
      .post('/graphql')
      .set('Origin', 'https://evil.example')
      .set('content-type', 'application/json')
      .send('{"query":"{ __typename }"}');
    expect(call.headers['access-control-allow-origin']).toBeUndefined();
  });
});
