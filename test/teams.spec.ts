import { execFileSync } from 'node:child_process';
import { onePagePdf } from './helpers/pdf';
import { DocumentsService } from '../apps/api/src/documents/documents.service';
import { ReportsService } from '../apps/api/src/teams/reports.service';
import { seedDemoDocuments } from '../apps/api/src/seed/demo-documents';
import { seedDemo } from '../apps/api/src/seed/seed';
import { signLink } from '../apps/api/src/invitations/invitation-link';
import { TEST_JWT_SECRET, startTestApp, type TestApp } from './helpers/app';

const REPORT = `query($p:ID!,$r:ID!){ progressReport(projectId:$p, roundId:$r){ id status version summary late returnNote landingRequired
  landing { partner site milestones requestedAmount } documents { id kind }
  targets { key labelZh unit min max achieved evidence share met } } }`;
const SAVE = `mutation($p:ID!,$r:ID!,$i:ProgressReportInput!,$v:Int){ saveProgressReport(projectId:$p, roundId:$r, input:$i, expectedVersion:$v){ status version } }`;
const SUBMIT = `mutation($p:ID!,$r:ID!,$v:Int!){ submitProgressReport(projectId:$p, roundId:$r, expectedVersion:$v){ status version late submittedAt } }`;
const RETURN = `mutation($p:ID!,$r:ID!,$n:String!){ returnProgressReport(projectId:$p, roundId:$r, note:$n){ status returnNote version } }`;
const MINE = `{ myProjects { id externalId midtermRounds { roundId reportDueAt }
  feedback { roundId kind decision amount panelResult comments { code comment } } } }`;

type Target = {
  key: string;
  labelZh: string;
  unit: string | null;
  min: number | null;
  max: number | null;
  achieved: number | null;
  share: number | null;
  met: boolean | null;
};
type Report = {
  id: string | null;
  status: string;
  version: number;
  summary: string;
  late: boolean;
  returnNote: string | null;
  landingRequired: boolean;
  documents: { id: string; kind: string }[];
  targets: Target[];
};

const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const pdfText = (buf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: buf, encoding: 'utf8' });
const tinyPdf = onePagePdf();

/**
 * Funded teams on PostgreSQL: the PI role reaches its own projects and nothing else; progress
 * reports are drafts with versions, checked against the direction's targets, submitted complete,
 * returned with a note; reviewers and panel members read them once submitted; the feedback of a
 * finalized round carries codes and comments to the applicant, never identities or confidential
 * comments (the letter's text is read back from the PDF).
 */
