import { InvitationsService } from '../apps/api/src/invitations/invitations.service';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

const DAY = 86_400_000;
const INVITE = `mutation($r:ID!,$p:[ID!]!,$by:DateTime,$m:String,$c:Boolean){
  inviteReviewers(roundId:$r, personIds:$p, respondBy:$by, message:$m, confirmConflicts:$c){
    id status personId expertName email respondBy hasAccount conflictsConfirmed { projectId rule evidenceZh } } }`;
const RESPOND = `mutation($i:ID!,$a:Boolean!,$r:String,$l:Int,$n:String,$s:String){
  respondToInvitation(invitationId:$i, accept:$a, reason:$r, maxLoad:$l, note:$n, substitutes:$s){
    id status maxLoad reason note substitutes answerLocked pledgeSigned } }`;
const BY_LINK =
  'query($t:String!){ invitationByLink(token:$t){ invitationId status expertName email hasAccount roundNameZh } }';
const SET_PASSWORD =
  'mutation($t:String!,$p:String!){ setPasswordByInvitation(token:$t, password:$p){ accessToken user { email roles } } }';

/**
 * 评审邀请 end to end on PostgreSQL: an officer invites from the pool (conflicts shown and
 * confirmed), a new expert follows the signed link, sets a password once, accepts fewer projects,
 * signs the pledge and gets work within that load; links that are tampered with, reused, voided or
 * past their date are refused; reminders and expiry go out once across two replicas; alternates
 * follow a decline.
 */
