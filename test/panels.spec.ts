import { outcome, recusalChanges } from '@app/panels';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

const CREATE = `mutation($i:PanelMeetingInput!){ createPanelMeeting(input:$i){
  id kind status version rules { quorum threshold }
  members { id userId name role present }
  items { id projectId externalId position slotStart result recusedMe reviews meanTotal recused { userId name } } } }`;
const MEETING = `query($id:ID!){ panelMeeting(id:$id){ id status version currentProjectId
  items { projectId recusedMe reviews meanTotal recused { userId } result
    ballots { id status eligible unconflicted votesCast yes no abstain quorumMet passed recused canVote hasVoted } } } }`;
const OPEN =
  'mutation($m:ID!,$p:ID!){ openBallot(meetingId:$m, projectId:$p){ id status eligible unconflicted recused } }';
const VOTE = 'mutation($b:ID!,$v:Vote!){ castVote(ballotId:$b, vote:$v) }';
const CLOSE =
  'mutation($b:ID!){ closeBallot(ballotId:$b){ status eligible unconflicted votesCast yes no abstain quorumMet passed } }';
const ATTEND = 'mutation($m:ID!,$u:ID!,$p:Boolean!){ markAttendance(meetingId:$m, userId:$u, present:$p){ present } }';

/**
 * 会议评审 on PostgreSQL: a panel of the open mid-term round; recusal from the stored conflicts;
 * attendance; secret ballots — a conflicted member neither sees the summary nor votes, absent
 * members and second votes are refused, counts stay hidden until the ballot closes, the result
 * follows the hand-checked rules, 40 members voting at once are counted exactly, and nothing
 * stored ties a member to a vote.
 */
