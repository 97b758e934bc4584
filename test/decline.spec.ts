import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

/** A reviewer declines a project after assignment: withdrawn, another reviewer seated, the officer told. */
describe('declining an assignment', () => {
  let t: TestApp;
  let reviewer: string;
  let replacementId: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
  });
  afterAll(() => t.close());

  const DECLINE = 'mutation($a:ID!,$r:String!){ declineAssignment(assignmentId:$a, reason:$r) }';
  /** reviewer1's active assignments without a review, in the open round. */
  const unstarted = () =>
    t.db.query(
      `SELECT a.id, a.application_id, a.covers, a.round_id FROM assignments a JOIN users u ON u.id = a.reviewer_id
         JOIN review_rounds r ON r.id = a.round_id
        WHERE u.email = 'reviewer1@demo.local' AND a.status = 'ACTIVE' AND r.status = 'OPEN'
          AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.assignment_id = a.id) ORDER BY a.created_at, a.id`,
    );

  it('needs a reason, then withdraws it and seats a reviewer of the same discipline, both audited', async () => {
    const [a] = await unstarted();
    expect(a).toBeTruthy();
    const empty = await t.gql(DECLINE, { a: a.id, r: '  ' }, reviewer);
    expect(empty.errors?.[0].extensions?.field).toBe('reason');
    const ok = await t.gql(DECLINE, { a: a.id, r: '时间不足：出差两周' }, reviewer);
    expect(ok.data).toEqual({ declineAssignment: true });
    const [gone] = await t.db.query(`SELECT status FROM assignments WHERE id = $1`, [a.id]);
    expect(gone.status).toBe('DECLINED');
    const [seat] = await t.db.query(
      `SELECT a.id, a.covers, p.disciplines, u.email FROM assignments a JOIN users u ON u.id = a.reviewer_id JOIN persons p ON p.id = u.person_id
        WHERE a.round_id = $1 AND a.application_id = $2 AND a.source = 'REPLACEMENT' AND a.status = 'ACTIVE'`,
      [a.round_id, a.application_id],
    );
    expect(seat.email).not.toBe('reviewer1@demo.local');
    // the seat keeps what it covered (libs/assignment/src/plan.spec.ts checks the discipline rule by hand)
    expect(seat.covers).toBe(a.covers);
    if (a.covers) expect(seat.disciplines).toContain(a.covers);
    replacementId = seat.id;
    const blocked = await t.db.query(
      `SELECT 1 FROM conflicts c JOIN users u ON u.id = c.reviewer_id WHERE c.round_id = $1 AND c.application_id = $2 AND u.email = $3`,
      [a.round_id, a.application_id, seat.email],
    );
    expect(blocked).toHaveLength(0);
    const trail = await t.db.query(
      `SELECT action, after FROM audit_log WHERE action IN ('assignment.declined', 'assignment.replacement') ORDER BY id`,
    );
    expect(trail.map((x: { action: string }) => x.action)).toEqual(['assignment.declined', 'assignment.replacement']);
    expect(trail[1].after).toMatchObject({ replaces: a.id, applicationId: a.application_id });
  });

  it('tells the officer when nobody can take the seat', async () => {
    // the seat just filled by the first test, not reviewed yet
    const [a] = await t.db.query(
      `SELECT a.id, a.application_id, a.covers, u.email FROM assignments a JOIN users u ON u.id = a.reviewer_id WHERE a.id = $1`,
      [replacementId],
    );
    const token = (await t.login(a.email, 'demo-reviewer')).accessToken;
    // every other reviewer away
    await t.db.query(`UPDATE users SET disabled = true WHERE 'REVIEWER' = ANY(roles) AND email <> $1`, [a.email]);
    const ok = await t.gql(DECLINE, { a: a.id, r: '超出专业范围' }, token);
    expect(ok.data).toEqual({ declineAssignment: true });
    const [u] = await t.db.query(
      `SELECT after FROM audit_log WHERE action = 'assignment.unfilled' AND entity_id = $1`,
      [a.id],
    );
    expect(u.after).toMatchObject({ applicationId: a.application_id });
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'assignment.replacement' AND after->>'replaces' = $1`,
      [a.id],
    );
    expect(n).toBe(0);
  });
});