describe('invitations', () => {
  let t: TestApp;
  let officer: string;
  let roundId: string;
  let newExpert: string; // person id
  let token: string;
  let conflicted: string; // a person invited in the first test

  const linkFromOutbox = async (email: string): Promise<string> => {
    const [row] = await t.db.query(
      `SELECT body FROM outbox WHERE to_address = $1 AND subject LIKE '%评审邀请%' ORDER BY created_at DESC LIMIT 1`,
      [email],
    );
    const m = /\/invitation\/([0-9a-f-]{36}\.[A-Za-z0-9_-]{43})/.exec(row?.body ?? '');
    if (!m) throw new Error(`no invitation link in the mail to ${email}`);
    return m[1];
  };
  const personOf = async (email: string) =>
    (await t.db.query(`SELECT person_id FROM users WHERE email = $1`, [email]))[0].person_id as string;

  beforeAll(async () => {
    t = await startTestApp();
    // the call's applications screened and ELIGIBLE, no rounds yet: a new round takes them all
    await seedDemo(t.app, { rounds: false });
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    const [p] = await t.db.query(`SELECT id FROM programs WHERE code = 'TY-SZ-2023'`);
    const created = await t.gql<{ createRound: { id: string } }>(
      `mutation($p:ID!,$i:CreateRoundInput!){ createRound(programId:$p, input:$i){ id } }`,
      {
        p: p.id,
        i: {
          kind: 'INITIAL',
          nameZh: '邀请测试轮',
          nameEn: 'Invitation test round',
          opensAt: new Date(Date.now() + 20 * DAY).toISOString(),
          closesAt: new Date(Date.now() + 60 * DAY).toISOString(),
          reviewersPerProject: 3,
        },
      },
      officer,
    );
    expect(created.errors).toBeUndefined();
    roundId = created.data!.createRound.id;
    const expert = await t.gql<{ createExpert: { id: string } }>(
      'mutation($i:ExpertInput!){ createExpert(input:$i){ id } }',
      {
        i: {
          name: '新专家',
          emails: ['New.Expert@Example.org'],
          disciplines: ['MATH'],
          keywords: ['医学影像'],
          affiliations: [],
        },
      },
      officer,
    );
    expect(expert.errors).toBeUndefined();
    newExpert = expert.data!.createExpert.id;
  }, 120_000);
  afterAll(() => t.close());

  it('shows candidates with their conflicts, and invites a conflicted expert only once the officer confirms', async () => {
    const cands = await t.gql<{
      invitationCandidates: { total: number; items: { expert: { id: string }; conflicts: { rule: string }[] }[] };
    }>(
      'query($r:ID!){ invitationCandidates(roundId:$r, limit: 50){ total items { expert { id name } invitationStatus workload conflicts { projectId rule evidenceZh } } } }',
      { r: roundId },
      officer,
    );
    expect(cands.errors).toBeUndefined();
    expect(cands.data!.invitationCandidates.total).toBeGreaterThan(20);
    // the demo's experts work at institutions that lead some of the call's applications
    const mine = cands.data!.invitationCandidates.items.find((x) => x.conflicts.length > 0)!;
    expect(mine.conflicts.every((c) => c.rule.length > 0)).toBe(true);
    const r2 = mine.expert.id;
    conflicted = r2;
    // and the detection agrees with the stored one for reviewers with accounts
    const clean = cands.data!.invitationCandidates.items.filter((x) => x.conflicts.length === 0);
    expect(clean.length).toBeGreaterThan(0);
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM invitations`))[0].n;
    const refused = await t.gql(INVITE, { r: roundId, p: [r2] }, officer);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT_OF_INTEREST',
      reason: 'CONFLICTS_NEED_CONFIRMATION',
    });
    const listed = refused.errors![0].extensions!.conflicts as { personId: string; evidenceZh: string }[];
    expect(listed.every((c) => c.personId === r2 && c.evidenceZh.length > 0)).toBe(true);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM invitations`))[0].n).toBe(before);
    const ok = await t.gql<{ inviteReviewers: { conflictsConfirmed: unknown[]; hasAccount: boolean }[] }>(
      INVITE,
      { r: roundId, p: [r2], c: true },
      officer,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.inviteReviewers[0].conflictsConfirmed).toHaveLength(mine.conflicts.length);
    expect(ok.data!.inviteReviewers[0].hasAccount).toBe(true);
    // an expert invited already is not invited twice
    const twice = await t.gql(INVITE, { r: roundId, p: [r2], c: true }, officer);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personIds' });
  });

  it('refuses bad input naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ r: roundId, p: [] }, 'personIds'],
      [{ r: roundId, p: [newExpert], by: new Date(Date.now() - DAY).toISOString() }, 'respondBy'],
      [{ r: roundId, p: [newExpert], by: new Date(Date.now() + 80 * DAY).toISOString() }, 'respondBy'],
      [{ r: roundId, p: [newExpert], m: 'x'.repeat(2001) }, 'message'],
    ];
    for (const [vars, field] of cases) {
      const r = await t.gql(INVITE, vars, officer);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('e-mails a new expert a signed link that refuses tampering, sets a password once and confirms the e-mail', async () => {
    const r = await t.gql<{ inviteReviewers: { id: string; email: string; hasAccount: boolean }[] }>(
      INVITE,
      { r: roundId, p: [newExpert], by: new Date(Date.now() + 10 * DAY).toISOString(), m: '诚邀您参加' },
      officer,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.inviteReviewers[0]).toMatchObject({ email: 'new.expert@example.org', hasAccount: false });
    token = await linkFromOutbox('new.expert@example.org');
    const shown = await t.gql<{ invitationByLink: { status: string; expertName: string; hasAccount: boolean } }>(
      BY_LINK,
      { t: token },
    );
    expect(shown.errors).toBeUndefined();
    expect(shown.data!.invitationByLink).toMatchObject({ status: 'PENDING', expertName: '新专家', hasAccount: false });
    // one character changed, another invitation's id, garbage: the same refusal
    const flip = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const otherId = (await t.db.query(`SELECT id FROM invitations WHERE id <> $1 LIMIT 1`, [token.split('.')[0]]))[0]
      .id;
    for (const bad of [flip, `${otherId}.${token.split('.')[1]}`, 'not-a-link', 'x'.repeat(500)]) {
      const x = await t.gql(BY_LINK, { t: bad });
      expect(x.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LINK_INVALID' });
      const y = await t.gql(SET_PASSWORD, { t: bad, p: 'Str0ng-Passw0rd!' });
      expect(y.errors?.[0].extensions?.reason).toBe('LINK_INVALID');
    }
    expect((await t.db.query(`SELECT count(*)::int AS n FROM users WHERE person_id = $1`, [newExpert]))[0].n).toBe(0);
    const weak = await t.gql(SET_PASSWORD, { t: token, p: 'short' });
    expect(weak.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    // two tabs submitting at once make one account
    const both = await Promise.all([
      t.gql<{ setPasswordByInvitation: { user: { email: string; roles: string[] } } }>(SET_PASSWORD, {
        t: token,
        p: 'Xin-Zhuanjia-2026!',
      }),
      t.gql(SET_PASSWORD, { t: token, p: 'Other-Passw0rd-2026!' }),
    ]);
    const won = both.filter((x) => x.data);
    expect(won).toHaveLength(1);
    expect(both.find((x) => x.errors)!.errors![0].extensions?.reason).toMatch(/LINK_USED|ACCOUNT_EXISTS/);
    const users = await t.db.query(`SELECT email, roles, email_confirmed_at FROM users WHERE person_id = $1`, [
      newExpert,
    ]);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ email: 'new.expert@example.org', roles: ['REVIEWER'] });
    expect(users[0].email_confirmed_at).not.toBeNull();
    // reused later: refused, and the password stays the one set
    const reuse = await t.gql(SET_PASSWORD, { t: token, p: 'Third-Passw0rd-2026!' });
    expect(reuse.errors?.[0].extensions?.reason).toBe('LINK_USED');
    const password = won[0] === both[0] ? 'Xin-Zhuanjia-2026!' : 'Other-Passw0rd-2026!';
    await expect(t.login('new.expert@example.org', password)).resolves.toHaveProperty('accessToken');
    await expect(t.login('new.expert@example.org', 'Third-Passw0rd-2026!')).rejects.toThrow();
    // the link still shows the invitation (to answer after signing in)
    const again = await t.gql<{ invitationByLink: { hasAccount: boolean } }>(BY_LINK, { t: token });
    expect(again.data!.invitationByLink.hasAccount).toBe(true);
    await t.db.query(
      `UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'reviewer1@demo.local') WHERE person_id = $1`,
      [newExpert],
    );
  });

  it('accepts with a smaller load, signs the pledge before any work, and gets work only within that load', async () => {
    const me = (await t.login('new.expert@example.org', 'demo-reviewer')).accessToken;
    const mine = await t.gql<{ myInvitations: { id: string; status: string; roundId: string }[] }>(
      '{ myInvitations { id status roundId roundNameZh respondBy pledgeSigned pledge { version textZh } } }',
      {},
      me,
    );
    const inv = mine.data!.myInvitations.find((x) => x.roundId === roundId)!;
    expect(inv.status).toBe('PENDING');
    // bad answers name their field and change nothing
    for (const [vars, field] of [
      [{ a: true, l: 0 }, 'maxLoad'],
      [{ a: true, l: 1.5 }, 'maxLoad'],
      [{ a: false }, 'reason'],
      [{ a: false, r: 'BORED' }, 'reason'],
      [{ a: false, r: 'OTHER' }, 'note'],
    ] as [Record<string, unknown>, string][]) {
      const x = await t.gql(RESPOND, { i: inv.id, ...vars }, me);
      expect(x.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      if (field !== 'maxLoad' || vars.l === 0) expect(x.errors?.[0].extensions?.field).toBe(field);
    }
    // someone else cannot answer it
    const other = (await t.login('reviewer3@demo.local', 'demo-reviewer')).accessToken;
    const stranger = await t.gql(RESPOND, { i: inv.id, a: false, r: 'NO_TIME' }, other);
    expect(stranger.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const accepted = await t.gql<{ respondToInvitation: { status: string; maxLoad: number; pledgeSigned: boolean } }>(
      RESPOND,
      { i: inv.id, a: true, l: 1 },
      me,
    );
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.respondToInvitation).toMatchObject({ status: 'ACCEPTED', maxLoad: 1, pledgeSigned: false });
    // the officer was told
    const [told] = await t.db.query(
      `SELECT n.title_zh FROM notices n JOIN users u ON u.id = n.user_id WHERE u.email = 'officer@demo.local' AND n.kind = 'INVITATION_ANSWERED'`,
    );
    expect(told.title_zh).toMatch(/新专家接受（最多 1 项）/);
    // the answer can change before work arrives; then back to accepting 1
    const changed = await t.gql(RESPOND, { i: inv.id, a: true, l: 2 }, me);
    expect(changed.errors).toBeUndefined();
    await t.gql(RESPOND, { i: inv.id, a: true, l: 1 }, me);
    const signed = await t.gql('mutation($r:ID!){ signPledge(roundId:$r){ version } }', { r: roundId }, me);
    expect(signed.errors).toBeUndefined();

    // staff the rest of the round: 23 demo reviewers accept, two decline, two wait as alternates
    const emails = Array.from({ length: 26 }, (_, i) => `reviewer${i + 3}@demo.local`).filter(
      (e) => e !== 'reviewer20@demo.local' && e !== 'reviewer21@demo.local',
    );
    const all = await Promise.all(emails.map(personOf));
    const persons = all.filter((p) => p !== conflicted);
    emails.splice(all.indexOf(conflicted), all.includes(conflicted) ? 1 : 0);
    const sent = await t.gql<{ inviteReviewers: { id: string; personId: string }[] }>(
      INVITE,
      { r: roundId, p: persons, c: true },
      officer,
    );
    expect(sent.errors).toBeUndefined();
    for (const [i, email] of emails.entries()) {
      const tok = (await t.login(email, 'demo-reviewer')).accessToken;
      const id = sent.data!.inviteReviewers.find((x) => x.personId === persons[i])!.id;
      const declines = email === 'reviewer27@demo.local' || email === 'reviewer28@demo.local';
      const r = await t.gql(RESPOND, declines ? { i: id, a: false, r: 'NO_TIME' } : { i: id, a: true }, tok);
      expect(r.errors).toBeUndefined();
    }
    const accepted12 = new Set(
      (await t.db.query(`SELECT user_id FROM invitations WHERE round_id = $1 AND status = 'ACCEPTED'`, [roundId])).map(
        (r: { user_id: string }) => r.user_id,
      ),
    );
    expect(accepted12.size).toBe(emails.length - 2 + 1);
    const run = await t.gql<{ generateAssignments: { id: string } }>(
      'mutation($r:ID!){ generateAssignments(roundId:$r){ id } }',
      { r: roundId },
      officer,
    );
    expect(run.errors).toBeUndefined();
    type Preview = {
      status: string;
      reasons: string[];
      loads: { reviewerId: string; load: number; maxLoad: number }[];
    };
    let preview: Preview | null = null;
    for (let i = 0; i < 300 && !preview; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const s: { data?: { assignmentRun: { status: string; preview: Preview } } } = await t.gql(
        'query($id:ID!){ assignmentRun(id:$id){ status preview { status reasons loads { reviewerId load maxLoad } } } }',
        { id: run.data!.generateAssignments.id },
        officer,
      );
      if (s.data?.assignmentRun.status === 'DONE') preview = s.data.assignmentRun.preview;
    }
    expect(preview).toMatchObject({ status: 'optimal', reasons: [] });
    const meId = (await t.db.query(`SELECT id FROM users WHERE email = 'new.expert@example.org'`))[0].id;
    // only the accepted invitees, the new expert within the one project they accepted
    expect(new Set(preview!.loads.map((l) => l.reviewerId))).toEqual(accepted12);
    expect(preview!.loads.find((l) => l.reviewerId === meId)).toMatchObject({ maxLoad: 1 });
    expect(preview!.loads.find((l) => l.reviewerId === meId)!.load).toBeLessThanOrEqual(1);
    const applied = await t.gql(
      'mutation($id:ID!){ applyAssignmentRun(runId:$id){ added } }',
      { id: run.data!.generateAssignments.id },
      officer,
    );
    expect(applied.errors).toBeUndefined();
    const assigned = await t.db.query(
      `SELECT DISTINCT reviewer_id FROM assignments WHERE round_id = $1 AND status = 'ACTIVE'`,
      [roundId],
    );
    expect(assigned.every((a: { reviewer_id: string }) => accepted12.has(a.reviewer_id))).toBe(true);
    // a manual assignment beyond the stated load, or of someone who did not accept, is refused
    const [{ n: myLoad }] = await t.db.query(
      `SELECT count(*)::int AS n FROM assignments WHERE round_id = $1 AND reviewer_id = $2 AND status = 'ACTIVE'`,
      [roundId, meId],
    );
    const frees = await t.db.query(
      `SELECT application_id FROM round_projects WHERE round_id = $1 AND application_id NOT IN
         (SELECT application_id FROM assignments WHERE round_id = $1 AND reviewer_id = $2)
         AND application_id NOT IN (SELECT application_id FROM conflicts WHERE round_id = $1 AND reviewer_id = $2)
       ORDER BY application_id LIMIT 2`,
      [roundId, meId],
    );
    const free = frees[1];
    const ASSIGN = 'mutation($r:ID!,$p:ID!,$u:ID!){ assignReviewer(roundId:$r, projectId:$p, reviewerId:$u){ id } }';
    if (myLoad === 0) {
      // the solver found better experts everywhere: the one project they accepted is given by hand
      const one = await t.gql(ASSIGN, { r: roundId, p: frees[0].application_id, u: meId }, officer);
      expect(one.errors).toBeUndefined();
    }
    const over = await t.gql(ASSIGN, { r: roundId, p: free.application_id, u: meId }, officer);
    expect(over.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reviewerId' });
    expect(over.errors?.[0].extensions?.messageZh).toMatch(/上限为 1 项，已分配 1 项/);
    const declined = (await t.db.query(`SELECT id FROM users WHERE email = 'reviewer28@demo.local'`))[0].id;
    const notAccepted = await t.gql(ASSIGN, { r: roundId, p: free.application_id, u: declined }, officer);
    expect(notAccepted.errors?.[0].extensions?.messageZh).toMatch(/尚未接受邀请/);
    // once work has arrived the answer is locked
    const assignedIds = new Set(assigned.map((a: { reviewer_id: string }) => a.reviewer_id));
    const locked = [...accepted12].find((id) => assignedIds.has(id) && id !== meId)!;
    const [{ email: lockedEmail }] = await t.db.query(`SELECT email FROM users WHERE id = $1`, [locked]);
    const lockedTok = (await t.login(lockedEmail, 'demo-reviewer')).accessToken;
    const [{ id: lockedInv }] = await t.db.query(`SELECT id FROM invitations WHERE round_id = $1 AND user_id = $2`, [
      roundId,
      locked,
    ]);
    const late = await t.gql(RESPOND, { i: lockedInv, a: false, r: 'NO_TIME' }, lockedTok);
    expect(late.errors?.[0].extensions?.reason).toBe('ANSWER_LOCKED');
    // the round is a draft: nobody was told yet; opening it tells each assigned reviewer once
    expect(
      (
        await t.db.query(`SELECT count(*)::int AS n FROM notices WHERE round_id = $1 AND kind = 'ASSIGNED'`, [roundId])
      )[0].n,
    ).toBe(0);
    await t.db.query(`UPDATE review_rounds SET opens_at = now() - interval '1 hour' WHERE id = $1`, [roundId]);
    const opened = await t.gql('mutation($r:ID!){ openRound(roundId:$r){ status } }', { r: roundId }, officer);
    expect(opened.errors).toBeUndefined();
    const notices = await t.db.query(`SELECT user_id FROM notices WHERE round_id = $1 AND kind = 'ASSIGNED'`, [
      roundId,
    ]);
    expect(new Set(notices.map((n: { user_id: string }) => n.user_id))).toEqual(assignedIds);
    expect(notices).toHaveLength(assignedIds.size);
  }, 120_000);

  it('lists notices for their owner only, pages them and marks them read', async () => {
    const me = (await t.login('new.expert@example.org', 'demo-reviewer')).accessToken;
    const page = await t.gql<{ myNotices: { total: number; unread: number; items: { id: string; kind: string }[] } }>(
      '{ myNotices(limit: 5) { total unread offset items { id kind titleZh titleEn bodyZh link readAt } } }',
      {},
      me,
    );
    expect(page.errors).toBeUndefined();
    const { total, unread, items } = page.data!.myNotices;
    expect(unread).toBe(total);
    const read = await t.gql<{ markNoticesRead: number }>(
      'mutation($i:[ID!]){ markNoticesRead(ids:$i) }',
      { i: items.slice(0, 1).map((x) => x.id) },
      me,
    );
    expect(read.data!.markNoticesRead).toBe(total > 0 ? 1 : 0);
    // someone else's ids change nothing
    const other = (await t.login('reviewer3@demo.local', 'demo-reviewer')).accessToken;
    const theirs = await t.gql<{ markNoticesRead: number }>(
      'mutation($i:[ID!]){ markNoticesRead(ids:$i) }',
      { i: items.map((x) => x.id) },
      other,
    );
    expect(theirs.data!.markNoticesRead).toBe(0);
    const bad = await t.gql('mutation{ markNoticesRead(ids:["not-a-uuid"]) }', {}, me);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    const huge = await t.gql('{ myNotices(limit: 1000) { total } }', {}, me);
    expect(huge.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
  });

  it('declines through the link without an account, and the next alternate is invited', async () => {
    const persons = await Promise.all(['reviewer20@demo.local', 'reviewer21@demo.local'].map(personOf));
    const fresh = await t.gql<{ createExpert: { id: string } }>(
      'mutation($i:ExpertInput!){ createExpert(input:$i){ id } }',
      {
        i: { name: '谢绝专家', emails: ['decliner@example.org'], disciplines: ['IT'], keywords: [], affiliations: [] },
      },
      officer,
    );
    const decliner = fresh.data!.createExpert.id;
    const alt = await t.gql<{ setRoundAlternates: { auto: boolean; experts: { id: string }[] } }>(
      'mutation($r:ID!,$p:[ID!]!){ setRoundAlternates(roundId:$r, personIds:$p, auto:true){ auto experts { id } statuses } }',
      { r: roundId, p: persons },
      officer,
    );
    expect(alt.errors).toBeUndefined();
    expect(alt.data!.setRoundAlternates.experts.map((e) => e.id)).toEqual(persons);
    await t.gql(INVITE, { r: roundId, p: [decliner] }, officer);
    const link = await linkFromOutbox('decliner@example.org');
    const DECLINE =
      'mutation($t:String!,$a:InvitationAnswerInput!){ declineInvitationByLink(token:$t, answer:$a){ status } }';
    const noNote = await t.gql(DECLINE, { t: link, a: { reason: 'OTHER' } }, undefined);
    expect(noNote.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    const d = await t.gql<{ declineInvitationByLink: { status: string } }>(DECLINE, {
      t: link,
      a: { reason: 'OUTSIDE_EXPERTISE', note: '方向不符', substitutes: '张三 zhangsan@example.org' },
    });
    expect(d.errors).toBeUndefined();
    expect(d.data!.declineInvitationByLink.status).toBe('DECLINED');
    const [row] = await t.db.query(`SELECT reason, note, substitutes FROM invitations WHERE person_id = $1`, [
      decliner,
    ]);
    expect(row).toEqual({ reason: 'OUTSIDE_EXPERTISE', note: '方向不符', substitutes: '张三 zhangsan@example.org' });
    // accepting needs an account: refused through the link's decline path, and not offered anonymously
    const invs = await t.db.query(
      `SELECT person_id, alternate, status FROM invitations WHERE round_id = $1 AND person_id = ANY($2::uuid[])`,
      [roundId, persons],
    );
    expect(invs).toEqual([{ person_id: persons[0], alternate: true, status: 'PENDING' }]);
    // the officer reads the reason and suggestion
    const list = await t.gql<{ invitations: { personId: string; reason: string; substitutes: string }[] }>(
      'query($r:ID!){ invitations(roundId:$r){ personId status reason note substitutes alternate reminders } }',
      { r: roundId },
      officer,
    );
    expect(list.data!.invitations.find((x) => x.personId === decliner)).toMatchObject({
      reason: 'OUTSIDE_EXPERTISE',
      substitutes: '张三 zhangsan@example.org',
    });
  });

  it('withdraws an invitation that has no work yet, and refuses one that has', async () => {
    const [pending] = await t.db.query(
      `SELECT id FROM invitations WHERE round_id = $1 AND status = 'PENDING' LIMIT 1`,
      [roundId],
    );
    const w = await t.gql<{ withdrawInvitation: { status: string } }>(
      'mutation($i:ID!){ withdrawInvitation(invitationId:$i){ status } }',
      { i: pending.id },
      officer,
    );
    expect(w.data!.withdrawInvitation.status).toBe('WITHDRAWN');
    const [busy] = await t.db.query(
      `SELECT i.id FROM invitations i WHERE i.round_id = $1 AND EXISTS (SELECT 1 FROM assignments a WHERE a.round_id = i.round_id AND a.reviewer_id = i.user_id) LIMIT 1`,
      [roundId],
    );
    const refused = await t.gql(
      'mutation($i:ID!){ withdrawInvitation(invitationId:$i){ status } }',
      { i: busy.id },
      officer,
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'invitationId' });
  });

  it('a reviewer can neither invite nor read a round’s invitations', async () => {
    const rev = (await t.login('reviewer3@demo.local', 'demo-reviewer')).accessToken;
    expect((await t.gql(INVITE, { r: roundId, p: [newExpert] }, rev)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(
      (await t.gql('query($r:ID!){ invitations(roundId:$r){ id } }', { r: roundId }, rev)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
  });
  describe('reminders and expiry on two replicas', () => {
    let b: TestApp;
    beforeAll(async () => {
      b = await startTestApp({}, { databaseUrl: t.url });
    }, 60_000);
    afterAll(() => b.close());

    it('each reminder and each expiry happens once; an expired link is refused until sent again', async () => {
      const fresh = await t.gql<{ createExpert: { id: string } }>(
        'mutation($i:ExpertInput!){ createExpert(input:$i){ id } }',
        {
          i: {
            name: '慢回复专家',
            emails: ['slow@example.org'],
            disciplines: ['MEDICINE'],
            keywords: [],
            affiliations: [],
          },
        },
        officer,
      );
      const person = fresh.data!.createExpert.id;
      const respondBy = new Date(Date.now() + 10 * DAY);
      const sent = await t.gql<{ inviteReviewers: { id: string }[] }>(
        INVITE,
        { r: roundId, p: [person], by: respondBy.toISOString() },
        officer,
      );
      const id = sent.data!.inviteReviewers[0].id;
      const link = await linkFromOutbox('slow@example.org');
      const mails = async () =>
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM outbox WHERE to_address = 'slow@example.org' AND subject LIKE '【评审邀请提醒】%'`,
          )
        )[0].n as number;
      const both = async (at: number) => {
        const [x, y] = await Promise.all(
          [t, b].map((app) => app.app.get(InvitationsService).sweep(new Date(respondBy.getTime() - at))),
        );
        return { expired: x.expired + y.expired, reminded: x.reminded + y.reminded };
      };
      // the sweep looks at every pending invitation; only this one's numbers are asserted through its mails
      await both(5 * DAY);
      expect(await mails()).toBe(0);
      await both(2.5 * DAY); // 3 days before
      expect(await mails()).toBe(1);
      await both(2 * DAY);
      expect(await mails()).toBe(1);
      await both(0.5 * DAY); // 1 day before
      await both(0.4 * DAY);
      expect(await mails()).toBe(2);
      // expiry: at the date both replicas find it; it expires once and the officer is told once
      await both(-60_000);
      const [row] = await t.db.query(`SELECT status FROM invitations WHERE id = $1`, [id]);
      expect(row.status).toBe('EXPIRED');
      const told = await t.db.query(
        `SELECT count(*)::int AS n FROM notices WHERE kind = 'INVITATION_EXPIRED' AND body_zh LIKE '慢回复专家%'`,
      );
      expect(told[0].n).toBe(1);
      expect(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM audit_log WHERE action = 'invitation.expire' AND entity_id = $1`,
            [id],
          )
        )[0].n,
      ).toBe(1);
      // the real clock: the invitation is not yet past its date, but its status says expired
      const x = await t.gql(BY_LINK, { t: link });
      expect(x.errors?.[0].extensions?.reason).toBe('LINK_EXPIRED');
      // sent again: a new link works, the old one is void
      const again = await t.gql<{ resendInvitation: { status: string } }>(
        'mutation($i:ID!){ resendInvitation(invitationId:$i){ status } }',
        { i: id },
        officer,
      );
      expect(again.errors).toBeUndefined();
      expect(again.data!.resendInvitation.status).toBe('PENDING');
      const newLink = await linkFromOutbox('slow@example.org');
      expect(newLink).not.toBe(link);
      expect((await t.gql(BY_LINK, { t: newLink })).errors).toBeUndefined();
      expect((await t.gql(BY_LINK, { t: link })).errors?.[0].extensions?.reason).toBe('LINK_INVALID');
    });
  });
});
