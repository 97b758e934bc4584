import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleLogger, type LoggerService, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { JobsService } from './jobs/jobs.service';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import type { AppConfig } from './common/config/config';
import { anonymousGate } from './common/graphql/anonymous-gate';
import { badInput } from './common/graphql/errors';
import { jsonLogger, PinoNestLogger } from './common/observability/logger';
import { requestIdOf, runInRequest } from './common/observability/request-context';
import { MetricsService } from './metrics/metrics.service';
import { encodedBody, loadWebFiles, notModified, type WebFile } from './common/web-files';

/** Tests are quiet unless LOG_TEST is set: errors only. */
const quiet = (config: AppConfig) => config.nodeEnv === 'test' && !process.env.LOG_TEST;

/** JSON lines through pino (LOG_FORMAT=json, production's default), or Nest's readable console. */
export function createLogger(config: AppConfig): LoggerService {
  if (quiet(config)) return new ConsoleLogger({ logLevels: ['error'] });
  if (config.logFormat === 'json') return new PinoNestLogger(jsonLogger());
  return new ConsoleLogger({ colors: process.stdout.isTTY });
}

/** Prefixes the API owns; every other GET serves the web client (single-page app). */
const API_PREFIXES = ['/graphql', '/health', '/exports', '/imports', '/documents', '/feedback', '/metrics', '/account'];

/** Request bodies (GraphQL, JSON, forms); uploads have their own limits per route. */
const BODY_LIMIT = 1024 * 1024;

/**
 * Builds the HTTP application on a database URL: security headers, CORS allow-list, body limits,
 * validation, migrations, and the built web client at `/`. Used by main.ts and by the tests.
 *
 * Nest runs on Fastify: on the hot GraphQL read the Express adapter alone cost about half of the
 * API's CPU per request (measured in `npm run bench`; see docs/ARCHITECTURE.md).
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  opts: { logger?: LoggerService } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    // Node's own default (Fastify's is none): a client that trickles a request in is cut off after 5 minutes
    requestTimeout: 300_000,
    // no Express-style middleware is used (headers come from a hook): middie's per-request pass is skipped
    skipMiddie: true,
    // TRUST_PROXY=true: one proxy in front (the load balancer); its X-Forwarded-For names the client
    trustProxy: config.trustProxy ? (_address: string, hop: number) => hop < 1 : false,
    // the caller's (or the proxy's) X-Request-Id when sane, else a new one: see observability/
    genReqId: requestIdOf,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, databaseUrl }), adapter, {
    logger: opts.logger ?? createLogger(config),
    abortOnError: false,
  });
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // GraphiQL (development only) loads from a CDN; production serves only our own assets.
        // index.html's one inline script (which first screen to draw) is allowed by its hash.
        scriptSrc:
          config.nodeEnv === 'production'
            ? ["'self'", ...inlineScriptHashes(config.webDir)]
            : ["'self'", "'unsafe-inline'", 'https://unpkg.com'],
        styleSrc: ["'self'", "'unsafe-inline'", 'https://unpkg.com'],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  // everything done for a request runs with its id (log lines, error references), which it answers with
  adapter.getInstance().addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    reply.headers(headers);
    reply.header('x-request-id', req.id);
    runInRequest(req.id, done);
  });
  observeRequests(app, adapter, config);
  // anonymous GraphQL callers may only sign in or refresh, decided before Apollo does any work
  adapter.getInstance().addHook(
    'preHandler',
    anonymousGate({
      introspection: config.nodeEnv !== 'production',
      ratePerSecond: config.anonymousRatePerSecond,
      burst: config.anonymousRatePerSecond * 3,
    }),
  );
  // Same origin only unless CORS_ORIGINS lists others: then no CORS handling runs at all, and a
  // browser refuses every cross-origin answer for want of Access-Control-Allow-Origin.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: (origin, cb) => cb(null, !origin || config.corsOrigins.includes(origin)),
      credentials: false,
      maxAge: 600,
    });
  }
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidUnknownValues: false,
      transform: true,
      exceptionFactory: (errors) => {
        // down to the first leaf that broke a rule, naming the whole path (settings.conflictPolicy.collaboratorYears)
        const path: string[] = [];
        let e = errors[0];
        while (e) {
          path.push(e.property);
          if (e.constraints || !e.children?.length) break;
          e = e.children[0];
        }
        const msg = e?.constraints ? Object.values(e.constraints).join('; ') : 'invalid input';
        return badInput(path.join('.') || 'input', msg);
      },
    }),
  );
  await serveWeb(app, config.webDir);
  await app.init();
  await adapter.getInstance().ready();
  const db = app.get<DataSource>(getDataSourceToken());
  await db.runMigrations({ transaction: 'each' });
  // background work starts on a migrated database
  await app.get(JobsService).start();
  return app;
}

/**
 * After each answer: the metrics (count and latency by route, GraphQL by operation) and, with JSON
 * logs, one line per request — method, route, status, milliseconds, operation, user, `reqId`.
 * `/metrics` answers Prometheus with METRICS_TOKEN as a bearer token (off without one).
 */
