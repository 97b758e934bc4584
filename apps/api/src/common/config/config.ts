import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Validated runtime configuration. Every field comes from one environment variable. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  embeddedPgPort: number | null;
  demoData: boolean | null;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  corsOrigins: string[];
  /** one proxy (the load balancer) in front: client addresses come from its X-Forwarded-For */
  trustProxy: boolean;
  logFormat: 'json' | 'pretty';
  webDir: string;
  loginMaxAttempts: number;
  loginWindowSeconds: number;
  /** the longest one SQL statement may run (server side, and the client stops waiting too) */
  dbStatementTimeoutMs: number;
  /** GraphQL requests per second one address may make without a token (burst: 3×) */
  anonymousRatePerSecond: number;
  /** SMTP server for reminders (smtp:// or smtps://, credentials in the URL); null keeps them in the outbox */
  smtpUrl: string | null;
  mailFrom: string;
  /** where proposal and report files live: DATA_DIR/documents, or an S3-compatible bucket */
  documentStore: FileStoreConfig | S3StoreConfig;
  /** connections in the API's PostgreSQL pool */
  dbPoolMax: number;
  /** count SQL statements (tests that prove lists cost a constant number of statements) */
  countQueries: boolean;
  /** where pg_dump / pg_restore live when not on PATH (backup and restore) */
  pgBinDir: string | null;
  /** whether this process works on background jobs and runs the schedules (false: only queues them) */
  jobsWorker: boolean;
  /**
   * how often an idle worker asks the queue for work, in seconds; a run queued on a replica that
   * works its queue is woken at once instead
   */
  jobsPollSeconds: number;
  /** how long a detection waits, in all, for readers of the stored conflicts before it swaps its result in */
  conflictSwapWaitSeconds: number;
  reminders: ReminderConfig;
  /** the address people reach the web at, for links in e-mails (invitations) */
  publicUrl: string;
  /** the bearer token Prometheus sends for /metrics; null: /metrics is off */
  metricsToken: string | null;
}

/** Automatic reminders to reviewers with unsubmitted reviews in OPEN rounds. */
export interface ReminderConfig {
  /** days before a round closes when a reminder goes out (e.g. 7 and 2); empty: none before */
  daysBefore: number[];
  /** once a day (Beijing date) while a round is past its closing time and still OPEN */
  overdueDaily: boolean;
  /** how often the schedule looks for due reminders (cron, Beijing time) */
  cron: string;
}

export interface FileStoreConfig {
  kind: 'file';
}

export interface S3StoreConfig {
  kind: 's3';
  bucket: string;
  region: string;
  /** e.g. https://minio.internal:9000 for S3-compatible stores; null for AWS itself */
  endpoint: string | null;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  prefix: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
  }
}

const DEV_SECRET_FILE = 'jwt-secret';
const KNOWN_WEAK_SECRETS = new Set(['secret', 'changeme', 'change-me', 'jwt-secret', 'development', 'test']);

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer (got '${raw}')`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${n})`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  throw new ConfigError(name, `must be true or false (got '${raw}')`);
}

