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
  logFormat: 'json' | 'pretty';
  webDir: string;
  loginMaxAttempts: number;
  loginWindowSeconds: number;
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
    logFormat: logFormatRaw as AppConfig['logFormat'],
    webDir: resolve(env.WEB_DIR?.trim() || 'dist/web'),
    loginMaxAttempts: int(env, 'LOGIN_MAX_ATTEMPTS', 10, 1, 1000),
    loginWindowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86400),
  };
}

function devSecret(dataDir: string): string {
  const file = join(dataDir, DEV_SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
