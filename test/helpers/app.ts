import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig, type AppConfig } from '../../apps/api/src/common/config/config';

export const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** A fresh, empty database on the test server; dropped by the returned function. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_PG_ADMIN_URL;
  if (!admin) throw new Error('TEST_PG_ADMIN_URL is not set: run the tests through jest (test/global-setup.mjs)');
  // named after the run (test/global-setup.mjs), whose teardown drops any a suite could not
  const name = `t_${process.env.TIANYUAN_TEST_RUN ?? 'x'}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(admin);
  u.pathname = '/' + name;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    },
  };
}

export interface TestApp {
  app: NestFastifyApplication;
  db: DataSource;
  config: AppConfig;
  url: string;
  http: ReturnType<typeof request>;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<{
    data?: T;
    errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
    status: number;
  }>;
  login(email: string, password: string): Promise<{ accessToken: string; refreshToken: string }>;
  close(): Promise<void>;
}

/** The real application on its own fresh PostgreSQL database, migrated. */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { databaseUrl?: string } = {},
): Promise<TestApp> {
  const database = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => undefined }
    : await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'tianyuan-test-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_DIR: dataDir,
    WEB_DIR: join(dataDir, 'no-web'),
    // tests call from one address far faster than people do; the limit has its own test
    ANONYMOUS_RATE: '100000',
    // the tests' own output stays readable (production-mode apps too): errors only, no request lines
    ...(process.env.LOG_TEST ? {} : { LOG_FORMAT: 'pretty' }),
    ...env,
  });
  const app = await createApp(config, database.url, {
    logger: process.env.LOG_TEST ? undefined : new ConsoleLogger({ logLevels: ['error'] }),
  });
  const db = app.get<DataSource>(getDataSourceToken());
  const server = app.getHttpServer();
  const gql: TestApp['gql'] = async (query, variables, token) => {
    const req = request(server).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return { ...(res.body as object), status: res.status };
  };
  return {
    app,
    db,
    config,
    url: database.url,
    http: request(server),
    gql,
    async login(email, password) {
      const r = await gql<{ login: { accessToken: string; refreshToken: string } }>(
        'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ accessToken refreshToken } }',
        { e: email, p: password },
      );
      if (!r.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(r.errors)}`);
      return r.data.login;
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