/**
 * Reads and validates the environment. Throws ConfigError naming the variable at fault.
 * In development and test, a missing JWT_SECRET is replaced by a random one kept in DATA_DIR so
 * that tokens survive restarts; production refuses to start without a strong secret.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnvRaw = env.NODE_ENV?.trim() || 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test (got '${nodeEnvRaw}')`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const port = int(env, 'PORT', 3000, 0, 65535);
  const dataDir = resolve(env.DATA_DIR?.trim() || './data');

  const databaseUrl: string | null = env.DATABASE_URL?.trim() || null;
  if (databaseUrl) {
    let u: URL;
    try {
      u = new URL(databaseUrl);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid URL (expected postgres://user@host:port/database)');
    }
    if (!['postgres:', 'postgresql:'].includes(u.protocol)) {
      throw new ConfigError('DATABASE_URL', `must use the postgres:// scheme (got '${u.protocol}')`);
    }
    if (u.pathname.length <= 1) throw new ConfigError('DATABASE_URL', 'must name a database');
  }
  const embeddedPgPort = env.EMBEDDED_PG_PORT ? int(env, 'EMBEDDED_PG_PORT', 0, 1024, 65535) : null;

  let jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret) {
    if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters long');
    if (KNOWN_WEAK_SECRETS.has(jwtSecret.toLowerCase()) || new Set(jwtSecret).size < 8) {
      throw new ConfigError('JWT_SECRET', 'is a default or low-entropy value');
    }
  } else if (nodeEnv === 'production') {
    throw new ConfigError('JWT_SECRET', 'is required in production (at least 32 random characters)');
  } else {
    jwtSecret = devSecret(dataDir);
  }

  const accessTokenTtlSeconds = int(env, 'ACCESS_TOKEN_TTL', 900, 5, 86400);
  const refreshTokenTtlSeconds = int(env, 'REFRESH_TOKEN_TTL', 30 * 86400, 60, 365 * 86400);
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const o of corsOrigins) {
    try {
      new URL(o);
    } catch {
      throw new ConfigError('CORS_ORIGINS', `contains '${o}', which is not an origin like https://review.example.org`);
    }
  }
  const logFormatRaw = env.LOG_FORMAT?.trim() || (nodeEnv === 'production' ? 'json' : 'pretty');
  if (!['json', 'pretty'].includes(logFormatRaw)) {
    throw new ConfigError('LOG_FORMAT', `must be json or pretty (got '${logFormatRaw}')`);
  }
  return {
    nodeEnv,
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir,
    databaseUrl,
    embeddedPgPort,
    demoData: bool(env, 'DEMO_DATA'),
    jwtSecret,
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds,
    corsOrigins,
    trustProxy: bool(env, 'TRUST_PROXY') ?? false,
    logFormat: logFormatRaw as AppConfig['logFormat'],
    webDir: resolve(env.WEB_DIR?.trim() || 'dist/web'),
    loginMaxAttempts: int(env, 'LOGIN_MAX_ATTEMPTS', 10, 1, 1000),
    dbStatementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    anonymousRatePerSecond: int(env, 'ANONYMOUS_RATE', 20, 1, 100_000),
    loginWindowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86400),
    smtpUrl: smtp(env),
    mailFrom: env.MAIL_FROM?.trim() || '天元数学基金评审平台 <noreply@localhost>',
    documentStore: documentStore(env),
    dbPoolMax: int(env, 'DB_POOL_MAX', 20, 1, 500),
    countQueries: bool(env, 'COUNT_QUERIES') ?? false,
    pgBinDir: env.PG_BIN_DIR?.trim() || null,
    jobsWorker: bool(env, 'JOBS_WORKER') ?? true,
    jobsPollSeconds: int(env, 'JOBS_POLL_SECONDS', 1, 1, 3600),
    conflictSwapWaitSeconds: int(env, 'CONFLICT_SWAP_WAIT_SECONDS', 20, 1, 600),
    reminders: reminders(env),
    publicUrl: publicUrl(env, port),
    metricsToken: metricsToken(env),
  };
}

function metricsToken(env: NodeJS.ProcessEnv): string | null {
  const raw = env.METRICS_TOKEN?.trim();
  if (!raw) return null;
  if (raw.length < 16 || !/^[\x21-\x7e]+$/.test(raw))
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 printable characters without spaces');
  return raw;
}

function publicUrl(env: NodeJS.ProcessEnv, port: number): string {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return `http://localhost:${port}`;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_URL', `must be an address like https://review.example.org (got '${raw}')`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new ConfigError('PUBLIC_URL', `must start with http:// or https:// (got '${raw}')`);
  return raw.replace(/\/+$/, '');
}

function reminders(env: NodeJS.ProcessEnv): ReminderConfig {
  const raw = env.REMINDER_DAYS_BEFORE?.trim() ?? '7,2';
  const daysBefore = raw
    ? raw.split(',').map((d) => {
        const t = d.trim();
        if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 90)
          throw new ConfigError('REMINDER_DAYS_BEFORE', `must list whole days from 1 to 90, like 7,2 (got '${raw}')`);
        return Number(t);
      })
    : [];
  const cron = env.REMINDER_CRON?.trim() || '0 * * * *';
  // five fields of digits, *, /, -, and commas: what pg-boss's cron parser takes
  if (!/^([\d*/,-]+\s+){4}[\d*/,-]+$/.test(cron))
    throw new ConfigError('REMINDER_CRON', `must be a five-field cron expression like '0 * * * *' (got '${cron}')`);
  return {
    daysBefore: [...new Set(daysBefore)].sort((a, b) => b - a),
    overdueDaily: bool(env, 'REMINDER_OVERDUE_DAILY') ?? true,
    cron,
  };
}

function smtp(env: NodeJS.ProcessEnv): string | null {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL', 'is not a valid URL (expected smtp://user:password@host:587 or smtps://…)');
  }
  if (!['smtp:', 'smtps:'].includes(u.protocol))
    throw new ConfigError('SMTP_URL', `must use smtp:// or smtps:// (got '${u.protocol}')`);
  if (!u.hostname) throw new ConfigError('SMTP_URL', 'must name a host');
  return raw;
}

function documentStore(env: NodeJS.ProcessEnv): FileStoreConfig | S3StoreConfig {
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) {
    for (const v of ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'])
      if (env[v]?.trim()) throw new ConfigError('S3_BUCKET', `is required when ${v} is set`);
    return { kind: 'file' };
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new ConfigError('S3_BUCKET', `'${bucket}' is not a valid bucket name (3–63 of a-z 0-9 . -)`);
  const endpoint = env.S3_ENDPOINT?.trim() || null;
  if (endpoint) {
    try {
      const u = new URL(endpoint);
      if (!['http:', 'https:'].includes(u.protocol)) throw new Error();
    } catch {
      throw new ConfigError('S3_ENDPOINT', `must be an http(s) URL (got '${endpoint}')`);
    }
  }
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId) throw new ConfigError('S3_ACCESS_KEY_ID', 'is required with S3_BUCKET');
  if (!secretAccessKey) throw new ConfigError('S3_SECRET_ACCESS_KEY', 'is required with S3_BUCKET');
  return {
    kind: 's3',
    bucket,
    region: env.S3_REGION?.trim() || 'us-east-1',
    endpoint,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: bool(env, 'S3_FORCE_PATH_STYLE') ?? endpoint !== null,
    prefix: (env.S3_PREFIX?.trim() || 'documents/').replace(/^\/+/, ''),
  };
}

function devSecret(dataDir: string): string {
  const file = join(dataDir, DEV_SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, secret + '\n', { mode: 0o600 });
  } catch (e) {
    // a DATA_DIR that cannot be a folder of ours: said by name, not as a stack trace
    throw new ConfigError(
      'DATA_DIR',
      `cannot be used: ${(e as NodeJS.ErrnoException).code ?? String(e)} at ${dataDir}`,
    );
  }
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