function observeRequests(app: NestFastifyApplication, adapter: FastifyAdapter, config: AppConfig) {
  const metrics = app.get(MetricsService);
  const log = config.logFormat === 'json' && !quiet(config) ? jsonLogger() : null;
  const fastify = adapter.getInstance();
  // the operation's name, read as the body arrives (the sign-in guard later replaces the body)
  const operations = new WeakMap<FastifyRequest, unknown>();
  fastify.addHook('preHandler', (req: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    if (req.routeOptions.url === '/graphql') {
      const body = req.body as { operationName?: unknown } | unknown[] | undefined;
      operations.set(req, Array.isArray(body) ? 'batch' : body?.operationName);
    }
    done();
  });
  fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const path = req.routeOptions.url;
    const route =
      path === undefined
        ? 'unmatched'
        : API_PREFIXES.some((p) => path === p || path.startsWith(p + '/'))
          ? path
          : 'web';
    const seconds = reply.elapsedTime / 1000;
    const operation = route === '/graphql' ? operations.get(req) : undefined;
    metrics.observe(req.method, route, reply.statusCode, seconds, operation);
    log?.info(
      {
        reqId: req.id,
        method: req.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(operation !== undefined ? { operation } : {}),
        ...((req as { user?: { id?: string } }).user?.id
          ? { userId: (req as { user?: { id: string } }).user!.id }
          : {}),
        ip: req.ip,
      },
      'request',
    );
    done();
  });
  fastify.get('/metrics', async (req, reply) => {
    if (!config.metricsToken)
      return reply.status(404).send({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: 'metrics are off: set METRICS_TOKEN / 未开启监控指标（需设置 METRICS_TOKEN）',
      });
    const given = Buffer.from(String(req.headers.authorization ?? ''));
    const wanted = Buffer.from(`Bearer ${config.metricsToken}`);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
      return reply.status(401).header('www-authenticate', 'Bearer').send({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: 'the metrics token is missing or wrong / 监控令牌缺失或错误',
      });
    const text = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(text);
  });
}

/**
 * Helmet's headers, worked out once. With a fixed configuration (no per-request nonces) helmet
 * writes the same headers on every response, yet rebuilds each value per request; the recorded
 * set is exactly what helmet itself produced, written by one Fastify hook.
 */
function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  // a real (unconnected) response whose header writes are recorded instead of sent
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  res.setHeader = (name, value) => {
    headers[name.toLowerCase()] = String(value);
    return res;
  };
  res.removeHeader = (name) => {
    delete headers[name.toLowerCase()];
  };
  let completed = false;
  helmet(options)(req, res, (err?: unknown) => {
    if (err) throw err;
    completed = true;
  });
  if (!completed) throw new Error('helmet did not complete synchronously; its headers cannot be precomputed');
  return headers;
}

/** CSP source expressions (`'sha256-…'`) for the inline scripts of the built index.html. */
export function inlineScriptHashes(webDir: string): string[] {
  const file = join(webDir, 'index.html');
  if (!existsSync(file)) return [];
  const html = readFileSync(file, 'utf8');
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`,
  );
}

/** One file of the build as the browser asks for it: compressed as it accepts, or "not modified". */
function sendWebFile(req: FastifyRequest, reply: FastifyReply, file: WebFile) {
  reply
    .header('Content-Type', file.type)
    .header('Cache-Control', file.cacheControl)
    .header('ETag', file.etag)
    .header('Last-Modified', file.lastModified)
    .header('Vary', 'Accept-Encoding');
  const h = req.headers;
  if (notModified(file, h['if-none-match'], h['if-modified-since'])) return reply.status(304).send();
  const { encoding, body } = encodedBody(file, h['accept-encoding']);
  if (encoding) reply.header('Content-Encoding', encoding);
  return reply.header('Content-Length', body.length).send(body);
}

async function serveWeb(app: NestFastifyApplication, webDir: string) {
  if (!existsSync(join(webDir, 'index.html'))) return;
  // One route per built file, answered from memory (common/web-files.ts), so the catch-all below
  // can serve the client's pages. The build writes a brotli and a gzip copy beside each file
  // (vite.config.ts): they are sent to browsers that accept them, with `Vary: Accept-Encoding`.
  // Files under assets/ are named by their content's hash, so they never change: cached for a
  // year; everything else is revalidated (ETag, Last-Modified).
  const files = loadWebFiles(webDir);
  const fastify = app.getHttpAdapter().getInstance();
  for (const [path, file] of files) fastify.get(path, (req, reply) => sendWebFile(req, reply, file));
  const index = files.get('/index.html')!;
  fastify.get('/*', (req, reply) => {
    const path = req.url.split('?')[0];
    const accept = req.headers.accept;
    const wantsHtml = !accept || accept.includes('text/html') || accept.includes('*/*');
    // a name with an extension is a file that is not there (a stale script, say), never a page;
    // an invitation's (or a project lead's) link has a dot between its id and its signature
    const isFile = !/^\/(invitation|team)\//.test(path) && /\.[^/]*$/.test(path);
    if (API_PREFIXES.some((p) => path === p || path.startsWith(p + '/')) || !wantsHtml || isFile) {
      return reply
        .status(404)
        .send({ statusCode: 404, code: 'NOT_FOUND', message: `Cannot GET ${path} / 未找到该地址` });
    }
    // the page itself is always revalidated (it names the current build's hashed assets)
    return sendWebFile(req, reply, index);
  });
}