describe('panel meetings and secret ballots', () => {
  let t: TestApp;
  let officer: string;
  let roundId: string;
  let members: { id: string; email: string }[];
  const tokens = new Map<string, string>();
  let meetingId: string;
  type Item = {
    projectId: string;
    position: number;
    recusedMe: boolean;
    reviews: number | null;
    recused: { userId: string }[];
  };
  let items: Item[];

  const token = async (email: string) => {
    if (!tokens.has(email)) tokens.set(email, (await t.login(email, 'demo-reviewer')).accessToken);
    return tokens.get(email)!;
  };
  const ballotRow = async (id: string) =>
    JSON.stringify(
      await t.db.query(
        `SELECT yes, no, abstain, status, (SELECT count(*) FROM ballot_voters WHERE ballot_id = $1) AS voters FROM ballots WHERE id = $1`,
        [id],
      ),
    );

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    [{ id: roundId }] = await t.db.query(`SELECT id FROM review_rounds WHERE status = 'OPEN'`);
    // nine accepted invitees of the mid-term round: the two with most conflicts in it, seven with fewest
    const ranked: { id: string; email: string }[] = await t.db.query(
      `SELECT u.id, u.email FROM users u JOIN invitations i ON i.user_id = u.id AND i.round_id = $1 AND i.status = 'ACCEPTED'
        ORDER BY (SELECT count(DISTINCT c.application_id) FROM conflicts c WHERE c.round_id = $1 AND c.reviewer_id = u.id) DESC, u.email`,
      [roundId],
    );
    members = [...ranked.slice(0, 2), ...ranked.slice(-7)];
  }, 120_000);
  afterAll(() => t.close());

  it('refuses a panel without one chair, with strangers, or with bad rules, naming the field', async () => {
    const base = {
      roundId,
      titleZh: '中期答辩会',
      titleEn: 'Mid-term defence',
      startsAt: '2026-12-18T09:00:00+08:00',
      members: members.map((m, i) => ({ userId: m.id, role: i === 0 ? 'CHAIR' : 'MEMBER' })),
    };
    const [officerUser] = await t.db.query(`SELECT id FROM users WHERE email = 'officer@demo.local'`);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, members: base.members.map((m) => ({ ...m, role: 'MEMBER' })) }, 'members'],
      [{ ...base, members: base.members.map((m) => ({ ...m, role: 'CHAIR' })) }, 'members'],
      [{ ...base, members: [...base.members, base.members[1]] }, 'members'],
      [{ ...base, members: [...base.members, { userId: officerUser.id, role: 'MEMBER' }] }, 'members'],
      [{ ...base, members: base.members.slice(0, 2) }, 'members'],
      [{ ...base, projectIds: ['00000000-0000-0000-0000-000000000000'] }, 'projectIds'],
      [{ ...base, rules: { quorumNum: 4, quorumDen: 3 } }, 'rules.quorum'],
      [{ ...base, titleZh: ' ' }, 'titleZh'],
      [{ ...base, slotMinutes: 1 }, 'slotMinutes'],
    ];
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM panel_meetings`))[0].n;
    for (const [i, field] of cases) {
      const r = await t.gql(CREATE, { i }, officer);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await t.db.query(`SELECT count(*)::int AS n FROM panel_meetings`))[0].n).toBe(before);
    const rev = await token(members[1].email);
    expect((await t.gql(CREATE, { i: base }, rev)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('builds the agenda from the mail-review ranking, with defence slots and each item’s recusals', async () => {
    const r = await t.gql<{
      createPanelMeeting: {
        id: string;
        kind: string;
        rules: { quorum: string; threshold: string };
        items: (Item & { slotStart: string })[];
      };
    }>(
      CREATE,
      {
        i: {
          roundId,
          titleZh: '2023年度项目中期答辩会',
          titleEn: '2023 projects: mid-term defence',
          startsAt: '2026-12-18T09:00:00+08:00',
          location: '深圳',
          slotMinutes: 30,
          members: members.map((m, i) => ({
            userId: m.id,
            role: i === 0 ? 'CHAIR' : i === 1 ? 'VICE_CHAIR' : i === 8 ? 'SUBSTITUTE' : 'MEMBER',
          })),
        },
      },
      officer,
    );
    expect(r.errors).toBeUndefined();
    const m = r.data!.createPanelMeeting;
    meetingId = m.id;
    expect(m.kind).toBe('DEFENCE');
    expect(m.rules).toEqual({ quorum: '2/3', threshold: '1/2' });
    items = m.items;
    // the ranking by hand: each project's mean submitted total, computed here from the reviews
    const means: { id: string; mean: number | null; ext: string }[] = await t.db.query(
      `SELECT rp.application_id AS id, ap.external_id AS ext,
              (SELECT avg(r.total)::float FROM assignments a JOIN reviews r ON r.assignment_id = a.id
                WHERE a.round_id = rp.round_id AND a.application_id = rp.application_id AND a.status = 'ACTIVE' AND r.status = 'SUBMITTED') AS mean
         FROM round_projects rp JOIN applications ap ON ap.id = rp.application_id WHERE rp.round_id = $1`,
      [roundId],
    );
    const expected = [...means]
      .sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1) || (a.ext < b.ext ? -1 : 1))
      .map((x) => x.id);
    expect(m.items.map((x) => x.projectId)).toEqual(expected);
    expect(m.items[1].slotStart).toBe('2026-12-18T01:30:00.000Z');
    // recusals are the stored conflicts of these members
    const pairs = new Set(
      (
        await t.db.query(`SELECT application_id || '|' || reviewer_id AS k FROM conflicts WHERE round_id = $1`, [
          roundId,
        ])
      ).map((x: { k: string }) => x.k),
    );
    for (const it of m.items)
      expect(it.recused.map((x) => x.userId).sort()).toEqual(
        members
          .filter((x) => pairs.has(`${it.projectId}|${x.id}`))
          .map((x) => x.id)
          .sort(),
      );
    expect(m.items.some((x) => x.recused.length > 0)).toBe(true);
  });

  it('orders the agenda to keep recusals steady when asked', async () => {
    const r = await t.gql<{ createPanelMeeting: { items: Item[] } }>(
      CREATE,
      {
        i: {
          roundId,
          titleZh: '按回避排序',
          titleEn: 'Ordered by recusal',
          startsAt: '2026-12-19T09:00:00+08:00',
          orderByRecusal: true,
          members: members.map((m, i) => ({ userId: m.id, role: i === 0 ? 'CHAIR' : 'MEMBER' })),
        },
      },
      officer,
    );
    expect(r.errors).toBeUndefined();
    const agenda = (list: Item[]) =>
      list.map((x) => ({ id: x.projectId, rank: 0, recused: x.recused.map((y) => y.userId) }));
    const by = r.data!.createPanelMeeting.items;
    expect(new Set(by.map((x) => x.projectId))).toEqual(new Set(items.map((x) => x.projectId)));
    expect(
      recusalChanges(
        by.map((x) => x.projectId),
        agenda(by),
      ),
    ).toBeLessThanOrEqual(
      recusalChanges(
        items.map((x) => x.projectId),
        agenda(items),
      ),
    );
  });

  it('a ballot: recused and absent members cannot vote, nobody sees a count before it closes, one vote each', async () => {
    // a project a few members must leave the room for (the chair not among them, when the data allow)
    const few = items.filter((x) => x.recused.length > 0 && x.recused.length <= 3);
    expect(few.length).toBeGreaterThan(0);
    const item = few.find((x) => !x.recused.some((r) => r.userId === members[0].id)) ?? few[0];
    const chairRecused = item.recused.some((r) => r.userId === members[0].id);
    const recused = members.find((x) => x.id === item.recused[0].userId)!;
    const voters = members.filter((x) => !item.recused.some((r) => r.userId === x.id));
    const absent = voters[voters.length - 1];
    const present = voters.slice(0, -1);
    // the chair marks attendance (an officer runs the item if the chair is recused from it); a member cannot
    const chair = chairRecused ? officer : await token(members[0].email);
    const notChair = await token(members[2].email);
    expect(
      (await t.gql(ATTEND, { m: meetingId, u: members[3].id, p: true }, notChair)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    for (const x of [...present, recused]) {
      const a = await t.gql(ATTEND, { m: meetingId, u: x.id, p: true }, chair);
      expect(a.errors).toBeUndefined();
    }
    const opened = await t.gql<{
      openBallot: { id: string; eligible: number; unconflicted: number; recused: string[] };
    }>(OPEN, { m: meetingId, p: item.projectId }, chair);
    expect(opened.errors).toBeUndefined();
    const b = opened.data!.openBallot;
    expect(b).toMatchObject({ eligible: present.length, unconflicted: voters.length });
    expect(b.recused).toHaveLength(item.recused.length);
    // the recused member is told and sees no summary of the item
    const seen = await t.gql<{ panelMeeting: { items: Item[] } }>(
      MEETING,
      { id: meetingId },
      await token(recused.email),
    );
    const mine = seen.data!.panelMeeting.items.find((x) => x.projectId === item.projectId)!;
    expect(mine).toMatchObject({ recusedMe: true, reviews: null });
    const before = await ballotRow(b.id);
    const refused = await t.gql(VOTE, { b: b.id, v: 'YES' }, await token(recused.email));
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT_OF_INTEREST');
    const away = await t.gql(VOTE, { b: b.id, v: 'YES' }, await token(absent.email));
    expect(away.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_PRESENT' });
    expect(await ballotRow(b.id)).toBe(before);
    // the present members vote: 4 yes, the rest no, one abstains
    const votes = present.map((_, i) => (i < 4 ? 'YES' : i === present.length - 1 ? 'ABSTAIN' : 'NO'));
    for (const [i, x] of present.entries()) {
      const v = await t.gql(VOTE, { b: b.id, v: votes[i] }, await token(x.email));
      expect(v.errors).toBeUndefined();
    }
    const again = await t.gql(VOTE, { b: b.id, v: 'NO' }, await token(present[0].email));
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ALREADY_VOTED' });
    // while open: how many voted, never how — for the officer too
    const open = await t.gql<{ panelMeeting: { items: { projectId: string; ballots: Record<string, unknown>[] }[] } }>(
      MEETING,
      { id: meetingId },
      officer,
    );
    const ob = open.data!.panelMeeting.items.find((x) => x.projectId === item.projectId)!.ballots[0];
    expect(ob).toMatchObject({ status: 'OPEN', votesCast: present.length, yes: null, no: null, abstain: null });
    const closed = await t.gql<{ closeBallot: Record<string, unknown> }>(CLOSE, { b: b.id }, chair);
    expect(closed.errors).toBeUndefined();
    const yes = votes.filter((v) => v === 'YES').length;
    const no = votes.filter((v) => v === 'NO').length;
    const expected = outcome({ unconflicted: voters.length, eligiblePresent: present.length, yes, no, abstain: 1 });
    expect(closed.data!.closeBallot).toEqual({
      status: 'CLOSED',
      eligible: present.length,
      unconflicted: voters.length,
      votesCast: present.length,
      yes,
      no,
      abstain: 1,
      quorumMet: expected.quorumMet,
      passed: expected.passed,
    });
    // by hand for this panel: 9 members, the recused ones out, all but one of the rest present
    expect(expected.quorumMet).toBe(present.length * 3 >= voters.length * 2);
    const late = await t.gql(VOTE, { b: b.id, v: 'YES' }, await token(absent.email));
    expect(late.errors?.[0].extensions?.code).toBeDefined();
    // the item's result
    const after = await t.gql<{ panelMeeting: { items: { projectId: string; result: string }[] } }>(
      MEETING,
      { id: meetingId },
      officer,
    );
    expect(after.data!.panelMeeting.items.find((x) => x.projectId === item.projectId)!.result).toBe(
      expected.passed ? 'PASSED' : expected.quorumMet ? 'FAILED' : 'NO_QUORUM',
    );
  });

  it('a ballot without quorum is recorded as such and can be run again', async () => {
    const item = items.find((x) => x.recused.length === 0 && x.projectId !== items[0].projectId)!;
    const chair = await token(members[0].email);
    // only three present
    for (const [i, x] of members.entries()) await t.gql(ATTEND, { m: meetingId, u: x.id, p: i < 3 }, chair);
    const b = (await t.gql<{ openBallot: { id: string } }>(OPEN, { m: meetingId, p: item.projectId }, chair)).data!
      .openBallot;
    for (const x of members.slice(0, 3)) await t.gql(VOTE, { b: b.id, v: 'YES' }, await token(x.email));
    const closed = await t.gql<{ closeBallot: { quorumMet: boolean; passed: boolean } }>(CLOSE, { b: b.id }, chair);
    // 3 of 9 present: 3·3 < 2·9
    expect(closed.data!.closeBallot).toMatchObject({ quorumMet: false, passed: false });
    const again = await t.gql(OPEN, { m: meetingId, p: item.projectId }, chair);
    expect(again.errors).toBeUndefined();
  });

  it('counts 40 members voting at once exactly, and stores nothing that ties a member to a vote', async () => {
    // forty experts of a larger panel, as accounts (the demo has thirty reviewers)
    const [hash] = await t.db.query(`SELECT password_hash FROM users WHERE email = 'reviewer1@demo.local'`);
    const forty: { id: string; email: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const [p] = await t.db.query(
        `INSERT INTO persons (name, emails, disciplines, in_pool) VALUES ($1, ARRAY[$2], ARRAY['MATH'], true) RETURNING id`,
        [`委员${i}`, `panel${i}@example.org`],
      );
      const [u] = await t.db.query(
        `INSERT INTO users (email, name, roles, password_hash, person_id) VALUES ($1, $2, ARRAY['REVIEWER'], $3, $4) RETURNING id, email`,
        [`panel${i}@example.org`, `委员${i}`, hash.password_hash, p.id],
      );
      forty.push(u);
    }
    const r = await t.gql<{ createPanelMeeting: { id: string; items: { projectId: string }[] } }>(
      CREATE,
      {
        i: {
          roundId,
          titleZh: '大组会议',
          titleEn: 'Large panel',
          startsAt: '2026-12-19T14:00:00+08:00',
          members: forty.map((m, i) => ({ userId: m.id, role: i === 0 ? 'CHAIR' : 'MEMBER' })),
        },
      },
      officer,
    );
    expect(r.errors).toBeUndefined();
    const big = r.data!.createPanelMeeting;
    for (const x of forty) await t.gql(ATTEND, { m: big.id, u: x.id, p: true }, officer);
    const b = (
      await t.gql<{ openBallot: { id: string; eligible: number } }>(
        OPEN,
        { m: big.id, p: big.items[0].projectId },
        officer,
      )
    ).data!.openBallot;
    expect(b.eligible).toBe(40);
    const toks = await Promise.all(forty.map((x) => t.login(x.email, 'demo-reviewer').then((l) => l.accessToken)));
    // 23 yes, 12 no, 5 abstain, all at once, and every member sends their vote twice at the same time
    const plan = forty.map((_, i) => (i < 23 ? 'YES' : i < 35 ? 'NO' : 'ABSTAIN'));
    const results = await Promise.all([
      ...toks.map((tok, i) => t.gql(VOTE, { b: b.id, v: plan[i] }, tok)),
      ...toks.map((tok, i) => t.gql(VOTE, { b: b.id, v: plan[i] }, tok)),
    ]);
    expect(results.filter((x) => x.data?.castVote === true)).toHaveLength(40);
    expect(results.filter((x) => x.errors?.[0].extensions?.reason === 'ALREADY_VOTED')).toHaveLength(40);
    const closed = await t.gql<{ closeBallot: { yes: number; no: number; abstain: number; passed: boolean } }>(
      CLOSE,
      { b: b.id },
      officer,
    );
    // each member's vote counted once, whichever of their two requests won
    expect(closed.data!.closeBallot).toMatchObject({ yes: 23, no: 12, abstain: 5, passed: true, votesCast: 40 });

    // nothing stored ties a member to a vote: the voters table has exactly who and which ballot
    const cols = await t.db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'ballot_voters' ORDER BY column_name`,
    );
    expect(cols.map((c: { column_name: string }) => c.column_name)).toEqual(['ballot_id', 'commitment', 'user_id']);
    // votes here cannot be changed: no commitment was kept either
    const [{ kept }] = await t.db.query(
      `SELECT count(commitment)::int AS kept FROM ballot_voters WHERE ballot_id = $1`,
      [b.id],
    );
    expect(kept).toBe(0);
    // no other table has a column that could hold a member's vote
    const voteCols = await t.db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name ~* '(^vote$|votes|choice|ballot_vote)'`,
    );
    expect(voteCols).toEqual([]);
    // the audit trail records opening and closing with totals, never a vote
    const audit = await t.db.query(
      `SELECT action, after::text AS after FROM audit_log WHERE entity = 'ballot' OR action LIKE 'ballot.%' OR after::text LIKE '%"vote"%'`,
    );
    expect(new Set(audit.map((a: { action: string }) => a.action))).toEqual(new Set(['ballot.open', 'ballot.close']));
    // the schema offers no field that names a member's vote
    const schema = await t.gql<{ __type: { fields: { name: string }[] } }>(
      '{ __type(name: "Ballot") { fields { name } } }',
      {},
      officer,
    );
    expect(schema.data!.__type.fields.map((f) => f.name).sort()).toEqual(
      [
        'abstain',
        'canChange',
        'canVote',
        'closedAt',
        'eligible',
        'hasVoted',
        'id',
        'no',
        'openedAt',
        'passed',
        'projectId',
        'proposedGrade',
        'quorumMet',
        'recused',
        'status',
        'unconflicted',
        'votesCast',
        'yes',
      ].sort(),
    );
  }, 120_000);

  it('the chair keeps notes and sets the mid-term grade with a reason; a member cannot', async () => {
    const chair = await token(members[0].email);
    const member = await token(members[3].email);
    const p = items.find((x) => !x.recused.some((r) => r.userId === members[0].id))!.projectId;
    // a project the chair is recused from is run by someone else
    const theirs = items.find((x) => x.recused.some((r) => r.userId === members[0].id));
    if (theirs) {
      const refused = await t.gql(
        'mutation($m:ID!,$p:ID!){ setPanelNotes(meetingId:$m, projectId:$p, notes:"x"){ id } }',
        { m: meetingId, p: theirs.projectId },
        chair,
      );
      expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT_OF_INTEREST');
    }
    const NOTES =
      'mutation($m:ID!,$p:ID!,$n:String){ setPanelNotes(meetingId:$m, projectId:$p, notes:$n){ items { projectId notes } } }';
    const GRADE =
      'mutation($m:ID!,$p:ID!,$g:String,$r:String){ gradeInMeeting(meetingId:$m, projectId:$p, grade:$g, reason:$r){ items { projectId panelGrade panelGradeReason } } }';
    expect((await t.gql(NOTES, { m: meetingId, p, n: '答辩清晰' }, member)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const noted = await t.gql<{ setPanelNotes: { items: { projectId: string; notes: string }[] } }>(
      NOTES,
      { m: meetingId, p, n: '团队答辩清晰，医院合作数据已到位。' },
      chair,
    );
    expect(noted.data!.setPanelNotes.items.find((x) => x.projectId === p)!.notes).toBe(
      '团队答辩清晰，医院合作数据已到位。',
    );
    expect((await t.gql(GRADE, { m: meetingId, p, g: 'GREAT', r: 'x' }, chair)).errors?.[0].extensions?.field).toBe(
      'grade',
    );
    expect((await t.gql(GRADE, { m: meetingId, p, g: 'EXCELLENT' }, chair)).errors?.[0].extensions?.field).toBe(
      'reason',
    );
    expect(
      (await t.gql(GRADE, { m: meetingId, p, g: 'EXCELLENT', r: '超额完成' }, member)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    const graded = await t.gql<{ gradeInMeeting: { items: { projectId: string; panelGrade: string }[] } }>(
      GRADE,
      { m: meetingId, p, g: 'EXCELLENT', r: '超额完成考核指标，落地深圳方案可行' },
      chair,
    );
    expect(graded.errors).toBeUndefined();
    expect(graded.data!.gradeInMeeting.items.find((x) => x.projectId === p)!.panelGrade).toBe('EXCELLENT');
    // it is the round's panel grade, which the mid-term decisions go by
    const [rp] = await t.db.query(
      `SELECT panel_grade, panel_grade_reason FROM round_projects WHERE round_id = $1 AND application_id = $2`,
      [roundId, p],
    );
    expect(rp).toEqual({ panel_grade: 'EXCELLENT', panel_grade_reason: '超额完成考核指标，落地深圳方案可行' });
  });

  it('a member may change a vote where the rules say so, only from the device that cast it; nothing readable says how', async () => {
    const five = members.slice(2, 7);
    const created = await t.gql<{ createPanelMeeting: { id: string; items: Item[] } }>(
      CREATE,
      {
        i: {
          roundId,
          titleZh: '可改票的会议',
          titleEn: 'Votes may change',
          startsAt: '2026-12-20T09:00:00+08:00',
          members: five.map((m, i) => ({ userId: m.id, role: i === 0 ? 'CHAIR' : 'MEMBER' })),
          rules: { changeableVotes: true },
        },
      },
      officer,
    );
    expect(created.errors).toBeUndefined();
    const mt = created.data!.createPanelMeeting;
    const item = mt.items.find((x) => x.recused.length === 0)!;
    for (const x of five) await t.gql(ATTEND, { m: mt.id, u: x.id, p: true }, officer);
    const b = (await t.gql<{ openBallot: { id: string } }>(OPEN, { m: mt.id, p: item.projectId }, officer)).data!
      .openBallot;
    const VOTE_R = 'mutation($b:ID!,$v:Vote!,$r:String){ castVote(ballotId:$b, vote:$v, receipt:$r) }';
    const receipts = five.map(() => randomBytes(32).toString('hex'));
    const [m1, m2, m3] = await Promise.all(five.slice(0, 3).map((x) => token(x.email)));
    // without the device's receipt, or with a malformed one, nothing is counted
    expect((await t.gql(VOTE, { b: b.id, v: 'YES' }, m1)).errors?.[0].extensions?.field).toBe('receipt');
    expect((await t.gql(VOTE_R, { b: b.id, v: 'YES', r: 'abc' }, m1)).errors?.[0].extensions?.field).toBe('receipt');
    expect(await ballotRow(b.id)).toContain('"voters":"0"');
    for (const [tok, v, r] of [
      [m1, 'YES', receipts[0]],
      [m2, 'NO', receipts[1]],
      [m3, 'YES', receipts[2]],
    ] as const)
      expect((await t.gql(VOTE_R, { b: b.id, v, r }, tok)).errors).toBeUndefined();
    // the same vote by two members leaves two unrelated rows: neither the choice nor their equality shows
    const rows: { user_id: string; commitment: string }[] = await t.db.query(
      `SELECT user_id, commitment FROM ballot_voters WHERE ballot_id = $1`,
      [b.id],
    );
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(rows.map((r) => r.commitment)).size).toBe(3);
    for (const r of rows)
      for (const v of ['YES', 'NO', 'ABSTAIN'])
        expect(r.commitment).not.toBe(createHash('sha256').update(`${b.id}:${r.user_id}:${v}:`).digest('hex'));
    // member 1 changes YES → NO with their receipt; another device's receipt changes nothing
    const before = await ballotRow(b.id);
    const stolen = await t.gql(VOTE_R, { b: b.id, v: 'ABSTAIN', r: receipts[1] }, m1);
    expect(stolen.errors?.[0].extensions).toMatchObject({ field: 'receipt', reason: 'RECEIPT_MISMATCH' });
    expect(await ballotRow(b.id)).toBe(before);
    expect((await t.gql(VOTE_R, { b: b.id, v: 'NO', r: receipts[0] }, m1)).errors).toBeUndefined();
    // the same vote again is no change; two changes at once from one device land as one
    await Promise.all([
      t.gql(VOTE_R, { b: b.id, v: 'NO', r: receipts[0] }, m1),
      t.gql(VOTE_R, { b: b.id, v: 'NO', r: receipts[0] }, m1),
    ]);
    const seen = await t.gql<{
      panelMeeting: { items: { projectId: string; ballots: { votesCast: number; canChange: boolean }[] }[] };
    }>(
      'query($id:ID!){ panelMeeting(id:$id){ items { projectId ballots { votesCast canChange } } } }',
      { id: mt.id },
      m1,
    );
    expect(seen.data!.panelMeeting.items.find((x) => x.projectId === item.projectId)!.ballots[0]).toEqual({
      votesCast: 3,
      canChange: true,
    });
    const closed = await t.gql<{ closeBallot: Record<string, unknown> }>(CLOSE, { b: b.id }, officer);
    // by hand: member 1 NO (changed), member 2 NO, member 3 YES
    expect(closed.data!.closeBallot).toMatchObject({ yes: 1, no: 2, abstain: 0, votesCast: 3 });
    // once closed, the commitments are gone: no receipt opens anything any more
    const [{ kept }] = await t.db.query(
      `SELECT count(commitment)::int AS kept FROM ballot_voters WHERE ballot_id = $1`,
      [b.id],
    );
    expect(kept).toBe(0);
    expect((await t.gql(VOTE_R, { b: b.id, v: 'YES', r: receipts[0] }, m1)).errors?.[0].extensions?.reason).toBe(
      'BALLOT_CLOSED',
    );
  });

  it('a mid-term grade put to the vote and carried becomes the panel’s grade; a failed one changes nothing', async () => {
    const chair = await token(members[0].email);
    // everybody present again; items without open ballots, without recusals
    for (const x of members) await t.gql(ATTEND, { m: meetingId, u: x.id, p: true }, chair);
    const state = await t.gql<{ panelMeeting: { items: { projectId: string; ballots: { status: string }[] }[] } }>(
      'query($id:ID!){ panelMeeting(id:$id){ items { projectId ballots { status } } } }',
      { id: meetingId },
      officer,
    );
    const free = items.filter(
      (x) =>
        x.recused.length === 0 &&
        state.data!.panelMeeting.items.find((y) => y.projectId === x.projectId)!.ballots.length === 0,
    );
    expect(free.length).toBeGreaterThanOrEqual(2);
    const GRADE_OPEN =
      'mutation($m:ID!,$p:ID!,$g:String){ openBallot(meetingId:$m, projectId:$p, grade:$g){ id proposedGrade } }';
    expect(
      (await t.gql(GRADE_OPEN, { m: meetingId, p: free[0].projectId, g: 'GREAT' }, chair)).errors?.[0].extensions
        ?.field,
    ).toBe('grade');
    const gradeOf = async (p: string) =>
      (
        await t.db.query(
          `SELECT panel_grade, panel_grade_reason FROM round_projects WHERE round_id = $1 AND application_id = $2`,
          [roundId, p],
        )
      )[0];
    const run = async (p: string, grade: string, votes: string[]) => {
      const o = await t.gql<{ openBallot: { id: string; proposedGrade: string } }>(
        GRADE_OPEN,
        { m: meetingId, p, g: grade },
        chair,
      );
      expect(o.data!.openBallot.proposedGrade).toBe(grade);
      for (const [i, x] of members.entries())
        await t.gql(VOTE, { b: o.data!.openBallot.id, v: votes[i] }, await token(x.email));
      return (await t.gql<{ closeBallot: { passed: boolean } }>(CLOSE, { b: o.data!.openBallot.id }, chair)).data!
        .closeBallot;
    };
    // 9 present, none recused: 6 yes > 4.5 carries PASS
    const carried = await run(free[0].projectId, 'PASS', [
      'YES',
      'YES',
      'YES',
      'YES',
      'YES',
      'YES',
      'NO',
      'NO',
      'ABSTAIN',
    ]);
    expect(carried.passed).toBe(true);
    expect(await gradeOf(free[0].projectId)).toEqual({
      panel_grade: 'PASS',
      panel_grade_reason: '专家组无记名投票通过（赞成 6、反对 2、弃权 1，有表决权 9 人）',
    });
    // 4 yes of 9 is not more than half: the grade stays as it was
    const was = await gradeOf(free[1].projectId);
    const lost = await run(free[1].projectId, 'EXCELLENT', ['YES', 'YES', 'YES', 'YES', 'NO', 'NO', 'NO', 'NO', 'NO']);
    expect(lost.passed).toBe(false);
    expect(await gradeOf(free[1].projectId)).toEqual(was);
    // a selection meeting puts no grade to the vote
    const sel = await t.gql<{ createPanelMeeting: { id: string; items: Item[] } }>(
      CREATE,
      {
        i: {
          roundId,
          kind: 'SELECTION',
          titleZh: '选择会',
          titleEn: 'Selection',
          startsAt: '2026-12-21T09:00:00+08:00',
          members: members.slice(0, 3).map((m, i) => ({ userId: m.id, role: i === 0 ? 'CHAIR' : 'MEMBER' })),
        },
      },
      officer,
    );
    const refused = await t.gql(
      GRADE_OPEN,
      { m: sel.data!.createPanelMeeting.id, p: sel.data!.createPanelMeeting.items[0].projectId, g: 'PASS' },
      officer,
    );
    expect(refused.errors?.[0].extensions?.field).toBe('grade');
  });

  it('the current item carries the calibrated score and interval, flags, anonymised reviews and targets', async () => {
    const Q = `query($id:ID!){ panelMeeting(id:$id){ items { projectId recusedMe reviews rank calibrated ciLow ciHigh flags
      mailReviews { code total rating recommendation comment } targets { key labelZh min unit } } } }`;
    type It = {
      projectId: string;
      recusedMe: boolean;
      reviews: number | null;
      rank: number | null;
      calibrated: number | null;
      ciLow: number | null;
      ciHigh: number | null;
      flags: string[];
      mailReviews: { code: string; total: number; comment: string }[];
      targets: { key: string; min: number | null }[];
    };
    const seen = (await t.gql<{ panelMeeting: { items: It[] } }>(Q, { id: meetingId }, await token(members[5].email)))
      .data!.panelMeeting.items;
    const it = seen.find((x) => !x.recusedMe && (x.reviews ?? 0) > 0)!;
    // the reviews by hand from the database, in the order they were assigned
    const rows: { total: string; comment: string }[] = await t.db.query(
      `SELECT r.total, r.comment_to_applicant AS comment FROM assignments a JOIN reviews r ON r.assignment_id = a.id
        WHERE a.round_id = $1 AND a.application_id = $2 AND r.status = 'SUBMITTED' ORDER BY a.created_at, a.id`,
      [roundId, it.projectId],
    );
    expect(it.mailReviews.map((r) => [r.code, r.total, r.comment])).toEqual(
      rows.map((r, k) => [`R${k + 1}`, Number(r.total), r.comment]),
    );
    expect(it.mailReviews.some((r) => 'reviewer' in r)).toBe(false);
    expect(it.rank).toBeGreaterThanOrEqual(1);
    expect(it.ciLow!).toBeLessThanOrEqual(it.calibrated!);
    expect(it.ciHigh!).toBeGreaterThanOrEqual(it.calibrated!);
    const [{ targets }] = await t.db.query(
      `SELECT d.targets FROM applications a JOIN directions d ON d.id = a.direction_id WHERE a.id = $1`,
      [it.projectId],
    );
    expect(it.targets.map((x) => x.key)).toEqual(targets.map((x: { key: string }) => x.key));
    expect(it.targets.length).toBeGreaterThan(0);
    // a member recused from an item sees its targets, but no score and no review of it
    const recusedItem = items.find((x) => x.recused.length > 0)!;
    const theirs = (
      await t.gql<{ panelMeeting: { items: It[] } }>(
        Q,
        { id: meetingId },
        await token(members.find((m) => m.id === recusedItem.recused[0].userId)!.email),
      )
    ).data!.panelMeeting.items.find((x) => x.projectId === recusedItem.projectId)!;
    expect(theirs).toMatchObject({
      recusedMe: true,
      rank: null,
      calibrated: null,
      ciLow: null,
      flags: [],
      mailReviews: [],
    });
  });

  it('exports minutes with the tallies and who was recused, never who voted how', async () => {
    const res = await t.http
      .get(`/exports/rounds/${roundId}/panel-minutes.csv`)
      .set('authorization', `Bearer ${officer}`);
    expect(res.status).toBe(200);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0].split(',')).toEqual([
      '会议',
      '会议时间（北京时间）',
      '出席 / 成员',
      '议程序号',
      '申请编号',
      '项目名称',
      '回避人员',
      '有表决权',
      '赞成',
      '反对',
      '弃权',
      '达到法定人数',
      '结果',
      '表决结束（北京时间）',
      '组长记录',
    ]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM ballots b JOIN panel_items i ON i.id = b.item_id JOIN panel_meetings m ON m.id = i.meeting_id WHERE m.round_id = $1`,
      [roundId],
    );
    expect(lines.length - 1).toBe(n);
    expect(res.text).toMatch(/通过|未通过|未达法定人数/);
    const rev = await token(members[0].email);
    const refused = await t.http
      .get(`/exports/rounds/${roundId}/panel-minutes.csv`)
      .set('authorization', `Bearer ${rev}`);
    expect(refused.status).toBe(403);
  });

  it('minutes as a PDF: members and attendance, recusals, tallies, the grade carried and the chair’s notes, in one language', async () => {
    const pdf = async (lang: string) => {
      const res = await t.http
        .get(`/exports/rounds/${roundId}/panel-minutes.pdf?lang=${lang}`)
        .set('authorization', `Bearer ${officer}`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      // pdftotext reads the file from its standard input: nothing is written to disk
      return execFileSync('pdftotext', ['-layout', '-', '-'], { input: res.body as Buffer, encoding: 'utf8' });
    };
    const zh = await pdf('zh');
    const names: { name: string }[] = await t.db.query(`SELECT name FROM users WHERE id = ANY($1::uuid[])`, [
      members.map((m) => m.id),
    ]);
    expect(zh).toContain('会议评审纪要');
    expect(zh).toContain('2023年度项目中期答辩会');
    for (const { name } of names) expect(zh).toContain(name);
    expect(zh).toMatch(/专家组成员（出席 \d+ \/ 9）/);
    expect(zh).toContain('团队答辩清晰，医院合作数据已到位。');
    expect(zh).toContain('拟评等级：合格');
    // the grade carried by the ballot, with its tally as the reason (the text may wrap)
    expect(zh).toContain('专家组评定等级：合格');
    expect(zh.replace(/\s+/g, '')).toContain('专家组无记名投票通过（赞成6、反对2、弃权1，有表决权9人）');
    expect(zh).toMatch(/未达法定人数/);
    expect(zh).not.toContain('Panel minutes');
    const en = await pdf('en');
    expect(en).toContain('Panel minutes');
    expect(en).toMatch(/Members \(present \d+ of 9\)/);
    expect(en).not.toContain('会议评审纪要');
    // a tally, never a name beside a vote: no line carries both a member's name and a vote word
    for (const line of zh.split('\n'))
      if (/赞成|反对|弃权/.test(line)) for (const { name } of names) expect(line).not.toContain(name);
  });

  it('a reviewer outside the panel does not see the meeting', async () => {
    const outsider = await t.db.query(
      `SELECT email FROM users WHERE email LIKE 'reviewer%@demo.local' AND id NOT IN (SELECT user_id FROM panel_members) LIMIT 1`,
    );
    const r = await t.gql(MEETING, { id: meetingId }, await token(outsider[0].email));
    expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const mine = await t.gql<{ myPanelMeetings: { id: string }[] }>(
      '{ myPanelMeetings { id } }',
      {},
      await token(members[0].email),
    );
    expect(mine.data!.myPanelMeetings.map((x) => x.id)).toContain(meetingId);
  });

  describe('live on two replicas', () => {
    let b: TestApp;
    let wsUrl: string;
    beforeAll(async () => {
      b = await startTestApp({}, { databaseUrl: t.url });
      await b.app.listen(0, '127.0.0.1');
      wsUrl = (await b.app.getUrl()).replace('http', 'ws') + '/graphql';
    }, 60_000);
    afterAll(() => b.close());

    const SUB = `subscription($m:ID!){ panelMeetingUpdated(meetingId:$m){ id version currentProjectId
      items { projectId recusedMe ballots { status votesCast yes } } } }`;

    it('a member connected to one replica sees the chair’s move made on the other; strangers cannot subscribe', async () => {
      const member = members[members.length - 1];
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${await token(member.email)}` },
        retryAttempts: 0,
      });
      const seen: { currentProjectId: string | null; at: number }[] = [];
      let failed: unknown = null;
      const done = client.subscribe<{ panelMeetingUpdated: { currentProjectId: string | null } }>(
        { query: SUB, variables: { m: meetingId } },
        {
          next: (msg) => {
            if (msg.errors) failed = msg.errors;
            else seen.push({ currentProjectId: msg.data!.panelMeetingUpdated.currentProjectId, at: Date.now() });
          },
          error: (e) => (failed = e),
          complete: () => undefined,
        },
      );
      // the current state arrives first
      for (let i = 0; i < 100 && seen.length === 0 && !failed; i++) await new Promise((r) => setTimeout(r, 50));
      expect(failed).toBeNull();
      expect(seen.length).toBe(1);
      // the chair moves on replica A, to a project other than the current one
      const target = items.find((x) => x.projectId !== seen[0].currentProjectId)!.projectId;
      const moved = Date.now();
      const r = await t.gql(
        'mutation($m:ID!,$p:ID!){ moveToProject(meetingId:$m, projectId:$p){ currentProjectId } }',
        { m: meetingId, p: target },
        await token(members[0].email),
      );
      expect(r.errors).toBeUndefined();
      for (let i = 0; i < 200 && !seen.slice(1).some((x) => x.currentProjectId === target); i++)
        await new Promise((res) => setTimeout(res, 10));
      const arrived = seen.slice(1).find((x) => x.currentProjectId === target);
      expect(arrived).toBeDefined();
      expect(arrived!.at).toBeGreaterThanOrEqual(moved); // pushed after the move, not the state before it
      console.log(
        `panel meeting: the chair's move on replica A reached a member on replica B in ${arrived!.at - moved} ms`,
      );
      done();
      await client.dispose();

      // without a token the connection is refused; a reviewer outside the panel gets NOT_FOUND
      const anon = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
      const anonResult = await new Promise<unknown>((resolve) =>
        anon.subscribe(
          { query: SUB, variables: { m: meetingId } },
          { next: resolve, error: resolve, complete: () => resolve('complete') },
        ),
      );
      // graphql-ws closes the socket: 4403 Forbidden
      expect((anonResult as { code?: number }).code).toBe(4403);
      await anon.dispose();
      const [outsider] = await t.db.query(
        `SELECT email FROM users WHERE email LIKE 'reviewer%@demo.local' AND id NOT IN (SELECT user_id FROM panel_members) LIMIT 1`,
      );
      const stranger = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${await token(outsider.email)}` },
        retryAttempts: 0,
      });
      const strangerResult = await new Promise<unknown>((resolve) =>
        stranger.subscribe(
          { query: SUB, variables: { m: meetingId } },
          { next: resolve, error: resolve, complete: () => resolve('complete') },
        ),
      );
      expect(JSON.stringify(strangerResult)).toMatch(/NOT_FOUND|未找到/);
      await stranger.dispose();
    });
  });
});
