import { signLink } from '../apps/api/src/invitations/invitation-link';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

describe('demo data: the calendar as it stands', () => {
  let t: TestApp;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp();
    expect(await seedDemo(t.app)).toBe(true);
    expect(await seedDemo(t.app)).toBe(false); // never twice
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
  });
  afterAll(() => t.close());

  it('has a finalized initial selection with at most one award per direction and an open mid-term round', async () => {
    const r = await t.gql<{ programs: { rounds: { id: string; kind: string; status: string; closesAt: string }[] }[] }>(
      '{ programs { rounds { id kind status closesAt } } }',
      {},
      officer,
    );
    const rounds = r.data!.programs[0].rounds;
    expect(rounds.map((x) => [x.kind, x.status])).toEqual([
      ['INITIAL', 'FINALIZED'],
      ['MIDTERM', 'OPEN'],
    ]);
    expect(new Date(rounds[1].closesAt).getTime()).toBeGreaterThan(Date.now());
    const decisions = await t.db.query(
      `SELECT d.number, count(*)::int AS n, sum(f.amount)::float AS amount FROM funding_decisions f JOIN applications a ON a.id = f.application_id JOIN directions d ON d.id = a.direction_id
        WHERE f.round_id = $1 AND f.decision = 'FUND' GROUP BY d.number`,
      [rounds[0].id],
    );
    expect(decisions.length).toBeGreaterThan(5);
    expect(decisions.length).toBeLessThanOrEqual(14);
    for (const d of decisions) {
      expect(d.n).toBe(1);
      expect(d.amount).toBe(d.number === 3 || d.number === 4 ? 3000000 : 2000000);
    }
    const mid = await t.db.query(`SELECT count(*)::int AS n FROM round_projects WHERE round_id = $1`, [rounds[1].id]);
    expect(mid[0].n).toBe(decisions.length);
  });

  it('gives reviewer1 mid-term assignments with a draft, and shows conflicts with evidence', async () => {
    const rev = await t.login('reviewer1@demo.local', 'demo-reviewer');
    const mine = await t.gql<{ myAssignments: { round: { kind: string }; review: { status: string } | null }[] }>(
      '{ myAssignments { round { kind } review { status } } }',
      {},
      rev.accessToken,
    );
    const midterm = mine.data!.myAssignments.filter((a) => a.round.kind === 'MIDTERM');
    expect(midterm.length).toBeGreaterThanOrEqual(2);
    expect(midterm.some((a) => a.review?.status === 'DRAFT')).toBe(true);
    expect(midterm.some((a) => a.review === null)).toBe(true);
    const [initial] = await t.db.query(`SELECT id FROM review_rounds WHERE kind = 'INITIAL'`);
    const c = await t.gql<{ conflicts: { rule: string; evidence: string }[] }>(
      'query($r:ID!){ conflicts(roundId:$r){ rule evidence } }',
      { r: initial.id },
      officer,
    );
    const rules = new Set(c.data!.conflicts.map((x) => x.rule));
    expect(rules).toEqual(expect.objectContaining({}));
    for (const rule of ['INSTITUTION', 'COAUTHOR', 'ADVISOR']) expect(rules.has(rule)).toBe(true);
    expect(c.data!.conflicts.find((x) => x.rule === 'COAUTHOR')!.evidence).toContain('doi:10.1000/demo.2024.17 (2024)');
  });

  it('staffed the mid-term round by invitation: reviewer1 accepted, reviewer2 is asked, reviewer30 declined', async () => {
    const rows: { email: string; status: string; reason: string | null; id: string; link_nonce: string }[] =
      await t.db.query(
        `SELECT u.email, i.status, i.reason, i.id, i.link_nonce FROM invitations i JOIN users u ON u.id = i.user_id
          JOIN review_rounds r ON r.id = i.round_id WHERE r.status = 'OPEN' AND u.email IN ('reviewer1@demo.local', 'reviewer2@demo.local', 'reviewer30@demo.local')
          ORDER BY u.email`,
      );
    expect(rows.map((r) => [r.email, r.status, r.reason])).toEqual([
      ['reviewer1@demo.local', 'ACCEPTED', null],
      ['reviewer2@demo.local', 'PENDING', null],
      ['reviewer30@demo.local', 'DECLINED', 'NO_TIME'],
    ]);
    // only those who accepted were assigned
    const outside = await t.db.query(
      `SELECT DISTINCT u.email FROM assignments a JOIN users u ON u.id = a.reviewer_id JOIN review_rounds r ON r.id = a.round_id
        WHERE r.status = 'OPEN' AND u.email IN ('reviewer2@demo.local', 'reviewer30@demo.local')`,
    );
    expect(outside).toEqual([]);
    // reviewer2's link (printed in the server log in development) opens the invitation
    const link = signLink(t.config.jwtSecret, rows[1].id, rows[1].link_nonce);
    const shown = await t.gql<{ invitationByLink: { status: string; hasAccount: boolean } }>(
      'query($t:String!){ invitationByLink(token:$t){ status hasAccount } }',
      { t: link },
    );
    expect(shown.data!.invitationByLink).toEqual({ status: 'PENDING', hasAccount: true });
    // reviewer1 was told when the round opened
    const r1 = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    const notices = await t.gql<{ myNotices: { items: { kind: string }[] } }>(
      '{ myNotices { items { kind } } }',
      {},
      r1,
    );
    expect(notices.data!.myNotices.items.map((n) => n.kind)).toContain('ASSIGNED');
  });

  it('held the initial panel meeting as the awards went, and has a mid-term defence scheduled with reviewer1', async () => {
    const rounds = await t.db.query(`SELECT id, status FROM review_rounds ORDER BY opens_at`);
    const [initial, midterm] = rounds;
    const results = await t.db.query(
      `SELECT i.application_id, i.result, b.yes, b.no, b.abstain, cardinality(b.eligible_ids) AS eligible,
              (SELECT count(*)::int FROM ballot_voters v WHERE v.ballot_id = b.id) AS voters,
              EXISTS (SELECT 1 FROM funding_decisions d WHERE d.round_id = $1 AND d.application_id = i.application_id AND d.decision = 'FUND') AS funded
         FROM panel_items i JOIN panel_meetings m ON m.id = i.meeting_id JOIN ballots b ON b.item_id = i.id
        WHERE m.round_id = $1`,
      [initial.id],
    );
    expect(results.length).toBeGreaterThan(5);
    for (const r of results) {
      expect(r.result).toBe(r.funded ? 'PASSED' : 'FAILED');
      expect(r.yes + r.no + r.abstain).toBe(r.voters);
      expect(r.voters).toBe(r.eligible);
    }
    const r1 = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    const mine = await t.gql<{
      myPanelMeetings: { id: string; kind: string; status: string; items: { recused: unknown[] }[] }[];
    }>('{ myPanelMeetings { id kind status items { recused { userId } } } }', {}, r1);
    const defence = mine.data!.myPanelMeetings.find((x) => x.kind === 'DEFENCE')!;
    expect(defence.status).toBe('SCHEDULED');
    // a panel as createPanelMeeting would accept it: seven members, one chair who is not reviewer1
    const roles: { role: string; email: string }[] = await t.db.query(
      `SELECT pm.role, u.email FROM panel_members pm JOIN users u ON u.id = pm.user_id WHERE pm.meeting_id = $1`,
      [defence.id],
    );
    expect(roles).toHaveLength(7);
    expect(roles.filter((r) => r.role === 'CHAIR')).toHaveLength(1);
    expect(roles.find((r) => r.email === 'reviewer1@demo.local')!.role).toBe('MEMBER');
    expect(defence.items.some((i) => i.recused.length > 0)).toBe(true);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM panel_meetings WHERE round_id = $1`, [midterm.id]);
    expect(n).toBe(1);
  });

  it('ranks the initial round with intervals and flags, and proposes awards', async () => {
    const [initial] = await t.db.query(`SELECT id FROM review_rounds WHERE kind = 'INITIAL'`);
    const r = await t.gql<{
      ranking: { rank: number; value: number; ciLow: number; ciHigh: number; n: number; rawRank: number }[];
      proposedAwards: { amount: number }[];
    }>(
      'query($r:ID!){ ranking(roundId:$r){ rank value ciLow ciHigh n rawRank } proposedAwards(roundId:$r){ amount } }',
      { r: initial.id },
      officer,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.ranking.length).toBeGreaterThan(25);
    for (const x of r.data!.ranking) {
      expect(x.ciLow).toBeLessThanOrEqual(x.value);
      expect(x.ciHigh).toBeGreaterThanOrEqual(x.value);
      expect(x.n).toBe(5);
    }
    expect(r.data!.proposedAwards.length).toBeGreaterThan(0);
  });

  it('shows progress, sends reminders to the outbox and lists the audit trail', async () => {
    const [mid] = await t.db.query(`SELECT id FROM review_rounds WHERE kind = 'MIDTERM'`);
    const p = await t.gql<{
      roundProgress: {
        assigned: number;
        submitted: number;
        drafts: number;
        reviewers: { submitted: number; assigned: number; overdue: boolean }[];
        projects: { assigned: number }[];
      };
    }>(
      'query($r:ID!){ roundProgress(roundId:$r){ assigned submitted drafts reviewers { assigned submitted overdue } projects { assigned } } }',
      { r: mid.id },
      officer,
    );
    const prog = p.data!.roundProgress;
    expect(prog.assigned).toBe(prog.projects.length * 5);
    expect(prog.submitted).toBeGreaterThan(0);
    expect(prog.submitted + prog.drafts).toBeLessThan(prog.assigned + 1);
    expect(prog.reviewers.every((r) => r.overdue === false)).toBe(true);
    const due = prog.reviewers.filter((r) => r.submitted < r.assigned).length;
    // the lists a page at a time: the pages put together are the whole lists; pending narrows
    const paged = await t.gql<{
      roundProgress: {
        reviewerCount: number;
        pendingCount: number;
        projectCount: number;
        a: { submitted: number; assigned: number }[];
        b: { submitted: number; assigned: number }[];
        pending: { submitted: number; assigned: number }[];
        projects: { assigned: number }[];
      };
    }>(
      `query($r:ID!){ roundProgress(roundId:$r){ reviewerCount pendingCount projectCount
         a: reviewers(first: 7) { assigned submitted } b: reviewers(first: 500, offset: 7) { assigned submitted }
         pending: reviewers(first: 500, pending: true) { assigned submitted } projects(first: 3) { assigned } } }`,
      { r: mid.id },
      officer,
    );
    const pp = paged.data!.roundProgress;
    expect([...pp.a, ...pp.b]).toEqual(prog.reviewers.map(({ assigned, submitted }) => ({ assigned, submitted })));
    expect(pp.a).toHaveLength(Math.min(7, prog.reviewers.length));
    expect([pp.reviewerCount, pp.projectCount, pp.pendingCount]).toEqual([
      prog.reviewers.length,
      prog.projects.length,
      due,
    ]);
    expect(pp.pending).toHaveLength(due);
    expect(pp.pending.every((r) => r.submitted < r.assigned)).toBe(true);
    expect(pp.projects).toEqual(prog.projects.slice(0, 3));
    const bad = await t.gql(
      'query($r:ID!){ roundProgress(roundId:$r){ reviewers(first: 0) { name } } }',
      { r: mid.id },
      officer,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const sent = await t.gql<{ sendReminders: number }>(
      'mutation($r:ID!){ sendReminders(roundId:$r) }',
      { r: mid.id },
      officer,
    );
    expect(sent.data!.sendReminders).toBe(due);
    const box = await t.gql<{ outbox: { toAddress: string; subject: string }[] }>(
      'query($r:ID){ outbox(roundId:$r){ toAddress subject } }',
      { r: mid.id },
      officer,
    );
    expect(box.data!.outbox).toHaveLength(due);
    expect(box.data!.outbox[0].subject).toMatch(/评审提醒/);
    const audit = await t.gql<{ auditTrail: { action: string; actorEmail: string }[] }>(
      '{ auditTrail(limit: 5){ action actorEmail } }',
      {},
      officer,
    );
    expect(audit.data!.auditTrail[0]).toEqual({ action: 'round.remind', actorEmail: 'officer@demo.local' });
    const rev = await t.login('reviewer1@demo.local', 'demo-reviewer');
    expect((await t.gql('{ auditTrail { id } }', {}, rev.accessToken)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
