import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

describe('reviewer pool and score distributions (officers)', () => {
  let t: TestApp;
  let officer: string;
  let open: string;
  let finalized: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    [{ id: open }] = await t.db.query(`SELECT id FROM review_rounds WHERE status = 'OPEN'`);
    [{ id: finalized }] = await t.db.query(`SELECT id FROM review_rounds WHERE status = 'FINALIZED'`);
  });
  afterAll(() => t.close());

  it('lists every reviewer with expertise, and per round what the reviewer sees and the conflicts stored', async () => {
    const pool = await t.gql<{
      reviewerPool: {
        id: string;
        email: string;
        institution: string | null;
        disciplines: string[];
        assigned: number;
        submitted: number;
        conflicts: number;
      }[];
    }>(
      'query($r:ID){ reviewerPool(roundId:$r){ id email institution disciplines assigned submitted conflicts } }',
      { r: open },
      officer,
    );
    const rows = pool.data!.reviewerPool;
    // the open round is staffed by invitation: its 28 accepted invitees (reviewer2 has not answered,
    // reviewer30 declined); without a round, all 30
    expect(rows).toHaveLength(28);
    expect(rows.map((r) => r.email)).not.toContain('reviewer2@demo.local');
    const all = await t.gql<{ reviewerPool: unknown[] }>('{ reviewerPool { id } }', {}, officer);
    expect(all.data!.reviewerPool).toHaveLength(30);
    expect(rows.every((r) => r.institution && r.disciplines.length > 0)).toBe(true);
    // reviewer1's own view of the round agrees with the pool
    const tok = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    const mine = await t.gql<{ myAssignments: { review: { status: string } | null }[] }>(
      'query($r:ID){ myAssignments(roundId:$r){ review { status } } }',
      { r: open },
      tok,
    );
    const r1 = rows.find((r) => r.email === 'reviewer1@demo.local')!;
    expect(r1.assigned).toBe(mine.data!.myAssignments.length);
    expect(r1.submitted).toBe(mine.data!.myAssignments.filter((a) => a.review?.status === 'SUBMITTED').length);
    const conflicts = await t.gql<{ conflicts: { project: { id: string } }[] }>(
      'query($r:ID!,$u:ID){ conflicts(roundId:$r, reviewerId:$u){ project { id } } }',
      { r: open, u: r1.id },
      officer,
    );
    expect(r1.conflicts).toBe(new Set(conflicts.data!.conflicts.map((c) => c.project.id)).size);
    expect(rows.reduce((s, r) => s + r.conflicts, 0)).toBeGreaterThan(0);
    const bad = await t.gql('query{ reviewerPool(roundId:"00000000-0000-0000-0000-000000000000"){ id } }', {}, officer);
    expect(bad.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('gives each reviewer’s submitted totals with n, mean and sd as computed by hand, and a calibrated bias', async () => {
    const cal = await t.gql<{
      reviewerCalibration: {
        reviewerId: string;
        n: number;
        mean: number;
        sd: number;
        scores: number[];
        bias: number;
      }[];
    }>(
      'query($r:ID!){ reviewerCalibration(roundId:$r){ reviewerId n mean sd scores bias } }',
      { r: finalized },
      officer,
    );
    const rows = cal.data!.reviewerCalibration;
    expect(rows.length).toBeGreaterThan(10);
    const raw: { reviewer_id: string; total: string }[] = await t.db.query(
      `SELECT a.reviewer_id, r.total FROM reviews r JOIN assignments a ON a.id = r.assignment_id
        WHERE a.round_id = $1 AND r.status = 'SUBMITTED'`,
      [finalized],
    );
    for (const row of rows) {
      const xs = raw.filter((x) => x.reviewer_id === row.reviewerId).map((x) => Number(x.total));
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1));
      expect(row.n).toBe(xs.length);
      expect(row.mean).toBeCloseTo(mean, 1);
      expect(row.sd).toBeCloseTo(xs.length > 1 ? sd : 0, 1);
      expect(row.scores).toEqual([...xs].sort((a, b) => a - b));
      expect(typeof row.bias).toBe('number');
    }
    // most generous first
    expect(rows.map((r) => r.bias)).toEqual([...rows.map((r) => r.bias)].sort((a, b) => b - a));
  });

  it('pages the score distributions: every reviewer once, in the whole list’s order, with the round’s score range', async () => {
    type Row = { reviewerId: string; n: number; mean: number; scores: number[]; bias: number | null };
    const whole = (
      await t.gql<{ reviewerCalibration: Row[] }>(
        'query($r:ID!){ reviewerCalibration(roundId:$r){ reviewerId n mean scores bias } }',
        { r: finalized },
        officer,
      )
    ).data!.reviewerCalibration;
    const PAGE = `query($r:ID!, $first:Int!, $offset:Int!){ reviewerCalibrationPage(roundId:$r, first:$first, offset:$offset){
      total minScore maxScore items { reviewerId n mean scores bias } } }`;
    type Page = { reviewerCalibrationPage: { total: number; minScore: number; maxScore: number; items: Row[] } };
    const seen: Row[] = [];
    for (let offset = 0; offset < whole.length; offset += 4) {
      const p = (await t.gql<Page>(PAGE, { r: finalized, first: 4, offset }, officer)).data!.reviewerCalibrationPage;
      expect(p.total).toBe(whole.length);
      const all: { total: string }[] = await t.db.query(
        `SELECT r.total FROM reviews r JOIN assignments a ON a.id = r.assignment_id WHERE a.round_id = $1 AND r.status = 'SUBMITTED'`,
        [finalized],
      );
      expect(p.minScore).toBe(Math.min(...all.map((x) => Number(x.total))));
      expect(p.maxScore).toBe(Math.max(...all.map((x) => Number(x.total))));
      seen.push(...p.items);
    }
    expect(seen).toEqual(whole);
    for (const [vars, field] of [
      [{ first: 0, offset: 0 }, 'first'],
      [{ first: 5, offset: -1 }, 'offset'],
    ] as const) {
      const r = await t.gql(PAGE, { r: finalized, ...vars }, officer);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const bad = await t.gql(PAGE, { r: 'x', first: 5, offset: 0 }, officer);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roundId' });
    const unknown = await t.gql(PAGE, { r: '00000000-0000-0000-0000-000000000000', first: 5, offset: 0 }, officer);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
