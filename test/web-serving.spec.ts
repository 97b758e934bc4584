import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './helpers/app';

/** The built web client is served by the API: files, the single-page fallback, and the API's own 404s. */
describe('web client serving', () => {
  let t: TestApp;
  const web = mkdtempSync(join(tmpdir(), 'tianyuan-web-'));
  const INDEX = '<!doctype html><html><body><div id="root">评审平台</div></body></html>';
  beforeAll(async () => {
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), INDEX);
    writeFileSync(join(web, 'assets', 'app-1a2b.js'), 'console.log("app")');
    t = await startTestApp({ WEB_DIR: web, CORS_ORIGINS: 'https://review.example' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('serves the client at / and at any page address, never cached, with the security headers', async () => {
    for (const path of ['/', '/rounds/5/ranking', '/my-assignments?round=2', '/reviews/a.b/edit']) {
      const r = await t.http.get(path).set('Accept', 'text/html,application/xhtml+xml');
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.text).toBe(INDEX);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });

  it('serves built files with a cache lifetime', async () => {
    const r = await t.http.get('/assets/app-1a2b.js');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.text).toBe('console.log("app")');
    expect(r.headers['cache-control']).toBe('public, max-age=3600');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 404 in JSON for a missing file, an unknown API address or a non-GET', async () => {
    const missing = await t.http.get('/assets/missing.png').set('Accept', 'image/avif,image/webp');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    // a script of an earlier build: browsers ask with */*, and an HTML page would not run
    const stale = await t.http.get('/assets/app-0ld.js').set('Accept', '*/*');
    expect(stale.status).toBe(404);
    expect(stale.text).not.toContain('评审平台');
    const api = await t.http.get('/exports/nothing-here').set('Accept', 'text/html');
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('NOT_FOUND');
    const post = await t.http.post('/rounds/5').send({});
    expect(post.status).toBe(404);
    expect(post.text).not.toContain('评审平台');
  });

  it('allows CORS for a listed origin and says nothing to others', async () => {
    const ok = await t.http
      .options('/graphql')
      .set('Origin', 'https://review.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(ok.status).toBeLessThan(300);
    expect(ok.headers['access-control-allow-origin']).toBe('https://review.example');
    const other = await t.http.post('/graphql').set('Origin', 'https://evil.example').send({ query: '{ __typename }' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
