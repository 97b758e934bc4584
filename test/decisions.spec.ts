import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';
import { assignedOpenRound } from './helpers/round';

const RECORD = `mutation($r:ID!,$p:ID!,$d:Decision!,$a:Float,$n:String,$v:Int){ recordDecision(roundId:$r, projectId:$p, decision:$d, amount:$a, note:$n, expectedVersion:$v){ id decision amount grade version } }`;

describe('ranking and funding decisions', () => {
  describe('initial selection', () => {
    let t: TestApp;
    let officer: string;
    let roundId: string;
    let byDirection: Map<number, { id: string; value: number }[]>;
    beforeAll(async () => {
      t = await startTestApp();
      await seedDemo(t.app, { rounds: false });
      officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
      ({ roundId } = await assignedOpenRound(t, officer));
      // every reviewer submits: project quality decides the totals (APP-…-001 best)
      await t.db.query(
        `INSERT INTO reviews (assignment_id, status, version, scores, total, rating, recommendation, submitted_at)
         SELECT a.id, 'SUBMITTED', 2, '{}'::jsonb, 95 - (substring(p.external_id from 10)::int) + (abs(hashtext(a.reviewer_id::text)) % 5), 'GOOD', 'FUND', now()
           FROM assignments a JOIN applications p ON p.id = a.application_id WHERE a.round_id = $1 AND a.status = 'ACTIVE'`,
        [roundId],
      );
      await t.gql('mutation($r:ID!){ closeRound(roundId:$r){ status } }', { r: roundId }, officer);
      const r = await t.gql<{ ranking: { value: number; project: { id: string }; direction: { number: number } }[] }>(
        'query($r:ID!){ ranking(roundId:$r){ value project { id } direction { number } } }',
        { r: roundId },
        officer,
      );
      byDirection = new Map();
      for (const x of r.data!.ranking)
        (byDirection.get(x.direction.number) ?? byDirection.set(x.direction.number, []).get(x.direction.number)!).push({
          id: x.project.id,
          value: x.value,
        });
    });
    afterAll(() => t.close());

    it('ranks per direction with calibrated and raw side by side', async () => {
      const r = await t.gql<{
        ranking: {
          rank: number;
          rawRank: number;
          rankChange: number;
          percentile: number;
          direction: { number: number };
        }[];
      }>(
        'query($r:ID!){ ranking(roundId:$r, method: CALIBRATED, directionNumber: 4){ rank rawRank rankChange percentile direction { number } } }',
        { r: roundId },
        officer,
      );
      expect(r.data!.ranking.length).toBeGreaterThan(0);
      for (const x of r.data!.ranking) {
        expect(x.direction.number).toBe(4);
        expect(x.rankChange).toBe(x.rawRank - x.rank);
      }
      const mean = await t.gql<{ ranking: { value: number }[] }>(
        'query($r:ID!){ ranking(roundId:$r, method: MEAN){ value } }',
        { r: roundId },
        officer,
      );
      expect(mean.data!.ranking.length).toBe([...byDirection.values()].flat().length);
    });

    it('funds the top project of a direction; refuses over-budget amounts, a second award without reason and skipping rank order', async () => {
      const [top, second] = byDirection.get(4)!;
      const over = await t.gql(RECORD, { r: roundId, p: top.id, d: 'FUND', a: 3000001 }, officer);
      expect(over.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(over.errors?.[0].message).toMatch(/^amount: 3000001 exceeds direction 4/);
      const skip = await t.gql(RECORD, { r: roundId, p: second.id, d: 'FUND' }, officer);
      expect(skip.errors?.[0].message).toMatch(/^note: .* rank higher in direction 4/);
      const ok = await t.gql<{ recordDecision: { amount: number; version: number } }>(
        RECORD,
        { r: roundId, p: top.id, d: 'FUND' },
        officer,
      );
      expect(ok.data!.recordDecision).toMatchObject({ amount: 3000000, version: 1 });
      const twice = await t.gql(RECORD, { r: roundId, p: second.id, d: 'FUND', a: 1000000 }, officer);
      expect(twice.errors?.[0].message).toMatch(/^note: direction 4 already has 1 award/);
      const stale = await t.gql(RECORD, { r: roundId, p: top.id, d: 'FUND', v: 0 }, officer);
      expect(stale.errors?.[0].extensions?.code).toBe('VERSION_CONFLICT');
      const wrongKind = await t.gql(RECORD, { r: roundId, p: top.id, d: 'CONTINUE' }, officer);
      expect(wrongKind.errors?.[0].message).toMatch(/^decision: an initial round decides FUND or DECLINE/);
      const status = await t.db.query('SELECT status FROM applications WHERE id = $1', [top.id]);
      expect(status).toEqual([{ status: 'FUNDED' }]);
    });

    it('finalizes only when every project is decided, then nothing changes', async () => {
      const early = await t.gql('mutation($r:ID!){ finalizeRound(roundId:$r){ status } }', { r: roundId }, officer);
      expect(early.errors?.[0].message).toMatch(/have no decision yet/);
      const funded = new Set<string>();
      for (const [, list] of byDirection) {
        const done = await t.db.query(`SELECT 1 FROM funding_decisions WHERE round_id = $1 AND application_id = $2`, [
          roundId,
          list[0].id,
        ]);
        if (!done.length) {
          const r = await t.gql(RECORD, { r: roundId, p: list[0].id, d: 'FUND' }, officer);
          if (!r.errors) funded.add(list[0].id);
        }
      }
      const rest: { application_id: string }[] = await t.db.query(
        `SELECT application_id FROM round_projects rp WHERE round_id = $1 AND NOT EXISTS (SELECT 1 FROM funding_decisions f WHERE f.round_id = rp.round_id AND f.application_id = rp.application_id)`,
        [roundId],
      );
      for (const x of rest)
        expect(
          (await t.gql(RECORD, { r: roundId, p: x.application_id, d: 'DECLINE' }, officer)).errors,
        ).toBeUndefined();
      const fin = await t.gql<{ finalizeRound: { status: string } }>(
        'mutation($r:ID!){ finalizeRound(roundId:$r){ status } }',
        { r: roundId },
        officer,
      );
      expect(fin.data!.finalizeRound.status).toBe('FINALIZED');
      const snap = await t.db.query('SELECT final_snapshot FROM review_rounds WHERE id = $1', [roundId]);
      expect(snap[0].final_snapshot.ranking.length).toBeGreaterThan(0);
      const after = await t.gql(RECORD, { r: roundId, p: rest[0].application_id, d: 'FUND', n: 'too late' }, officer);
      expect(after.errors?.[0].message).toMatch(/finalized/);
      const funds = await t.db.query(
        `SELECT count(*)::int AS n FROM funding_decisions WHERE round_id = $1 AND decision = 'FUND'`,
        [roundId],
      );
      expect(funds[0].n).toBeLessThanOrEqual(14);
    });
  });

  describe('mid-term evaluation', () => {
    let t: TestApp;
    let officer: string;
    let roundId: string;
    beforeAll(async () => {
      t = await startTestApp();
      await seedDemo(t.app);
      officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
      roundId = (await t.db.query(`SELECT id FROM review_rounds WHERE kind = 'MIDTERM'`))[0].id;
      await t.db.query(
        `UPDATE reviews r SET status = 'SUBMITTED', submitted_at = now() FROM assignments a WHERE a.id = r.assignment_id AND a.round_id = $1 AND r.total IS NOT NULL`,
        [roundId],
      );
      await t.gql('mutation($r:ID!){ closeRound(roundId:$r){ status } }', { r: roundId }, officer);
      await t.gql(
        'mutation($r:ID!,$s:RoundSettingsInput!){ updateRound(roundId:$r, input:{settings:$s}){ id } }',
        { r: roundId, s: { excellentThreshold: 70, excellentContinueShare: 0.2, passThreshold: 50 } },
        officer,
      );
    });
    afterAll(() => t.close());

    it('CONTINUE only for EXCELLENT; phase-2 money only with a Shenzhen commitment and at least 3,000,000', async () => {
      const g = await t.gql<{ midtermGrades: { grade: string; shenzhenLanding: boolean; project: { id: string } }[] }>(
        'query($r:ID!){ midtermGrades(roundId:$r){ grade shenzhenLanding project { id } } }',
        { r: roundId },
        officer,
      );
      expect(g.errors).toBeUndefined();
      const grades = g.data!.midtermGrades;
      const notExcellent = grades.find((x) => x.grade !== 'EXCELLENT');
      if (notExcellent) {
        const r = await t.gql(RECORD, { r: roundId, p: notExcellent.project.id, d: 'CONTINUE' }, officer);
        expect(r.errors?.[0].message).toMatch(/^decision: only projects graded EXCELLENT/);
      }
      const excellentLanding = grades.find((x) => x.grade === 'EXCELLENT' && x.shenzhenLanding);
      if (excellentLanding) {
        const low = await t.gql(
          RECORD,
          { r: roundId, p: excellentLanding.project.id, d: 'CONTINUE', a: 2500000 },
          officer,
        );
        expect(low.errors?.[0].message).toMatch(/^amount: phase-2 funding from Shenzhen is at least 3000000/);
        const ok = await t.gql<{ recordDecision: { amount: number; grade: string } }>(
          RECORD,
          { r: roundId, p: excellentLanding.project.id, d: 'CONTINUE' },
          officer,
        );
        expect(ok.data!.recordDecision).toMatchObject({ decision: 'CONTINUE', amount: 3000000, grade: 'EXCELLENT' });
      }
      const excellentNoLanding = grades.find((x) => x.grade === 'EXCELLENT' && !x.shenzhenLanding);
      if (excellentNoLanding) {
        const money = await t.gql(
          RECORD,
          { r: roundId, p: excellentNoLanding.project.id, d: 'CONTINUE', a: 3000000 },
          officer,
        );
        expect(money.errors?.[0].message).toMatch(/^amount: phase-2 funding requires a Shenzhen landing commitment/);
      }
      expect(excellentLanding || notExcellent).toBeTruthy();
      const term = await t.gql<{ recordDecision: { decision: string } }>(
        RECORD,
        { r: roundId, p: grades[grades.length - 1].project.id, d: 'TERMINATE' },
        officer,
      );
      expect(term.data!.recordDecision.decision).toBe('TERMINATE');
    });
  });
});
