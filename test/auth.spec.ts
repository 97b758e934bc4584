import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

describe('sign-in, tokens and roles (GraphQL on PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL: '5', LOGIN_MAX_ATTEMPTS: '4' });
    await seedDemo(t.app);
  });
  afterAll(() => t.close());

  it('signs the demo officer in and reads the 14 directions with their funding', async () => {
    const { accessToken } = await t.login('officer@demo.local', 'demo-officer');
    const r = await t.gql<{
      me: { email: string; roles: string[] };
      programs: {
        year: number;
        directions: { number: number; titleZh: string; titleEn: string; fundingAmount: number }[];
      }[];
    }>('{ me { email roles } programs { year directions { number titleZh titleEn fundingAmount } } }', {}, accessToken);
    expect(r.errors).toBeUndefined();
    expect(r.data!.me).toEqual({ email: 'officer@demo.local', roles: ['PROGRAM_OFFICER'] });
    const dirs = r.data!.programs[0].directions;
    expect(dirs).toHaveLength(14);
    expect(dirs.map((d) => d.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    for (const d of dirs) expect(d.fundingAmount).toBe(d.number === 3 || d.number === 4 ? 3000000 : 2000000);
    expect(dirs[0].titleZh).toBe('基于随机矩阵极限理论的大模型机理研究');
    expect(dirs[13].titleEn).toBe('Integrated diagnosis-and-treatment foundation model from nuclear-medicine imaging');
  });

  it('accepts the e-mail in any case', async () => {
    await expect(t.login('Officer@Demo.LOCAL', 'demo-officer')).resolves.toHaveProperty('accessToken');
  });

  it('answers anonymous calls with UNAUTHENTICATED', async () => {
    for (const q of ['{ me { id } }', '{ programs { id } }', '{ users { id } }']) {
      const r = await t.gql(q);
      expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(r.data ?? null).toBeNull();
    }
  });

  it('refuses a wrong password, an unknown account and a forged token', async () => {
    const wrong = await t.gql('mutation { login(email:"reviewer1@demo.local", password:"nope-nope") { accessToken } }');
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const unknown = await t.gql(
      'mutation { login(email:"nobody@demo.local", password:"whatever-123") { accessToken } }',
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await t.gql('{ me { id } }', {}, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(wrong)).not.toMatch(/stack|at .*\.ts/);
  });

  it('throttles repeated failures for one account with TOO_MANY_REQUESTS, even with the right password', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await t.gql(
        'mutation { login(email:"reviewer30@demo.local", password:"wrong-password") { accessToken } }',
      );
      expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await t.gql(
      'mutation { login(email:"reviewer30@demo.local", password:"demo-reviewer") { accessToken } }',
    );
    expect(blocked.errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
    // another account from the same address is not blocked yet
    await expect(t.login('reviewer29@demo.local', 'demo-reviewer')).resolves.toHaveProperty('accessToken');
  });

  it('enforces roles: a reviewer cannot list users, an admin can', async () => {
    const rev = await t.login('reviewer1@demo.local', 'demo-reviewer');
    const refused = await t.gql('{ users { email } }', {}, rev.accessToken);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const admin = await t.login('admin@demo.local', 'demo-admin');
    const ok = await t.gql<{ users: { email: string }[] }>('{ users(limit: 500) { email } }', {}, admin.accessToken);
    // admin, officer, 30 reviewers and the two project leads
    expect(ok.data!.users).toHaveLength(34);
  });

  it('expires access tokens after ACCESS_TOKEN_TTL and refreshes them with rotation', async () => {
    const s = await t.login('reviewer2@demo.local', 'demo-reviewer');
    expect((await t.gql('{ me { email } }', {}, s.accessToken)).errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 6500));
    const expired = await t.gql('{ me { email } }', {}, s.accessToken);
    expect(expired.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const refreshed = await t.gql<{ refreshToken: { accessToken: string; refreshToken: string } }>(
      'mutation($r:String!){ refreshToken(refreshToken:$r){ accessToken refreshToken } }',
      { r: s.refreshToken },
    );
    const next = refreshed.data!.refreshToken;
    expect(next.refreshToken).not.toBe(s.refreshToken);
    const me = await t.gql<{ me: { email: string } }>('{ me { email } }', {}, next.accessToken);
    expect(me.data!.me.email).toBe('reviewer2@demo.local');

    // the spent token presented again after the grace of a few seconds (a copy, not a second tab):
    // refused, the whole family revoked, and the access token issued with it ends at once
    await t.db.query(`UPDATE refresh_tokens SET rotated_at = now() - interval '1 minute' WHERE rotated_at IS NOT NULL`);
    const reuse = await t.gql('mutation($r:String!){ refreshToken(refreshToken:$r){ accessToken } }', {
      r: s.refreshToken,
    });
    expect(reuse.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const after = await t.gql('mutation($r:String!){ refreshToken(refreshToken:$r){ accessToken } }', {
      r: next.refreshToken,
    });
    expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql('{ me { email } }', {}, next.accessToken)).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  }, 20000);

  it('two tabs refreshing one token at once both get its one successor; the session goes on', async () => {
    const s = await t.login('reviewer5@demo.local', 'demo-reviewer');
    const all = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.gql<{ refreshToken: { accessToken: string; refreshToken: string } }>(
          'mutation($r:String!){ refreshToken(refreshToken:$r){ accessToken refreshToken } }',
          { r: s.refreshToken },
        ),
      ),
    );
    for (const r of all) expect(r.errors).toBeUndefined();
    expect(new Set(all.map((r) => r.data!.refreshToken.refreshToken)).size).toBe(1);
    const successor = all[0].data!.refreshToken.refreshToken;
    for (const r of all)
      expect((await t.gql('{ me { email } }', {}, r.data!.refreshToken.accessToken)).errors).toBeUndefined();
    const again = await t.gql<{ refreshToken: { refreshToken: string } }>(
      'mutation($r:String!){ refreshToken(refreshToken:$r){ refreshToken } }',
      { r: successor },
    );
    expect(again.errors).toBeUndefined();
    const families = await t.db.query(
      `SELECT count(*)::int AS n FROM refresh_tokens rt JOIN users u ON u.id = rt.user_id
        WHERE u.email = 'reviewer5@demo.local' AND rt.revoked_at IS NOT NULL`,
    );
    expect(families[0].n).toBe(0);
  });

  it('revokes the session on logout, its access token included, at once', async () => {
    const s = await t.login('reviewer3@demo.local', 'demo-reviewer');
    const out = await t.gql('mutation($r:String){ logout(refreshToken:$r) }', { r: s.refreshToken }, s.accessToken);
    expect(out.errors).toBeUndefined();
    expect((await t.gql('{ me { id } }', {}, s.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const r = await t.gql('mutation($r:String!){ refreshToken(refreshToken:$r){ accessToken } }', {
      r: s.refreshToken,
    });
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('signs out everywhere on password change and enforces the password policy', async () => {
    const a = await t.login('reviewer4@demo.local', 'demo-reviewer');
    const b = await t.login('reviewer4@demo.local', 'demo-reviewer');
    const weak = await t.gql(
      'mutation { changePassword(currentPassword:"demo-reviewer", newPassword:"short") { accessToken } }',
      {},
      a.accessToken,
    );
    expect(weak.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(weak.errors?.[0].message).toMatch(/newPassword/);
    const badCurrent = await t.gql(
      'mutation { changePassword(currentPassword:"not-it-at-all", newPassword:"N3w-Passw0rd!") { accessToken } }',
      {},
      a.accessToken,
    );
    expect(badCurrent.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(badCurrent.errors?.[0].message).toMatch(/currentPassword/);
    const ok = await t.gql<{ changePassword: { accessToken: string } }>(
      'mutation { changePassword(currentPassword:"demo-reviewer", newPassword:"N3w-Passw0rd!") { accessToken } }',
      {},
      a.accessToken,
    );
    expect(ok.errors).toBeUndefined();
    // the old access tokens of both sessions and the old refresh token are dead
    expect((await t.gql('{ me { id } }', {}, a.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql('{ me { id } }', {}, b.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const r = await t.gql('mutation($r:String!){ refreshToken(refreshToken:$r){ accessToken } }', {
      r: b.refreshToken,
    });
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql('{ me { id } }', {}, ok.data!.changePassword.accessToken)).errors).toBeUndefined();
    await expect(t.login('reviewer4@demo.local', 'N3w-Passw0rd!')).resolves.toHaveProperty('accessToken');
  });

  it('lets an admin create, re-role and disable users, with clear field errors and an audit trail', async () => {
    const admin = await t.login('admin@demo.local', 'demo-admin');
    const create = `mutation($i: CreateUserInput!){ createUser(input:$i){ id email roles } }`;
    const bad = await t.gql(
      create,
      { i: { email: 'not-an-email', name: 'X', roles: ['REVIEWER'], password: 'Good-Passw0rd' } },
      admin.accessToken,
    );
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(/email/);
    const badRole = await t.gql(
      create,
      { i: { email: 'x@demo.local', name: 'X', roles: ['KING'], password: 'Good-Passw0rd' } },
      admin.accessToken,
    );
    expect(badRole.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const dup = await t.gql(
      create,
      { i: { email: 'OFFICER@demo.local', name: 'X', roles: ['REVIEWER'], password: 'Good-Passw0rd' } },
      admin.accessToken,
    );
    expect(dup.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const made = await t.gql<{ createUser: { id: string; roles: string[] } }>(
      create,
      { i: { email: 'new.officer@demo.local', name: '新主管', roles: ['REVIEWER'], password: 'Good-Passw0rd' } },
      admin.accessToken,
    );
    expect(made.errors).toBeUndefined();
    const id = made.data!.createUser.id;
    const u = await t.login('new.officer@demo.local', 'Good-Passw0rd');
    expect((await t.gql('{ users { id } }', {}, u.accessToken)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await t.gql(
      'mutation($id:ID!){ updateUser(id:$id, input:{roles:[PROGRAM_OFFICER, ADMIN]}){ roles } }',
      { id },
      admin.accessToken,
    );
    expect((await t.gql('{ users { id } }', {}, u.accessToken)).errors).toBeUndefined(); // roles read per request
    await t.gql(
      'mutation($id:ID!){ updateUser(id:$id, input:{disabled:true}){ disabled } }',
      { id },
      admin.accessToken,
    );
    expect((await t.gql('{ me { id } }', {}, u.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const relog = await t.gql(
      'mutation { login(email:"new.officer@demo.local", password:"Good-Passw0rd") { accessToken } }',
    );
    expect(relog.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // the owner (who knows the password) is told why; a wrong password still says only that
    expect(relog.errors?.[0].extensions?.reason).toBe('ACCOUNT_DISABLED');
    expect(relog.errors?.[0].extensions?.messageZh).toBe('账号已停用，请联系项目办公室');
    const wrong = await t.gql(
      'mutation { login(email:"new.officer@demo.local", password:"Wrong-Passw0rd") { accessToken } }',
    );
    expect(wrong.errors?.[0].extensions?.messageZh).toBe('邮箱或密码错误');
    expect(wrong.errors?.[0].extensions?.reason).toBeUndefined();

    const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['user.create', 'user.update', 'user.update']);
  });

  it('does not let a malformed id become a 500', async () => {
    const admin = await t.login('admin@demo.local', 'demo-admin');
    const r = await t.gql('mutation { updateUser(id:"not-a-uuid", input:{name:"x"}) { id } }', {}, admin.accessToken);
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('client addresses for sign-in throttling', () => {
  const attemptFrom = async (t: TestApp, forwardedFor: string | null) => {
    const req = t.http.post('/graphql').set('content-type', 'application/json');
    if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
    await req.send({
      query: 'mutation { login(email: "nobody@demo.local", password: "wrong-password") { accessToken } }',
    });
    const rows: { ip: string }[] = await t.db.query('SELECT ip FROM login_attempts ORDER BY at DESC LIMIT 1');
    return rows[0].ip;
  };

  it('behind the balancer (TRUST_PROXY=true) take the address it appended, not one the client wrote', async () => {
    const t = await startTestApp({ TRUST_PROXY: 'true' });
    try {
      expect(await attemptFrom(t, '203.0.113.7')).toBe('203.0.113.7');
      // a client's own X-Forwarded-For comes first; the balancer appends the address it saw
      expect(await attemptFrom(t, '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
    } finally {
      await t.close();
    }
  });

  it('without TRUST_PROXY ignore X-Forwarded-For', async () => {
    const t = await startTestApp();
    try {
      expect(await attemptFrom(t, '203.0.113.7')).toMatch(/127\.0\.0\.1|::1/);
    } finally {
      await t.close();
    }
  });
});

describe('sign-in throttling under concurrency (counted before the password is checked)', () => {
  const LIMIT = 5;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true', LOGIN_MAX_ATTEMPTS: String(LIMIT) });
    await seedDemo(t.app);
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, from: string) =>
    t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('X-Forwarded-For', from)
      .send({
        query: 'mutation($e:String!,$p:String!){ login(email:$e, password:$p) { accessToken } }',
        variables: { e: email, p: password },
      })
      .then((r) => (r.body.errors?.[0]?.extensions?.code as string | undefined) ?? 'OK');

  it('lets at most the limit through when 200 wrong passwords for one account arrive at once', async () => {
    const codes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login('reviewer28@demo.local', `wrong-${i}-password`, '198.51.100.10')),
    );
    const checked = codes.filter((c) => c === 'UNAUTHENTICATED').length;
    expect(checked).toBe(LIMIT);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS').length).toBe(200 - LIMIT);
    const stored = await t.db.query(
      `SELECT count(*)::int AS n FROM login_attempts WHERE email = 'reviewer28@demo.local'`,
    );
    expect(stored[0].n).toBe(LIMIT);
    // the right password from the attacking address is refused too
    expect(await login('reviewer28@demo.local', 'demo-reviewer', '198.51.100.10')).toBe('TOO_MANY_REQUESTS');
  });

  it('a burst with the right password somewhere in it checks no more than the limit', async () => {
    const burst = Array.from({ length: 40 }, (_, i) => (i === 30 ? 'demo-reviewer' : `wrong-${i}-password`));
    const codes = await Promise.all(burst.map((p) => login('reviewer27@demo.local', p, '198.51.100.11')));
    expect(codes.filter((c) => c !== 'TOO_MANY_REQUESTS').length).toBe(LIMIT);
  });

  it('cannot be used to lock the owner out: a clean address still signs in; each new address gets one guess', async () => {
    for (let i = 0; i < LIMIT; i++) await login('reviewer26@demo.local', `wrong-${i}-password`, '203.0.113.50');
    expect(await login('reviewer26@demo.local', 'demo-reviewer', '203.0.113.50')).toBe('TOO_MANY_REQUESTS');
    // another attacker address: one wrong guess, then refused for this account
    expect(await login('reviewer26@demo.local', 'still-wrong-1', '203.0.113.51')).toBe('UNAUTHENTICATED');
    expect(await login('reviewer26@demo.local', 'still-wrong-2', '203.0.113.51')).toBe('TOO_MANY_REQUESTS');
    // the owner, from an address that has not failed, gets in, which clears the account's failures
    expect(await login('reviewer26@demo.local', 'demo-reviewer', '192.0.2.80')).toBe('OK');
    const left = await t.db.query(
      `SELECT count(*)::int AS n FROM login_attempts WHERE email = 'reviewer26@demo.local'`,
    );
    expect(left[0].n).toBe(0);
  });

  it('limits guessing the current password through changePassword the same way', async () => {
    const { accessToken } = await t.login('reviewer25@demo.local', 'demo-reviewer');
    const change = (current: string) =>
      t.http
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${accessToken}`)
        .set('X-Forwarded-For', '198.51.100.12')
        .send({
          query:
            'mutation($c:String!){ changePassword(currentPassword:$c, newPassword:"Another-Passw0rd-9") { accessToken } }',
          variables: { c: current },
        })
        .then((r) => (r.body.errors?.[0]?.extensions?.code as string | undefined) ?? 'OK');
    const codes = await Promise.all(Array.from({ length: 30 }, (_, i) => change(`guess-${i}-password`)));
    expect(codes.filter((c) => c === 'BAD_USER_INPUT').length).toBe(LIMIT);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS').length).toBe(30 - LIMIT);
    expect(await change('demo-reviewer')).toBe('TOO_MANY_REQUESTS');
  });
});