describe('funded teams: PI accounts, progress reports, feedback', () => {
  let t: TestApp;
  let officer: string;
  let pi1: string;
  let pi2: string;
  let roundId: string;
  let p1: string;
  let p2: string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    await seedDemoDocuments(t.db, t.app.get(DocumentsService));
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    pi1 = (await t.login('pi1@demo.local', 'demo-pi')).accessToken;
    pi2 = (await t.login('pi2@demo.local', 'demo-pi')).accessToken;
    [{ id: roundId }] = await t.db.query(`SELECT id FROM review_rounds WHERE kind = 'MIDTERM'`);
    [{ id: p1 }] = await t.db.query(
      `SELECT application_id AS id FROM progress_reports WHERE round_id = $1 AND status = 'SUBMITTED'`,
      [roundId],
    );
    [{ id: p2 }] = await t.db.query(
      `SELECT application_id AS id FROM progress_reports WHERE round_id = $1 AND status = 'DRAFT'`,
      [roundId],
    );
  }, 120_000);
  afterAll(() => t.close());

  it('a PI sees the projects they lead, their mid-term round and the demo’s reports as seeded', async () => {
    const mine = await t.gql<{ myProjects: { id: string; midtermRounds: { roundId: string }[] }[] }>(MINE, {}, pi1);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myProjects.map((p) => p.id)).toEqual([p1]);
    expect(mine.data!.myProjects[0].midtermRounds.map((r) => r.roundId)).toEqual([roundId]);
    const r = (await t.gql<{ progressReport: Report }>(REPORT, { p: p1, r: roundId }, pi1)).data!.progressReport;
    expect(r.status).toBe('SUBMITTED');
    // one target below the call's number: 60% reached, by hand from the direction's own figure
    const below = r.targets.filter((x) => x.met === false);
    expect(below).toHaveLength(1);
    const min = below[0].min!;
    expect(below[0].share).toBeCloseTo(Math.min(Math.floor(min * 0.6), min - 1) / min, 6);
    // every other target with a number is reached
    for (const x of r.targets.filter((y) => y.min != null && y !== below[0])) expect(x.met).toBe(true);
    expect(r.targets.every((x) => x.achieved !== null)).toBe(true);
    // the direction's targets, all of them, in the call's order
    const [{ targets }] = await t.db.query(
      `SELECT d.targets FROM applications a JOIN directions d ON d.id = a.direction_id WHERE a.id = $1`,
      [p1],
    );
    expect(r.targets.map((x) => x.key)).toEqual(targets.map((x: { key: string }) => x.key));
    expect(r.documents.some((d) => d.kind === 'MIDTERM_REPORT')).toBe(true);
  });

  it('a PI reaches nothing of another project: reports, saves, documents and letters answer NOT_FOUND', async () => {
    const before = JSON.stringify(await t.db.query(`SELECT version, summary FROM progress_reports ORDER BY id`));
    expect((await t.gql(REPORT, { p: p2, r: roundId }, pi1)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const save = await t.gql(SAVE, { p: p2, r: roundId, i: { summary: 'x', targets: [] }, v: null }, pi1);
    expect(save.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(await t.db.query(`SELECT version, summary FROM progress_reports ORDER BY id`))).toBe(before);
    const [doc] = await t.db.query(`SELECT id FROM documents WHERE application_id = $1 LIMIT 1`, [p2]);
    expect((await t.http.get(`/documents/${doc.id}`).set('authorization', `Bearer ${pi1}`)).status).toBe(404);
    const [own] = await t.db.query(
      `SELECT id FROM documents WHERE application_id = $1 AND kind = 'MIDTERM_REPORT' LIMIT 1`,
      [p1],
    );
    expect((await t.http.get(`/documents/${own.id}`).set('authorization', `Bearer ${pi1}`)).status).toBe(200);
    const upload = await t.http
      .post(`/documents/projects/${p2}?kind=EVIDENCE`)
      .set('authorization', `Bearer ${pi1}`)
      .attach('file', tinyPdf, 'x.pdf');
    expect(upload.status).toBe(404);
    // no officer's REST route answers a lead: exports, imports, templates, another project's dossier
    const [{ program_id: programId }] = await t.db.query(`SELECT program_id FROM review_rounds WHERE id = $1`, [
      roundId,
    ]);
    for (const path of [
      `/exports/rounds/${roundId}/reviewer-summaries.csv`,
      `/exports/rounds/${roundId}/ranking.xlsx`,
      `/exports/rounds/${roundId}/reviewer-summaries.pdf`,
      `/exports/rounds/${roundId}/panel-minutes.pdf`,
      `/exports/rounds/${roundId}/projects/${p1}/dossier.pdf`,
      `/exports/programs/${programId}/budget.csv`,
      '/imports/applications/template.csv',
      '/imports/experts/template.csv',
    ])
      expect([403, 404]).toContain((await t.http.get(path).set('authorization', `Bearer ${pi1}`)).status);
    for (const path of ['/imports/applications', '/imports/experts', '/imports/institutions', '/imports/publications'])
      expect(
        (await t.http.post(path).set('authorization', `Bearer ${pi1}`).attach('file', tinyPdf, 'x.csv')).status,
      ).toBe(403);
    // the officers' views and the rankings are not theirs
    for (const q of [
      ['query($r:ID!){ ranking(roundId:$r){ rank } }', { r: roundId }],
      ['query($r:ID!){ conflicts(roundId:$r){ projectId } }', { r: roundId }],
      ['query($r:ID!){ assignments(roundId:$r){ id } }', { r: roundId }],
      ['query($r:ID!){ progressReports(roundId:$r){ projectId } }', { r: roundId }],
    ] as const)
      expect((await t.gql(q[0], q[1], pi1)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('reviewers and panel members read a report once submitted; a stranger never', async () => {
    const [assigned] = await t.db.query(
      `SELECT u.email FROM assignments a JOIN users u ON u.id = a.reviewer_id
        WHERE a.round_id = $1 AND a.application_id = $2 AND a.status = 'ACTIVE'
          AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.round_id = a.round_id AND c.application_id = a.application_id AND c.reviewer_id = a.reviewer_id)
        ORDER BY (u.email = 'reviewer1@demo.local') DESC, u.email LIMIT 1`,
      [roundId, p1],
    );
    const rev = (await t.login(assigned.email, 'demo-reviewer')).accessToken;
    const seen = await t.gql<{ progressReport: Report }>(REPORT, { p: p1, r: roundId }, rev);
    expect(seen.data!.progressReport.status).toBe('SUBMITTED');
    expect(seen.data!.progressReport.targets.some((x) => x.achieved !== null)).toBe(true);
    // beside the scoring form, through the assignment
    const a = await t.gql<{ myAssignments: { project: { id: string }; progressReport: { status: string } | null }[] }>(
      '{ myAssignments { project { id } progressReport { status } } }',
      {},
      rev,
    );
    expect(a.data!.myAssignments.find((x) => x.project.id === p1)!.progressReport!.status).toBe('SUBMITTED');
    // the draft of the other project is not shown to its reviewers
    const [other] = await t.db.query(
      `SELECT u.email FROM assignments a JOIN users u ON u.id = a.reviewer_id
        WHERE a.round_id = $1 AND a.application_id = $2 AND a.status = 'ACTIVE'
          AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.round_id = a.round_id AND c.application_id = a.application_id AND c.reviewer_id = a.reviewer_id)
          AND EXISTS (SELECT 1 FROM pledges p WHERE p.round_id = a.round_id AND p.user_id = a.reviewer_id)
        ORDER BY u.email LIMIT 1`,
      [roundId, p2],
    );
    if (other) {
      const draft = await t.gql<{ progressReport: Report }>(
        REPORT,
        { p: p2, r: roundId },
        (await t.login(other.email, 'demo-reviewer')).accessToken,
      );
      expect(draft.data!.progressReport.status).toBe('NOT_SUBMITTED');
      expect(draft.data!.progressReport.summary).toBe('');
      expect(draft.data!.progressReport.targets.every((x) => x.achieved === null)).toBe(true);
    }
    // a member of the round's defence panel, not recused from the project, reads it too
    const [member] = await t.db.query(
      `SELECT u.email FROM panel_members pm JOIN panel_meetings m ON m.id = pm.meeting_id JOIN users u ON u.id = pm.user_id
        WHERE m.round_id = $1 AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.application_id = $2 AND c.reviewer_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.round_id = $1 AND a.application_id = $2 AND a.reviewer_id = u.id)
        ORDER BY u.email LIMIT 1`,
      [roundId, p1],
    );
    expect(member).toBeDefined();
    const panel = await t.gql<{ progressReport: Report }>(
      REPORT,
      { p: p1, r: roundId },
      (await t.login(member.email, 'demo-reviewer')).accessToken,
    );
    expect(panel.data!.progressReport.status).toBe('SUBMITTED');
    // and downloads the mid-term report; a member of the 2023 selection panel only does not
    const memberTok = (await t.login(member.email, 'demo-reviewer')).accessToken;
    const [report] = await t.db.query(
      `SELECT id FROM documents WHERE application_id = $1 AND kind = 'MIDTERM_REPORT' LIMIT 1`,
      [p1],
    );
    expect((await t.http.get(`/documents/${report.id}`).set('authorization', `Bearer ${memberTok}`)).status).toBe(200);
    const [past] = await t.db.query(
      `SELECT u.email FROM panel_members pm JOIN panel_meetings m ON m.id = pm.meeting_id JOIN review_rounds r ON r.id = m.round_id
         JOIN users u ON u.id = pm.user_id
        WHERE r.kind = 'INITIAL'
          AND NOT EXISTS (SELECT 1 FROM panel_members x JOIN panel_meetings y ON y.id = x.meeting_id WHERE y.round_id = $1 AND x.user_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.application_id = $2 AND a.reviewer_id = u.id AND a.status = 'ACTIVE')
        ORDER BY u.email LIMIT 1`,
      [roundId, p1],
    );
    expect(past).toBeDefined();
    const pastTok = (await t.login(past.email, 'demo-reviewer')).accessToken;
    expect((await t.http.get(`/documents/${report.id}`).set('authorization', `Bearer ${pastTok}`)).status).toBe(404);
    const [stranger] = await t.db.query(
      `SELECT u.email FROM users u WHERE 'REVIEWER' = ANY(u.roles)
          AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.round_id = $1 AND a.application_id = $2 AND a.reviewer_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM panel_members pm JOIN panel_meetings m ON m.id = pm.meeting_id WHERE m.round_id = $1 AND pm.user_id = u.id)
        ORDER BY u.email LIMIT 1`,
      [roundId, p1],
    );
    const s = await t.gql(REPORT, { p: p1, r: roundId }, (await t.login(stranger.email, 'demo-reviewer')).accessToken);
    expect(s.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('a draft is checked against the direction’s targets, field by field, and keeps versions', async () => {
    const r = (await t.gql<{ progressReport: Report }>(REPORT, { p: p2, r: roundId }, pi2)).data!.progressReport;
    expect(r.status).toBe('DRAFT');
    const [first] = r.targets;
    const unitTarget = r.targets.find((x) => x.unit);
    const bad = async (input: Record<string, unknown>) =>
      (await t.gql(SAVE, { p: p2, r: roundId, i: input, v: r.version }, pi2)).errors?.[0].extensions?.field;
    expect(await bad({ targets: [{ key: 'no-such-target', achieved: 1 }] })).toBe('targets[0].key');
    expect(
      await bad({
        targets: [
          { key: first.key, achieved: 1 },
          { key: first.key, achieved: 2 },
        ],
      }),
    ).toBe('targets[1].key');
    expect(await bad({ targets: [{ key: first.key, achieved: -3 }] })).toBe(`targets.${first.key}.achieved`);
    if (unitTarget)
      expect(await bad({ targets: [{ key: unitTarget.key, achieved: 5, unit: 'furlongs' }] })).toBe(
        `targets.${unitTarget.key}.unit`,
      );
    if (!r.landingRequired) expect(await bad({ targets: [], landing: { partner: '深圳某医院' } })).toBe('landing');
    expect(
      (await t.gql<{ progressReport: Report }>(REPORT, { p: p2, r: roundId }, pi2)).data!.progressReport.version,
    ).toBe(r.version);
    // two writers race on one version: exactly one wins
    const input = (n: number) => ({
      summary: `第 ${n} 位负责人的修改：数学模型已完成验证，临床数据平台已上线运行。`,
      targets: r.targets.map((x) => ({ key: x.key, achieved: (x.min ?? x.max ?? 10) * 1.2, unit: x.unit })),
      ...(r.landingRequired
        ? {
            landing: {
              partner: '深圳大学总医院',
              site: '深圳市光明区',
              milestones: '三年落地',
              requestedAmount: 3_200_000,
            },
          }
        : {}),
    });
    const race = await Promise.all(
      [1, 2].map((n) => t.gql(SAVE, { p: p2, r: roundId, i: input(n), v: r.version }, pi2)),
    );
    expect(race.filter((x) => !x.errors)).toHaveLength(1);
    expect(race.filter((x) => x.errors?.[0].extensions?.code === 'VERSION_CONFLICT')).toHaveLength(1);
    const after = (await t.gql<{ progressReport: Report }>(REPORT, { p: p2, r: roundId }, pi2)).data!.progressReport;
    expect(after.version).toBe(r.version + 1);
    expect(after.targets.every((x) => x.achieved !== null && (x.min == null || x.met))).toBe(true);
  });

  it('submitting needs the report complete; late after the due date; an officer returns it with a note; it is resubmitted', async () => {
    const r = (await t.gql<{ progressReport: Report }>(REPORT, { p: p2, r: roundId }, pi2)).data!.progressReport;
    // a requested amount below 3,000,000 is refused where a landing plan is required
    if (r.landingRequired) {
      const low = await t.gql(
        SAVE,
        {
          p: p2,
          r: roundId,
          i: {
            summary: r.summary,
            targets: r.targets.map((x) => ({ key: x.key, achieved: x.achieved })),
            landing: { partner: 'x', site: 'y', milestones: 'z', requestedAmount: 1_000_000 },
          },
          v: r.version,
        },
        pi2,
      );
      expect(low.errors?.[0].extensions?.field).toBe('landing.requestedAmount');
    }
    // the due date passed: the submission is marked late
    await t.gql(
      'mutation($r:ID!,$d:DateTime){ setReportDue(roundId:$r, dueAt:$d){ reportDueAt } }',
      { r: roundId, d: '2026-01-01T00:00:00+08:00' },
      officer,
    );
    // what is not a PDF is refused on its field, and nothing is stored
    const [{ n: docsBefore }] = await t.db.query(`SELECT count(*)::int AS n FROM documents WHERE application_id = $1`, [
      p2,
    ]);
    const fake = await t.http
      .post(`/documents/projects/${p2}?kind=EVIDENCE`)
      .set('authorization', `Bearer ${pi2}`)
      .attach('file', Buffer.from('<html>not a pdf</html>'), 'evidence.pdf');
    expect(fake.status).toBe(400);
    expect(fake.body.field).toBe('file');
    const officerKind = await t.http
      .post(`/documents/projects/${p2}?kind=PROPOSAL`)
      .set('authorization', `Bearer ${pi2}`)
      .attach('file', tinyPdf, 'proposal.pdf');
    expect(officerKind.status).toBe(400);
    expect(officerKind.body.field).toBe('kind');
    const [{ n: docsAfter }] = await t.db.query(`SELECT count(*)::int AS n FROM documents WHERE application_id = $1`, [
      p2,
    ]);
    expect(docsAfter).toBe(docsBefore);
    // the team attaches evidence while the report is open
    const up = await t.http
      .post(`/documents/projects/${p2}?kind=EVIDENCE`)
      .set('authorization', `Bearer ${pi2}`)
      .attach('file', tinyPdf, '佐证.pdf');
    expect(up.status).toBe(201);
    const stale = await t.gql(SUBMIT, { p: p2, r: roundId, v: r.version - 1 }, pi2);
    expect(stale.errors?.[0].extensions?.code).toBe('VERSION_CONFLICT');
    const sub = await t.gql<{ submitProgressReport: { status: string; late: boolean; version: number } }>(
      SUBMIT,
      { p: p2, r: roundId, v: r.version },
      pi2,
    );
    expect(sub.errors).toBeUndefined();
    expect(sub.data!.submitProgressReport).toMatchObject({ status: 'SUBMITTED', late: true });
    // once submitted, nothing changes until it is returned
    const locked = await t.gql(SAVE, { p: p2, r: roundId, i: { targets: [] }, v: r.version + 1 }, pi2);
    expect(locked.errors?.[0].extensions?.reason).toBe('REPORT_SUBMITTED');
    const lockedUpload = await t.http
      .post(`/documents/projects/${p2}?kind=EVIDENCE`)
      .set('authorization', `Bearer ${pi2}`)
      .attach('file', tinyPdf, 'late.pdf');
    expect(lockedUpload.status).toBe(400);
    // the officer's list shows it, late
    const list = await t.gql<{ progressReports: { projectId: string; status: string; late: boolean }[] }>(
      'query($r:ID!){ progressReports(roundId:$r){ projectId status late } }',
      { r: roundId },
      officer,
    );
    expect(list.data!.progressReports.find((x) => x.projectId === p2)).toMatchObject({
      status: 'SUBMITTED',
      late: true,
    });
    expect(list.data!.progressReports.filter((x) => x.status === 'NOT_STARTED').length).toBeGreaterThan(0);
    // returned with a note: the leads are told, and may edit and submit again
    expect((await t.gql(RETURN, { p: p2, r: roundId, n: 'x' }, officer)).errors?.[0].extensions?.field).toBe('note');
    const back = await t.gql<{ returnProgressReport: { status: string; returnNote: string; version: number } }>(
      RETURN,
      { p: p2, r: roundId, n: '请补充第二项指标的佐证材料。' },
      officer,
    );
    expect(back.data!.returnProgressReport).toMatchObject({
      status: 'RETURNED',
      returnNote: '请补充第二项指标的佐证材料。',
    });
    const [notice] = await t.db.query(
      `SELECT n.kind FROM notices n JOIN users u ON u.id = n.user_id WHERE u.email = 'pi2@demo.local' AND n.kind = 'REPORT_RETURNED'`,
    );
    expect(notice).toBeDefined();
    const v = back.data!.returnProgressReport.version;
    const again = await t.gql<{ submitProgressReport: { status: string } }>(SUBMIT, { p: p2, r: roundId, v }, pi2);
    expect(again.data!.submitProgressReport.status).toBe('SUBMITTED');
    // a reviewer of the round does not return reports
    expect((await t.gql(RETURN, { p: p2, r: roundId, n: '请补充材料。' }, pi1)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('a lead takes an account through the officer’s link, once; a tampered link opens nothing', async () => {
    // a funded project of the round whose leads have no account
    const [p3] = await t.db.query(
      `SELECT rp.application_id AS id FROM round_projects rp WHERE rp.round_id = $1
          AND NOT EXISTS (SELECT 1 FROM team_members tm JOIN users u ON u.person_id = tm.person_id WHERE tm.application_id = rp.application_id)
        ORDER BY rp.application_id LIMIT 1`,
      [roundId],
    );
    const sent = await t.gql<{ inviteTeam: { role: string; email: string; hasAccount: boolean }[] }>(
      'mutation($p:ID!){ inviteTeam(projectId:$p){ role email hasAccount } }',
      { p: p3.id },
      officer,
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.inviteTeam.map((x) => x.role).sort()).toEqual(['CO_PI', 'PI']);
    const lead = sent.data!.inviteTeam.find((x) => x.role === 'PI')!;
    const [mail] = await t.db.query(`SELECT body FROM outbox WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1`, [
      lead.email,
    ]);
    const token = /\/team\/([0-9a-f-]{36}\.[A-Za-z0-9_-]{43})/.exec(mail.body)![1];
    const shown = await t.gql<{ teamInvitationByLink: { email: string; hasAccount: boolean } }>(
      'query($t:String!){ teamInvitationByLink(token:$t){ email hasAccount used } }',
      { t: token },
    );
    expect(shown.data!.teamInvitationByLink).toMatchObject({ email: lead.email, hasAccount: false });
    const SET = 'mutation($t:String!,$p:String!){ setPasswordByTeamLink(token:$t, password:$p){ accessToken } }';
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect((await t.gql(SET, { t: tampered, p: 'a-long-password-2026' })).errors?.[0].extensions?.reason).toBe(
      'LINK_INVALID',
    );
    // the same id and nonce signed with the reviewers' invitation key opens nothing here
    const [row] = await t.db.query(`SELECT id, nonce FROM team_invitations WHERE email = $1`, [lead.email]);
    const otherKey = signLink(TEST_JWT_SECRET, row.id, row.nonce);
    expect(otherKey).not.toBe(token);
    expect((await t.gql(SET, { t: otherKey, p: 'a-long-password-2026' })).errors?.[0].extensions?.reason).toBe(
      'LINK_INVALID',
    );
    const made = await t.gql<{ setPasswordByTeamLink: { accessToken: string } }>(SET, {
      t: token,
      p: 'a-long-password-2026',
    });
    expect(made.errors).toBeUndefined();
    const mine = await t.gql<{ myProjects: { id: string }[] }>(MINE, {}, made.data!.setPasswordByTeamLink.accessToken);
    expect(mine.data!.myProjects.map((x) => x.id)).toEqual([p3.id]);
    // nothing written yet: the lead sees a report to start, with the files already uploaded
    const fresh = await t.gql<{ progressReport: Report }>(
      REPORT,
      { p: p3.id, r: roundId },
      made.data!.setPasswordByTeamLink.accessToken,
    );
    expect(fresh.data!.progressReport).toMatchObject({ id: null, status: 'NOT_STARTED', version: 0 });
    expect(fresh.data!.progressReport.documents.map((d) => d.kind)).toContain('MIDTERM_REPORT');
    expect((await t.gql(SET, { t: token, p: 'another-password-2026' })).errors?.[0].extensions?.reason).toBe(
      'LINK_USED',
    );
    // a declined project's leads get no account
    const [declined] = await t.db.query(`SELECT id FROM applications WHERE status = 'DECLINED' LIMIT 1`);
    const no = await t.gql('mutation($p:ID!){ inviteTeam(projectId:$p){ role } }', { p: declined.id }, officer);
    expect(no.errors?.[0].extensions?.field).toBe('projectId');
  });

  it('leads whose report is not submitted are reminded before the due date, once across replicas', async () => {
    const reports = t.app.get(ReportsService);
    const now = new Date();
    // due in a day and a half: the two-day reminder is due (REMINDER_DAYS_BEFORE defaults to 7 and 2)
    await t.gql(
      'mutation($r:ID!,$d:DateTime){ setReportDue(roundId:$r, dueAt:$d){ reportDueAt } }',
      { r: roundId, d: new Date(now.getTime() + 36 * 3_600_000).toISOString() },
      officer,
    );
    // by hand: leads with an account whose project's report is not submitted
    const expected: { id: string }[] = await t.db.query(
      `SELECT DISTINCT u.id FROM round_projects rp JOIN team_members tm ON tm.application_id = rp.application_id AND tm.role IN ('PI','CO_PI')
         JOIN users u ON u.person_id = tm.person_id AND 'PI' = ANY(u.roles)
         LEFT JOIN progress_reports p ON p.application_id = rp.application_id AND p.round_id = rp.round_id
        WHERE rp.round_id = $1 AND (p.status IS NULL OR p.status <> 'SUBMITTED')`,
      [roundId],
    );
    expect(expected.length).toBeGreaterThan(0);
    const sent = await Promise.all([reports.remindDue(now), reports.remindDue(now)]);
    expect(sent.sort()).toEqual([0, expected.length]);
    const notices: { user_id: string }[] = await t.db.query(
      `SELECT user_id FROM notices WHERE kind = 'REPORT_REMINDER' AND round_id = $1`,
      [roundId],
    );
    expect(notices.map((n) => n.user_id).sort()).toEqual(expected.map((e) => e.id).sort());
    // pi1 and pi2 submitted: not reminded
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM notices n JOIN users u ON u.id = n.user_id WHERE n.kind = 'REPORT_REMINDER' AND u.email IN ('pi1@demo.local','pi2@demo.local')`,
    );
    expect(n).toBe(0);
    expect(await reports.remindDue(now)).toBe(0);
  });

  it('feedback of the finalized round: codes and comments to the applicant, never identities or confidential comments', async () => {
    const mine = await t.gql<{
      myProjects: {
        feedback: { roundId: string; kind: string; decision: string; comments: { code: string; comment: string }[] }[];
      }[];
    }>(MINE, {}, pi1);
    const f = mine.data!.myProjects[0].feedback.find((x) => x.kind === 'INITIAL')!;
    expect(f.decision).toBe('FUND');
    // by hand: the comments to the applicant in the order the reviews were assigned
    const reviews: { comment_to_applicant: string; confidential_comment: string; name: string; email: string }[] =
      await t.db.query(
        `SELECT r.comment_to_applicant, r.confidential_comment, u.name, u.email FROM assignments a
           JOIN reviews r ON r.assignment_id = a.id AND r.status = 'SUBMITTED' JOIN users u ON u.id = a.reviewer_id
          WHERE a.round_id = $1 AND a.application_id = $2 ORDER BY a.created_at, a.id`,
        [f.roundId, p1],
      );
    expect(f.comments).toEqual(
      reviews
        .map((r, k) => ({ code: `R${k + 1}`, comment: r.comment_to_applicant.trim() }))
        .filter((c) => c.comment !== ''),
    );
    const res = await t.http
      .get(`/feedback/projects/${p1}/rounds/${f.roundId}/letter.pdf`)
      .set('authorization', `Bearer ${pi1}`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('评审结果通知');
    expect(text).toContain('决定：资助');
    expect(text).toContain('专家 R1');
    for (const r of reviews) {
      expect(text).not.toContain(r.name);
      expect(text).not.toContain(r.email);
      if (r.confidential_comment.trim())
        expect(text.replace(/\s+/g, '')).not.toContain(r.confidential_comment.replace(/\s+/g, ''));
    }
    // another lead's letter is not theirs
    const other = await t.http
      .get(`/feedback/projects/${p1}/rounds/${f.roundId}/letter.pdf`)
      .set('authorization', `Bearer ${pi2}`);
    expect(other.status).toBe(404);
    const reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    expect(
      (
        await t.http
          .get(`/feedback/projects/${p1}/rounds/${f.roundId}/letter.pdf`)
          .set('authorization', `Bearer ${reviewer}`)
      ).status,
    ).toBe(403);
  });
});
