import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase } from './helpers/app';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../ormconfig';

const root = join(__dirname, '..');
const cli = (args: string[], env: Record<string, string>, input = '') =>
  spawnSync(process.execPath, ['scripts/cli.mjs', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
  });

describe('npm run cli -- create-user', () => {
  it('makes the first admin of a database from a password on stdin, and refuses bad input in one line', async () => {
    const database = await createTestDatabase();
    try {
      const env = { DATABASE_URL: database.url, NODE_ENV: 'test' };
      const ok = cli(
        ['create-user', '--email', 'root@example.org', '--role', 'ADMIN', '--name', '根管理员'],
        env,
        'Str0ng-Passw0rd!\n',
      );
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      expect(ok.stdout).toMatch(/created root@example.org \(ADMIN\)/);

      const weak = cli(['create-user', '--email', 'b@example.org', '--role', 'ADMIN'], env, 'weak\n');
      expect(weak.status).toBe(2);
      expect(weak.stderr.trim().split('\n')).toHaveLength(1);
      expect(weak.stderr).toMatch(/password/);

      const role = cli(['create-user', '--email', 'c@example.org', '--role', 'KING'], env, 'Str0ng-Passw0rd!\n');
      expect(role.status).toBe(2);
      expect(role.stderr).toMatch(/--role: 'KING'/);

      const dup = cli(['create-user', '--email', 'ROOT@example.org', '--role', 'ADMIN'], env, 'Str0ng-Passw0rd!\n');
      expect(dup.status).toBe(2);
      expect(dup.stderr).toMatch(/already registered/);

      const missing = cli(['create-user', '--role', 'ADMIN'], env, 'Str0ng-Passw0rd!\n');
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/--email is required/);

      const ds = new DataSource(dataSourceOptions(database.url));
      await ds.initialize();
      const users = await ds.query('SELECT email, roles, name FROM users');
      await ds.destroy();
      expect(users).toEqual([{ email: 'root@example.org', roles: ['ADMIN'], name: '根管理员' }]);
    } finally {
      await database.drop();
    }
  });
});
