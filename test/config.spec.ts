import { ConfigError, loadConfig } from '../apps/api/src/common/config/config';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dataDir = () => mkdtempSync(join(tmpdir(), 'cfg-'));
const strong = 'k8#Zq2!vR7@pL4$wN1%xT6^yB3&mC9*d';

describe('configuration is validated at start-up, naming the variable', () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ PORT: 'abc' }, 'PORT', /integer/],
    [{ PORT: '70000' }, 'PORT', /between/],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV', /development, production or test/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL', /postgres/],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /valid URL/],
    [{ DATABASE_URL: 'postgres://u@h:5432' }, 'DATABASE_URL', /database/],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET', /required in production/],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET', /at least 32/],
    [{ JWT_SECRET: 'a'.repeat(40) }, 'JWT_SECRET', /low-entropy/],
    [{ DEMO_DATA: 'maybe' }, 'DEMO_DATA', /true or false/],
    [{ CORS_ORIGINS: 'not-an-origin' }, 'CORS_ORIGINS', /origin/],
    [{ ACCESS_TOKEN_TTL: '0' }, 'ACCESS_TOKEN_TTL', /between/],
    [{ SMTP_URL: 'http://mail.example.org' }, 'SMTP_URL', /smtp:\/\/ or smtps:\/\//],
    [{ SMTP_URL: 'not a url' }, 'SMTP_URL', /valid URL/],
    [{ S3_ENDPOINT: 'http://minio:9000' }, 'S3_BUCKET', /required when S3_ENDPOINT/],
    [{ S3_BUCKET: 'Bad_Bucket' }, 'S3_BUCKET', /bucket name/],
    [{ S3_BUCKET: 'docs' }, 'S3_ACCESS_KEY_ID', /required/],
    [{ S3_BUCKET: 'docs', S3_ACCESS_KEY_ID: 'k' }, 'S3_SECRET_ACCESS_KEY', /required/],
    [
      { S3_BUCKET: 'docs', S3_ENDPOINT: 'ftp://x', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' },
      'S3_ENDPOINT',
      /http/,
    ],
  ];
  it.each(cases)('%j → %s', (env, variable, msg) => {
    let err: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir(), ...env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
    expect((err as Error).message).toContain(variable);
    expect((err as Error).message).toMatch(msg);
  });

  it('accepts a complete production configuration', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: strong,
      DATABASE_URL: 'postgres://u@db:5432/review',
      PORT: '8080',
      DATA_DIR: dataDir(),
    });
    expect(c.port).toBe(8080);
    expect(c.logFormat).toBe('json');
    expect(c.databaseUrl).toBe('postgres://u@db:5432/review');
  });

  it('keeps a generated development secret across restarts', () => {
    const d = dataDir();
    const a = loadConfig({ DATA_DIR: d });
    const b = loadConfig({ DATA_DIR: d });
    expect(a.jwtSecret).toBe(b.jwtSecret);
    expect(a.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });
});
