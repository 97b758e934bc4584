import { outcome, recusalChanges } from '@app/panels';
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
    // a project a few members must leave the room for
    const item = items.find(
      (x) => x.recused.length > 0 && x.recused.length <= 3 && !x.recused.some((r) => r.userId === members[0].id),
    )!;
    const recused = members.find((x) => x.id === item.recused[0].userId)!;
    const voters = members.filter((x) => !item.recused.some((r) => r.userId === x.id));
    const absent = voters[voters.length - 1];
    const present = voters.slice(0, -1);
    // the chair marks attendance; a member cannot
    const chair = await token(members[0].email);
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
    expect(cols.map((c: { column_name: string }) => c.column_name)).toEqual(['ballot_id', 'user_id']);
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
        'canVote',
        'closedAt',
        'eligible',
        'hasVoted',
        'id',
        'no',
        'openedAt',
        'passed',
        'projectId',
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
