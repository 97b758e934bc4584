import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleLogger, type LoggerService, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import type { AppConfig } from './common/config/config';
import { badInput } from './common/graphql/errors';

export function createLogger(config: AppConfig): LoggerService {
  if (config.nodeEnv === 'test' && !process.env.LOG_TEST) return new ConsoleLogger({ logLevels: ['error'] });
  return new ConsoleLogger({
    json: config.logFormat === 'json',
    colors: config.logFormat === 'pretty' && process.stdout.isTTY,
  });
}

/** Prefixes the API owns; every other GET serves the web client (single-page app). */
const API_PREFIXES = ['/graphql', '/health', '/exports', '/imports', '/documents'];

/**
 * Builds the HTTP application on a database URL: security headers, CORS allow-list, body limits,
 * validation, migrations, and the built web client at `/`. Used by main.ts and by the tests.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  opts: { logger?: LoggerService } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl }), {
    logger: opts.logger ?? createLogger(config),
    bodyParser: false,
    abortOnError: false,
  });
  app.set('trust proxy', process.env.TRUST_PROXY === 'true' ? 1 : false);
  app.disable('x-powered-by');
  // ETags are for the static client (serve-static makes its own); an API answer is never revalidated.
  app.set('etag', false);
  app.use(
    securityHeaders({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // GraphiQL (development only) loads from a CDN; production serves only our own assets.
          scriptSrc: config.nodeEnv === 'production' ? ["'self'"] : ["'self'", "'unsafe-inline'", 'https://unpkg.com'],
          styleSrc: ["'self'", "'unsafe-inline'", 'https://unpkg.com'],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.enableCors({
    origin: (origin, cb) => cb(null, !origin || config.corsOrigins.includes(origin)),
    credentials: false,
    maxAge: 600,
  });
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidUnknownValues: false,
      transform: true,
      exceptionFactory: (errors) => {
        const first = errors[0];
        const child = first?.children?.[0];
        const e = child ?? first;
        const msg = e?.constraints ? Object.values(e.constraints).join('; ') : 'invalid input';
        return badInput(child ? `${first.property}.${child.property}` : (first?.property ?? 'input'), msg);
      },
    }),
  );
  serveWeb(app, config.webDir);
  await app.init();
  const db = app.get<DataSource>(getDataSourceToken());
  await db.runMigrations({ transaction: 'each' });
  return app;
}

/**
 * Helmet's headers, worked out once. With a fixed configuration (no per-request nonces) helmet
 * writes the same headers on every response, yet rebuilds each value per request; on the API's
 * hot path that was 6% of the CPU. The recorded set is what helmet itself produced.
 */
export function securityHeaders(options: HelmetOptions) {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  let completed = false;
  helmet(options)({} as never, recorder as never, (err?: unknown) => {
    if (err) throw err;
    completed = true;
  });
  if (!completed) throw new Error('helmet did not complete synchronously; its headers cannot be precomputed');
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

function serveWeb(app: NestExpressApplication, webDir: string) {
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(webDir, { index: false, maxAge: '1h', immutable: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || API_PREFIXES.some((p) => req.path === p || req.path.startsWith(p + '/'))) return next();
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
