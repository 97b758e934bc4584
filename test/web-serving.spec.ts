import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from './helpers/app';

/** The built web client is served by the API: files, the single-page fallback, and the API's own 404s. */
describe('web client serving', () => {
  let t: TestApp;
  // the build in a folder with a file beside it that must never be served
  const base = mkdtempSync(join(tmpdir(), 'tianyuan-web-'));
  const web = join(base, 'web');
  const BOOT = "document.documentElement.className='boot-out'";
  // the built page has two: the first screen's, and the first page's preloads (vite.config.ts)
  const PRELOADS =
    "(function(){var e=document.createElement('link');e.rel='modulepreload';e.href='/assets/p.js';document.head.appendChild(e)})();";
  const INDEX = `<!doctype html><html><head><script>${BOOT}</script><script type="module" crossorigin src="/assets/app-1a2b3C_d.js"></script>\n  <script>${PRELOADS}</script>\n</head><body><div id="root">评审平台</div></body></html>`;
  const APP = 'console.log("app");'.repeat(50);
  beforeAll(async () => {
    mkdirSync(join(web, 'assets'), { recursive: true });
    mkdirSync(join(web, '.vite'));
    writeFileSync(join(web, '.vite', 'manifest.json'), '{"src/main.tsx":{"isEntry":true}}');
    writeFileSync(join(base, 'package.json'), '{"dependencies":{}}');
    writeFileSync(join(web, 'index.html'), INDEX);
    // as the build writes them: the file and its brotli and gzip copies (apps/web/vite.config.ts)
    writeFileSync(join(web, 'assets', 'app-1a2b3C_d.js'), APP);
    writeFileSync(join(web, 'assets', 'app-1a2b3C_d.js.br'), brotliCompressSync(APP));
    writeFileSync(join(web, 'assets', 'app-1a2b3C_d.js.gz'), gzipSync(APP));
    writeFileSync(join(web, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await startTestApp({ WEB_DIR: web, CORS_ORIGINS: 'https://review.example' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(base, { recursive: true, force: true });
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

  it('serves hashed files compressed as the browser accepts, cached for a year, with Vary', async () => {
    const br = await t.http
      .get('/assets/app-1a2b3C_d.js')
      .set('Accept-Encoding', 'gzip, deflate, br')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['x-content-type-options']).toBe('nosniff');
    // the copy written at build time crossed the wire (supertest decodes it)
    expect(Number(br.headers['content-length'])).toBe(brotliCompressSync(APP).length);
    expect((br.body as Buffer).toString()).toBe(APP);
    const gz = await t.http
      .get('/assets/app-1a2b3C_d.js')
      .set('Accept-Encoding', 'gzip')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBe(gzipSync(APP).length);
    expect((gz.body as Buffer).toString()).toBe(APP);
    // a client that accepts neither gets the file itself
    const plain = await t.http.get('/assets/app-1a2b3C_d.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(APP);
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
  });

  it('revalidates files that are not content-hashed: the favicon and the page', async () => {
    const icon = await t.http.get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    const page = await t.http.get('/').set('Accept', 'text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
    // a browser's copy that is still current is confirmed without the body, by tag or by date
    for (const [path, r] of [
      ['/', page],
      ['/favicon.svg', icon],
    ] as const) {
      const etag = r.headers.etag;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const same = await t.http.get(path).set('Accept', 'text/html').set('If-None-Match', `W/${etag}, "other"`);
      expect(same.status).toBe(304);
      expect(same.text ?? '').toBe('');
      const since = await t.http
        .get(path)
        .set('Accept', 'text/html')
        .set('If-Modified-Since', r.headers['last-modified']);
      expect(since.status).toBe(304);
      const changed = await t.http.get(path).set('Accept', 'text/html').set('If-None-Match', '"an-older-build"');
      expect(changed.status).toBe(200);
    }
  });

  it('sends the copy the browser accepts: a refused encoding (q=0) is never sent; HEAD has the headers only', async () => {
    const noBr = await t.http.get('/assets/app-1a2b3C_d.js').set('Accept-Encoding', 'br;q=0, gzip;q=0.8');
    expect(noBr.headers['content-encoding']).toBe('gzip');
    expect(noBr.text).toBe(APP);
    const none = await t.http.get('/assets/app-1a2b3C_d.js').set('Accept-Encoding', 'br;q=0, gzip;q=0');
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.text).toBe(APP);
    // odd headers change nothing: an unreadable date, a long list of encodings
    const odd = await t.http
      .get('/assets/app-1a2b3C_d.js')
      .set('If-Modified-Since', 'not a date')
      .set('Accept-Encoding', `${'x-enc;q=0.5, '.repeat(500)}gzip`);
    expect(odd.status).toBe(200);
    expect(odd.headers['content-encoding']).toBe('gzip');
    expect(odd.text).toBe(APP);
    const head = await t.http.head('/assets/app-1a2b3C_d.js').set('Accept-Encoding', 'identity');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(APP.length);
    expect(head.text ?? '').toBe('');
  });

  it('in production, allows the page’s inline scripts by their hashes and no other inline script', async () => {
    const prod = await startTestApp(
      { WEB_DIR: web, NODE_ENV: 'production', JWT_SECRET: 'prod-secret-' + 'Zq8w'.repeat(8) },
      { databaseUrl: t.url },
    );
    try {
      const r = await prod.http.get('/').set('Accept', 'text/html');
      const csp = r.headers['content-security-policy'];
      const [boot, preloads] = [BOOT, PRELOADS].map((x) => createHash('sha256').update(x).digest('base64'));
      expect(csp).toContain(`script-src 'self' 'sha256-${boot}' 'sha256-${preloads}'`);
      expect(csp.split(';').find((d: string) => d.trim().startsWith('script-src'))).not.toContain('unsafe-inline');
    } finally {
      await prod.close();
    }
  });

  it('answers 404 in JSON for a missing file, an unknown API address or a non-GET', async () => {
    const missing = await t.http.get('/assets/missing.png').set('Accept', 'image/avif,image/webp');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    // a script of an earlier build: browsers ask with */*, and an HTML page would not run
    const stale = await t.http.get('/assets/app-0ld12345.js').set('Accept', '*/*');
    expect(stale.status).toBe(404);
    expect(stale.text).not.toContain('评审平台');
    // only the build's own files are served: nothing beside or above it
    for (const path of [
      '/assets/%2e%2e/index.html',
      '/assets/../../package.json',
      '/%2e%2e/package.json',
      '/.vite/manifest.json',
    ])
      expect((await t.http.get(path).set('Accept', '*/*')).text).not.toMatch(/"dependencies"|"isEntry"/);
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
