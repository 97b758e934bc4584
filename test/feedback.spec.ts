import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

/**
 * What people are told: every error in one language at a time (messageZh / messageEn), no ids in
 * texts meant for people, reminders previewed with the truth about delivery, a closed round that
 * says when it really closed, and deadlines moved or rounds reopened only with a reason.
 */
describe('honest feedback and safe round actions', () => {
  let t: TestApp;
  let officer: string;
  let midterm: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    midterm = (await t.db.query(`SELECT id FROM review_rounds WHERE kind = 'MIDTERM'`))[0].id;
  });
  afterAll(() => t.close());

  it('gives every error in Chinese and in English, separately, with no id in either', async () => {
    const wrong = await t.gql('mutation { login(email:"officer@demo.local", password:"nope-nope") { accessToken } }');
    expect(wrong.errors![0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      messageZh: '邮箱或密码错误',
      messageEn: 'Wrong e-mail or password',
    });
    const id = '6f1c1b2e-1f7b-4c1e-9a55-0c4f0e8d1a22';
    const missing = await t.gql('query($id:ID!){ reviewRound(id:$id) { id } }', { id }, officer);
    const x = missing.errors![0].extensions!;
    expect(x.code).toBe('NOT_FOUND');
    expect(x.id).toBe(id);
    expect(x.messageZh).toBe('未找到该评审轮次');
    expect(x.messageEn).toBe('round not found');
    expect(JSON.stringify([x.messageZh, x.messageEn, missing.errors![0].message])).not.toContain(id);
    // a field named by the input keeps its name in both languages
    const bad = await t.gql(
      'mutation($r:ID!){ extendRound(roundId:$r, closesAt:"2099-01-01T00:00:00Z", reason:"x") { id } }',
      { r: midterm },
      officer,
    );
    expect(bad.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
      messageZh: 'reason：请填写理由（至少 5 个字）',
      messageEn: 'reason: say why, in at least 5 characters',
    });
  });

  it('previews reminders: recipients, the message, and that without SMTP nothing leaves', async () => {
    const r = await t.gql<{
      reminderPreview: {
        delivery: string;
        recipients: { email: string; due: number }[];
        subject: string;
        body: string;
      };
    }>(
      'query($r:ID!){ reminderPreview(roundId:$r) { delivery recipients { email due } subject body } }',
      { r: midterm },
      officer,
    );
    const p = r.data!.reminderPreview;
    expect(p.delivery).toBe('OUTBOX');
    const due: { email: string; due: number }[] = await t.db.query(
      `SELECT u.email, (count(a.id) - count(rv.id) FILTER (WHERE rv.status = 'SUBMITTED'))::int AS due
         FROM assignments a JOIN users u ON u.id = a.reviewer_id LEFT JOIN reviews rv ON rv.assignment_id = a.id
        WHERE a.round_id = $1 AND a.status = 'ACTIVE' GROUP BY u.email
       HAVING count(a.id) > count(rv.id) FILTER (WHERE rv.status = 'SUBMITTED') ORDER BY u.email`,
      [midterm],
    );
    expect(p.recipients).toEqual(due);
    expect(p.subject).toContain(`尚有 ${due[0].due} 份评审意见未提交`);
    // the deadline in Beijing time with its date, never an ISO instant
    expect(p.body).toMatch(/将于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）截止/);
    expect(p.body).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    // the preview changes nothing
    expect((await t.db.query(`SELECT count(*)::int AS n FROM outbox`))[0].n).toBe(0);
  });

  it('records when a round really closed, and reopens or extends it only later and with a reason', async () => {
    const close = await t.gql<{ closeRound: { status: string; closedAt: string; closesAt: string } }>(
      'mutation($r:ID!){ closeRound(roundId:$r) { status closedAt closesAt } }',
      { r: midterm },
      officer,
    );
    const closed = close.data!.closeRound;
    expect(closed.status).toBe('CLOSED');
    expect(Math.abs(new Date(closed.closedAt).getTime() - Date.now())).toBeLessThan(60_000);
    expect(new Date(closed.closedAt).getTime()).toBeLessThan(new Date(closed.closesAt).getTime()); // early

    const extend = (closesAt: string, reason: string) =>
      t.gql<{ extendRound: { status: string; closesAt: string; closedAt: string | null } }>(
        'mutation($r:ID!,$c:DateTime!,$why:String!){ extendRound(roundId:$r, closesAt:$c, reason:$why) { status closesAt closedAt } }',
        { r: midterm, c: closesAt, why: reason },
        officer,
      );
    const past = await extend('2020-01-01T00:00:00Z', 'panel asked for more time');
    expect(past.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'closesAt' });
    const noReason = await extend('2099-01-01T00:00:00+08:00', '  ');
    expect(noReason.errors![0].extensions?.field).toBe('reason');
    expect((await t.db.query(`SELECT status FROM review_rounds WHERE id = $1`, [midterm]))[0].status).toBe('CLOSED');

    const reopened = await extend('2099-01-01T16:00:00+08:00', 'two reviewers were ill');
    expect(reopened.data!.extendRound).toEqual({
      status: 'OPEN',
      closesAt: '2099-01-01T08:00:00.000Z',
      closedAt: null,
    });
    const earlier = await extend('2098-06-01T00:00:00Z', 'move it back again');
    expect(earlier.errors![0].extensions?.field).toBe('closesAt'); // an open round only moves later
    const later = await extend('2099-02-01T00:00:00Z', 'the panel meets later');
    expect(later.data!.extendRound.status).toBe('OPEN');
    const audit: { action: string; reason: string }[] = await t.db.query(
      `SELECT action, reason FROM audit_log WHERE entity = 'round' AND entity_id = $1 ORDER BY id DESC LIMIT 3`,
      [midterm],
    );
    expect(audit).toEqual([
      { action: 'round.extend', reason: 'the panel meets later' },
      { action: 'round.reopen', reason: 'two reviewers were ill' },
      { action: 'round.closed', reason: null },
    ]);
    // a reviewer may write again until the new deadline
    const r1 = await t.login('reviewer1@demo.local', 'demo-reviewer');
    const [a] = await t.db.query(
      `SELECT a.id, r.version FROM assignments a JOIN users u ON u.id = a.reviewer_id LEFT JOIN reviews r ON r.assignment_id = a.id
        WHERE a.round_id = $1 AND u.email = 'reviewer1@demo.local' AND a.status = 'ACTIVE' AND (r.status IS NULL OR r.status = 'DRAFT') LIMIT 1`,
      [midterm],
    );
    const saved = await t.gql(
      'mutation($a:ID!,$v:Int){ saveReview(assignmentId:$a, input:{ scores: [] }, expectedVersion:$v) { version } }',
      { a: a.id, v: a.version ?? 0 },
      r1.accessToken,
    );
    expect(saved.errors).toBeUndefined();
  });

  it('tells a disabled account why it cannot sign in, only when the password is right', async () => {
    const admin = (await t.login('admin@demo.local', 'demo-admin')).accessToken;
    const [u] = await t.db.query(`SELECT id FROM users WHERE email = 'reviewer30@demo.local'`);
    await t.gql('mutation($id:ID!){ updateUser(id:$id, input:{disabled:true}){ id } }', { id: u.id }, admin);
    const right = await t.gql(
      'mutation { login(email:"reviewer30@demo.local", password:"demo-reviewer") { accessToken } }',
    );
    expect(right.errors![0].extensions).toMatchObject({
      reason: 'ACCOUNT_DISABLED',
      messageEn: expect.stringMatching(/disabled/),
    });
    const wrong = await t.gql(
      'mutation { login(email:"reviewer30@demo.local", password:"not-it-at-all") { accessToken } }',
    );
    expect(wrong.errors![0].extensions?.messageEn).toBe('Wrong e-mail or password');
  });
});
