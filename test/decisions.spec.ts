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

    it('pages through the ranking on the server: pages join into the whole list, recomputed when a submission changes', async () => {
      type Page = {
        rankingPage: { total: number; low: number; high: number; items: { rank: number; project: { id: string } }[] };
      };
      const PAGE =
        'query($r:ID!,$f:Int,$o:Int){ rankingPage(roundId:$r, first:$f, offset:$o){ total low high items { rank project { id } } } }';
      const whole = await t.gql<{
        ranking: { rank: number; ciLow: number; ciHigh: number; project: { id: string } }[];
      }>('query($r:ID!){ ranking(roundId:$r){ rank ciLow ciHigh project { id } } }', { r: roundId }, officer);
      const all = whole.data!.ranking;
      const joined: string[] = [];
      for (let o = 0; o < all.length; o += 7) {
        const p = await t.gql<Page>(PAGE, { r: roundId, f: 7, o }, officer);
        expect(p.data!.rankingPage.total).toBe(all.length);
        joined.push(...p.data!.rankingPage.items.map((x) => x.project.id));
      }
      expect(joined).toEqual(all.map((x) => x.project.id));
      const first = await t.gql<Page>(PAGE, { r: roundId, f: 1, o: 0 }, officer);
      expect(first.data!.rankingPage.low).toBe(Math.min(...all.map((x) => x.ciLow)));
      expect(first.data!.rankingPage.high).toBe(Math.max(...all.map((x) => x.ciHigh)));
      for (const [vars, field] of [
        [{ f: 0 }, 'first'],
        [{ f: 501 }, 'first'],
        [{ o: -1 }, 'offset'],
      ] as const) {
        const bad = await t.gql(PAGE, { r: roundId, ...vars }, officer);
        expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      // the last project's reviews submitted again with the best totals: the cached ranking is not reused
      const last = all[all.length - 1].project.id;
      await t.db.query(
        `UPDATE reviews r SET total = 100, updated_at = now() FROM assignments a
          WHERE a.id = r.assignment_id AND a.round_id = $1 AND a.application_id = $2`,
        [roundId, last],
      );
      const after = await t.gql<Page>(PAGE, { r: roundId, f: 1, o: 0 }, officer);
      expect(after.data!.rankingPage.items[0].project.id).toBe(last);
      // put back what the later tests rank on
      await t.db.query(
        `UPDATE reviews r SET total = 95 - (substring(p.external_id from 10)::int) + (abs(hashtext(a.reviewer_id::text)) % 5), updated_at = now()
           FROM assignments a JOIN applications p ON p.id = a.application_id
          WHERE a.id = r.assignment_id AND a.round_id = $1 AND a.application_id = $2`,
        [roundId, last],
      );
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

    it('a decision departing from the panel’s ballot needs a written reason', async () => {
      const [top] = byDirection.get(5)!;
      const [{ status: before }] = await t.db.query('SELECT status FROM applications WHERE id = $1', [top.id]);
      // three of the round's reviewers without a conflict on the project sit as a panel and vote it down
      const members: { id: string }[] = await t.db.query(
        `SELECT DISTINCT a.reviewer_id AS id FROM assignments a WHERE a.round_id = $1 AND a.status = 'ACTIVE'
            AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.round_id = $1 AND c.application_id = $2 AND c.reviewer_id = a.reviewer_id)
          ORDER BY 1 LIMIT 3`,
        [roundId, top.id],
      );
      const m = await t.gql<{ createPanelMeeting: { id: string } }>(
        'mutation($i:PanelMeetingInput!){ createPanelMeeting(input:$i){ id } }',
        {
          i: {
            roundId,
            titleZh: '会议评审',
            titleEn: 'Panel',
            startsAt: new Date().toISOString(),
            members: members.map((x, i) => ({ userId: x.id, role: i === 0 ? 'CHAIR' : 'MEMBER' })),
            projectIds: [top.id],
          },
        },
        officer,
      );
      expect(m.errors).toBeUndefined();
      const meetingId = m.data!.createPanelMeeting.id;
      for (const x of members)
        await t.gql(
          'mutation($m:ID!,$u:ID!){ markAttendance(meetingId:$m, userId:$u, present:true){ present } }',
          { m: meetingId, u: x.id },
          officer,
        );
      const b = await t.gql<{ openBallot: { id: string } }>(
        'mutation($m:ID!,$p:ID!){ openBallot(meetingId:$m, projectId:$p){ id } }',
        { m: meetingId, p: top.id },
        officer,
      );
      const emails: { email: string }[] = await t.db.query(`SELECT email FROM users WHERE id = ANY($1::uuid[])`, [
        members.map((x) => x.id),
      ]);
      for (const { email } of emails) {
        const tok = (await t.login(email, 'demo-reviewer')).accessToken;
        await t.gql('mutation($b:ID!){ castVote(ballotId:$b, vote:NO) }', { b: b.data!.openBallot.id }, tok);
      }
      const closed = await t.gql<{ closeBallot: { passed: boolean; quorumMet: boolean } }>(
        'mutation($b:ID!){ closeBallot(ballotId:$b){ passed quorumMet } }',
        { b: b.data!.openBallot.id },
        officer,
      );
      expect(closed.data!.closeBallot).toEqual({ passed: false, quorumMet: true });
      const results = await t.gql<{ panelResults: { projectId: string; passed: boolean; no: number }[] }>(
        'query($r:ID!){ panelResults(roundId:$r){ projectId passed no } }',
        { r: roundId },
        officer,
      );
      expect(results.data!.panelResults).toEqual([{ projectId: top.id, passed: false, no: 3 }]);
      // funding it anyway: refused without a reason, recorded with one
      const bare = await t.gql(RECORD, { r: roundId, p: top.id, d: 'FUND' }, officer);
      expect(bare.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
      expect(bare.errors?.[0].extensions?.messageZh).toMatch(/会议评审表决结果不一致/);
      const reasoned = await t.gql(
        RECORD,
        { r: roundId, p: top.id, d: 'FUND', n: '专家组复议后认为该项目的临床合作基础扎实，予以资助。' },
        officer,
      );
      expect(reasoned.errors).toBeUndefined();
      // declining it agrees with the panel: no reason needed
      const agree = await t.gql(RECORD, { r: roundId, p: top.id, d: 'DECLINE' }, officer);
      expect(agree.errors).toBeUndefined();
      // leave the round as the next tests expect it
      await t.db.query(`DELETE FROM funding_decisions WHERE round_id = $1 AND application_id = $2`, [roundId, top.id]);
      await t.db.query(`DELETE FROM panel_meetings WHERE id = $1`, [meetingId]);
      await t.db.query(`UPDATE applications SET status = $2 WHERE id = $1`, [top.id, before]);
    });

    it('funds at most 14 projects in the call: the 15th award is refused', async () => {
      const candidates = [...byDirection.values()].flat();
      expect(candidates.length).toBeGreaterThanOrEqual(15);
      const count = async () =>
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM funding_decisions WHERE round_id = $1 AND decision = 'FUND'`,
            [roundId],
          )
        )[0].n as number;
      // in rank order within each direction, further awards with a written reason, up to the cap
      const order = [...byDirection.values()]
        .flatMap((list) => list.map((x, i) => ({ ...x, i })))
        .sort((a, b) => a.i - b.i);
      const funded = new Set(
        (
          await t.db.query(`SELECT application_id FROM funding_decisions WHERE round_id = $1 AND decision = 'FUND'`, [
            roundId,
          ])
        ).map((r: { application_id: string }) => r.application_id),
      );
      let next = 0;
      while ((await count()) < 14) {
        const c = order[next++];
        if (funded.has(c.id)) continue;
        const r = await t.gql(RECORD, { r: roundId, p: c.id, d: 'FUND', n: '交叉性突出，专家组建议资助' }, officer);
        expect(r.errors).toBeUndefined();
      }
      const fifteenth = order.slice(next).find((c) => !funded.has(c.id))!;
      const r = await t.gql(RECORD, { r: roundId, p: fifteenth.id, d: 'FUND', n: '专家组建议资助' }, officer);
      expect(r.errors?.[0].message).toMatch(/^decision: at most 14 projects are funded in this call/);
      expect(await count()).toBe(14);
      // back to the usual one per direction for what follows: the extra awards are declined again
      const extras: { application_id: string }[] = await t.db.query(
        `SELECT f.application_id FROM funding_decisions f WHERE f.round_id = $1 AND f.decision = 'FUND' AND f.note IS NOT NULL`,
        [roundId],
      );
      for (const e of extras)
        expect(
          (await t.gql(RECORD, { r: roundId, p: e.application_id, d: 'DECLINE' }, officer)).errors,
        ).toBeUndefined();
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

    const GRADES = `query($r:ID!){ midtermGrades(roundId:$r){ grade proposedGrade panelGrade panelGradeReason shenzhenLanding project { id } } }`;
    const PANEL = `mutation($r:ID!,$p:ID!,$g:Grade,$w:String){ setPanelGrade(roundId:$r, projectId:$p, grade:$g, reason:$w) }`;
    const status = async (id: string) =>
      (await t.db.query('SELECT status FROM applications WHERE id = $1', [id]))[0].status as string;

    it('the panel grades a project itself, with a reason; clearing it returns to the thresholds’ grade', async () => {
      const before = await t.gql<{
        midtermGrades: { grade: string; proposedGrade: string; project: { id: string } }[];
      }>(GRADES, { r: roundId }, officer);
      const x = before.data!.midtermGrades[0];
      expect(x.grade).toBe(x.proposedGrade);
      const other = x.proposedGrade === 'FAIL' ? 'PASS' : 'FAIL';
      const bare = await t.gql(PANEL, { r: roundId, p: x.project.id, g: other }, officer);
      expect(bare.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      expect(
        (await t.gql(PANEL, { r: roundId, p: x.project.id, g: other, w: '专家组复议' }, officer)).errors,
      ).toBeUndefined();
      const set = (
        await t.gql<{ midtermGrades: Record<string, unknown>[] }>(GRADES, { r: roundId }, officer)
      ).data!.midtermGrades.find((g) => (g.project as { id: string }).id === x.project.id)!;
      expect(set).toMatchObject({
        grade: other,
        proposedGrade: x.proposedGrade,
        panelGrade: other,
        panelGradeReason: '专家组复议',
      });
      await t.gql(PANEL, { r: roundId, p: x.project.id, g: null }, officer);
      const cleared = (
        await t.gql<{ midtermGrades: Record<string, unknown>[] }>(GRADES, { r: roundId }, officer)
      ).data!.midtermGrades.find((g) => (g.project as { id: string }).id === x.project.id)!;
      expect(cleared).toMatchObject({ grade: x.proposedGrade, panelGrade: null });
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'grade.panel%'`);
      expect(n).toBe(2);
    });

    it('every outcome and its refusals: CONTINUE (phase 2 with a Shenzhen landing), COMPLETE, TERMINATE', async () => {
      const ids: string[] = (
        await t.gql<{ midtermGrades: { project: { id: string } }[] }>(GRADES, { r: roundId }, officer)
      ).data!.midtermGrades.map((g) => g.project.id);
      expect(ids.length).toBeGreaterThanOrEqual(5);
      const [landing, noLanding, passed, failed, passedToo] = ids;
      // the commitments and the grades this test needs, set as an officer and a panel would
      await t.db.query('UPDATE applications SET shenzhen_landing = (id = $1) WHERE id = ANY($2)', [landing, ids]);
      const grade = async (p: string, g: string) =>
        expect((await t.gql(PANEL, { r: roundId, p, g, w: '专家组评定' }, officer)).errors).toBeUndefined();
      await grade(landing, 'EXCELLENT');
      await grade(noLanding, 'EXCELLENT');
      await grade(passed, 'PASS');
      await grade(failed, 'FAIL');
      await grade(passedToo, 'PASS');
      const msg = async (v: Record<string, unknown>) =>
        (await t.gql(RECORD, { r: roundId, ...v }, officer)).errors?.[0].message;

      // CONTINUE: excellent with the landing commitment, at least 3,000,000 (the minimum by default)
      expect(await msg({ p: landing, d: 'CONTINUE', a: 2500000 })).toMatch(
        /^amount: phase-2 funding from Shenzhen is at least 3000000/,
      );
      const cont = await t.gql<{ recordDecision: Record<string, unknown> }>(
        RECORD,
        { r: roundId, p: landing, d: 'CONTINUE' },
        officer,
      );
      expect(cont.data!.recordDecision).toMatchObject({ decision: 'CONTINUE', amount: 3000000, grade: 'EXCELLENT' });
      expect(await status(landing)).toBe('CONTINUED');
      // excellent without the commitment: continues without phase-2 money
      expect(await msg({ p: noLanding, d: 'CONTINUE', a: 3000000 })).toMatch(
        /^amount: phase-2 funding requires a Shenzhen landing commitment/,
      );
      const plain = await t.gql<{ recordDecision: Record<string, unknown> }>(
        RECORD,
        { r: roundId, p: noLanding, d: 'CONTINUE' },
        officer,
      );
      expect(plain.data!.recordDecision).toMatchObject({ decision: 'CONTINUE', amount: null });
      // COMPLETE: phase 1 ends normally for a project that passed; not for one that failed
      expect(await msg({ p: passed, d: 'CONTINUE' })).toMatch(/^decision: only projects graded EXCELLENT/);
      expect(await msg({ p: passed, d: 'COMPLETE', a: 3000000 })).toMatch(
        /^amount: only a continued project receives phase-2 funding/,
      );
      const done = await t.gql<{ recordDecision: Record<string, unknown> }>(
        RECORD,
        { r: roundId, p: passed, d: 'COMPLETE' },
        officer,
      );
      expect(done.data!.recordDecision).toMatchObject({ decision: 'COMPLETE', amount: null, grade: 'PASS' });
      expect(await status(passed)).toBe('COMPLETED');
      expect(await msg({ p: failed, d: 'COMPLETE' })).toMatch(
        /^decision: a project completes phase 1 only when it passed/,
      );
      // TERMINATE: a failed project; one that passed only with a written reason
      const term = await t.gql<{ recordDecision: Record<string, unknown> }>(
        RECORD,
        { r: roundId, p: failed, d: 'TERMINATE' },
        officer,
      );
      expect(term.data!.recordDecision).toMatchObject({ decision: 'TERMINATE', grade: 'FAIL' });
      expect(await status(failed)).toBe('TERMINATED');
      expect(await msg({ p: passedToo, d: 'TERMINATE' })).toMatch(
        /^note: terminating a project graded PASS needs a written reason/,
      );
      expect(await msg({ p: passedToo, d: 'TERMINATE', n: '团队解散，无法继续' })).toBeUndefined();
      expect(await msg({ p: passedToo, d: 'FUND' })).toMatch(
        /^decision: a mid-term round decides CONTINUE, COMPLETE or TERMINATE/,
      );
    });

    it('shows the call’s money by phase and year, and exports it', async () => {
      const [{ program_id: programId }] = await t.db.query('SELECT program_id FROM review_rounds WHERE id = $1', [
        roundId,
      ]);
      const b = await t.gql<{
        budget: {
          phase1Total: number;
          phase2Total: number;
          byYear: { phase: number; year: number; amount: number; funders: string[] }[];
          projects: {
            project: { id: string };
            status: string;
            phase1Amount: number;
            phase2Amount: number | null;
            years: { phase: number; year: number; amount: number }[];
          }[];
        };
      }>(
        'query($p:ID!){ budget(programId:$p){ phase1Total phase2Total byYear { phase year amount funders } projects { project { id } status phase1Amount phase2Amount years { phase year amount } } } }',
        { p: programId },
        officer,
      );
      expect(b.errors).toBeUndefined();
      const budget = b.data!.budget;
      // phase 1: every FUND of the initial round, read independently
      const [{ total, n }] = await t.db.query(
        `SELECT sum(f.amount)::float8 AS total, count(*)::int AS n FROM funding_decisions f JOIN review_rounds r ON r.id = f.round_id
          WHERE r.program_id = $1 AND r.kind = 'INITIAL' AND f.decision = 'FUND'`,
        [programId],
      );
      expect(budget.projects).toHaveLength(n);
      expect(budget.phase1Total).toBe(total);
      expect(budget.byYear.filter((y) => y.phase === 1).map((y) => [y.year, y.funders.join('+')])).toEqual([
        [2024, 'TIANYUAN+SHENZHEN'],
        [2025, 'TIANYUAN+SHENZHEN'],
      ]);
      // phase 2: the CONTINUE amounts of the mid-term, over 2026–2028, from Shenzhen
      const [{ p2 }] = await t.db.query(
        `SELECT coalesce(sum(f.amount), 0)::float8 AS p2 FROM funding_decisions f WHERE f.round_id = $1 AND f.decision = 'CONTINUE'`,
        [roundId],
      );
      expect(p2).toBeGreaterThan(0);
      expect(budget.phase2Total).toBe(p2);
      expect(budget.byYear.filter((y) => y.phase === 2).map((y) => [y.year, y.funders.join('+')])).toEqual([
        [2026, 'SHENZHEN'],
        [2027, 'SHENZHEN'],
        [2028, 'SHENZHEN'],
      ]);
      const statuses: { application_id: string; decision: string }[] = await t.db.query(
        'SELECT application_id, decision FROM funding_decisions WHERE round_id = $1',
        [roundId],
      );
      const expected: Record<string, string> = {
        CONTINUE: 'CONTINUED',
        COMPLETE: 'COMPLETED',
        TERMINATE: 'TERMINATED',
      };
      for (const d of statuses) {
        const p = budget.projects.find((x) => x.project.id === d.application_id);
        if (p) expect(p.status).toBe(expected[d.decision]);
      }
      const continued = budget.projects.find((x) => x.phase2Amount === 3_000_000)!;
      expect(continued.years.filter((y) => y.phase === 2).map((y) => [y.year, y.amount])).toEqual([
        [2026, 1_000_000],
        [2027, 1_000_000],
        [2028, 1_000_000],
      ]);
      // the spreadsheet: one row per funded project and the totals
      const xlsx = await t.http
        .get(`/exports/programs/${programId}/budget.xlsx`)
        .set('authorization', `Bearer ${officer}`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(xlsx.status).toBe(200);
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
      const ws = wb.worksheets[0];
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(
        expect.arrayContaining(['第一阶段（元）', '第二阶段（元）', '2024 年（元）', '2028 年（元）', '资助方']),
      );
      expect(ws.rowCount).toBe(n + 2);
      const last = ws.getRow(ws.rowCount);
      expect(last.getCell(header.indexOf('第一阶段（元）') + 1).value).toBe(total);
      expect(last.getCell(header.indexOf('第二阶段（元）') + 1).value).toBe(p2);
      const reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
      const denied = await t.http
        .get(`/exports/programs/${programId}/budget.csv`)
        .set('authorization', `Bearer ${reviewer}`);
      expect(denied.status).toBe(403);
    });
  });
});
