import { randomUUID } from 'node:crypto';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';
import { walkPages } from './helpers/pages';

/**
 * The officer's big lists read page by page on the server (#23): a round's assignments and a
 * call's applications walked with a keyset cursor (every row once, in the order SQL gives
 * independently), each filter checked against a count made here, and every argument refused by name.
 */
describe('officer lists page by page', () => {
  let t: TestApp;
  let officer: string;
  let roundId: string;
  let programId: string;
  beforeAll(async () => {
    t = await startTestApp({ JOBS_WORKER: 'false' });
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    // the round with the most active assignments
    const [r] = await t.db.query(
      `SELECT round_id, count(*)::int AS n FROM assignments WHERE status = 'ACTIVE' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    );
    roundId = r.round_id;
    expect(r.n).toBeGreaterThan(20);
    programId = (await t.db.query(`SELECT program_id FROM review_rounds WHERE id = $1`, [roundId]))[0].program_id;
  });
  afterAll(() => t.close());

  interface APage {
    assignmentPage: {
      total: number;
      hasMore: boolean;
      endCursor: string | null;
      items: {
        id: string;
        project: { externalId: string };
        reviewer: { name: string };
        review: { status: string } | null;
      }[];
    };
  }
  const A_PAGE = `query($r:ID!, $first:Int, $after:String, $p:ID, $u:ID, $review:String, $q:String) {
    assignmentPage(roundId:$r, first:$first, after:$after, projectId:$p, reviewerId:$u, review:$review, search:$q) {
      total hasMore endCursor items { id project { externalId } reviewer { name } review { status } }
    } }`;
  const walk = async (vars: Record<string, unknown>, first: number) => {
    const { items, totals, pages } = await walkPages<{ id: string }>(
      t,
      A_PAGE,
      'assignmentPage',
      { r: roundId, ...vars },
      first,
      officer,
    );
    return { seen: items.map((a) => a.id), totals, pages };
  };

  it('walks a round’s assignments once each, in project-number order, the total on every page', async () => {
    const expected: { id: string }[] = await t.db.query(
      `SELECT a.id FROM assignments a JOIN applications p ON p.id = a.application_id
        WHERE a.round_id = $1 AND a.status = 'ACTIVE' ORDER BY p.external_id, a.id`,
      [roundId],
    );
    const { seen, totals, pages } = await walk({}, 7);
    expect(seen).toEqual(expected.map((e) => e.id));
    expect(totals).toEqual([expected.length]);
    expect(pages).toBe(Math.ceil(expected.length / 7));
  });

  it('filters in SQL: review state, project, reviewer and text, each total counted independently', async () => {
    const count = async (where: string, params: unknown[]) =>
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM assignments a JOIN applications p ON p.id = a.application_id
             JOIN users u ON u.id = a.reviewer_id LEFT JOIN reviews r ON r.assignment_id = a.id
            WHERE a.round_id = $1 AND a.status = 'ACTIVE' AND ${where}`,
          [roundId, ...params],
        )
      )[0].n as number;
    const submitted = await walk({ review: 'SUBMITTED' }, 10);
    expect(submitted.totals).toEqual([await count(`r.status = 'SUBMITTED'`, [])]);
    expect(submitted.seen.length).toBe(submitted.totals[0]);
    const none = await walk({ review: 'NONE' }, 50);
    expect(none.totals).toEqual([await count(`r.id IS NULL`, [])]);
    const drafts = await walk({ review: 'DRAFT' }, 50);
    // the three states partition the round
    expect(submitted.totals[0] + none.totals[0] + drafts.totals[0]).toBe(await count('true', []));

    const [{ application_id: p, reviewer_id: u, name }] = await t.db.query(
      `SELECT a.application_id, a.reviewer_id, u.name FROM assignments a JOIN users u ON u.id = a.reviewer_id
        WHERE a.round_id = $1 AND a.status = 'ACTIVE' ORDER BY a.id LIMIT 1`,
      [roundId],
    );
    expect((await walk({ p }, 50)).totals).toEqual([await count('a.application_id = $2', [p])]);
    expect((await walk({ u }, 50)).totals).toEqual([await count('a.reviewer_id = $2', [u])]);
    const byName = await t.gql<APage>(A_PAGE, { r: roundId, first: 500, q: name }, officer);
    const items = byName.data!.assignmentPage.items;
    expect(items.length).toBeGreaterThan(0);
    // a reviewer's name matches their rows (and any project whose title holds it)
    expect(items.filter((a) => a.reviewer.name === name).length).toBe(await count('a.reviewer_id = $2', [u]));
    // a search's % and _ are text, not wildcards
    const wild = await t.gql<APage>(A_PAGE, { r: roundId, q: '%' }, officer);
    expect(wild.data!.assignmentPage.total).toBe(
      await count(`(p.external_id || p.title_zh || p.title_en || u.name) LIKE '%\\%%'`, []),
    );
  });

  it('names the argument it refuses; an unknown round is not found; a reviewer is refused', async () => {
    for (const [vars, field] of [
      [{ first: 0 }, 'first'],
      [{ first: 501 }, 'first'],
      [{ after: 'not-a-cursor' }, 'after'],
      [{ after: Buffer.from(JSON.stringify(['P-1', 'y'])).toString('base64url') }, 'after'],
      [{ review: 'LOST' }, 'review'],
      [{ p: 'x' }, 'projectId'],
    ] as const) {
      const r = await t.gql(A_PAGE, { r: roundId, ...vars }, officer);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await t.gql(A_PAGE, { r: randomUUID() }, officer)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    expect((await t.gql(A_PAGE, { r: roundId }, reviewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  interface Pooled {
    id: string;
    name: string;
    email: string;
    institution: string | null;
    disciplines: string[];
    keywords: string[];
    assigned: number;
    submitted: number;
    conflicts: number;
  }
  const POOL_FIELDS = 'id name email institution disciplines keywords assigned submitted conflicts';
  const walkPool = async (vars: Record<string, unknown>, first: number) => {
    const { items, totals } = await walkPages<Pooled>(
      t,
      `query($r:ID, $first:Int, $after:String, $d:String, $q:String, $s:String) {
         reviewerPoolPage(roundId:$r, first:$first, after:$after, discipline:$d, search:$q, sort:$s) {
           total hasMore endCursor items { ${POOL_FIELDS} } } }`,
      'reviewerPoolPage',
      vars,
      first,
      officer,
    );
    return { seen: items, totals };
  };

  it('walks the reviewer pool by name and by load, with the figures of the whole list', async () => {
    const whole = (
      await t.gql<{ reviewerPool: Pooled[] }>(
        `query($r:ID){ reviewerPool(roundId:$r){ ${POOL_FIELDS} } }`,
        { r: roundId },
        officer,
      )
    ).data!.reviewerPool;
    expect(whole.length).toBeGreaterThan(10);
    // names in the database's own collation, as the server sorts them
    const ordered: { id: string }[] = await t.db.query(`SELECT id FROM users ORDER BY name, id`);
    const rank = new Map<string, number>(ordered.map((u, i) => [u.id, i]));
    const byName = [...whole].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
    const named = await walkPool({ r: roundId, s: 'NAME' }, 4);
    expect(named.seen).toEqual(byName);
    expect(named.totals).toEqual([whole.length]);
    expect(whole.some((w) => w.assigned > 0) && new Set(whole.map((w) => w.assigned)).size).toBeGreaterThan(1);
    const byLoad = [...whole].sort((a, b) => b.assigned - a.assigned || rank.get(a.id)! - rank.get(b.id)!);
    expect((await walkPool({ r: roundId, s: 'LOAD' }, 3)).seen).toEqual(byLoad);
    // filters, counted here on the whole list
    const math = await walkPool({ r: roundId, d: 'MATH' }, 50);
    expect(math.seen.map((x) => x.id)).toEqual(byName.filter((x) => x.disciplines.includes('MATH')).map((x) => x.id));
    const text = whole[0].email.split('@')[0].toUpperCase();
    const hits = byName.filter((x) =>
      [x.name, x.email, x.institution ?? '', x.keywords.join(' ')].some((f) =>
        f.toLowerCase().includes(text.toLowerCase()),
      ),
    );
    expect((await walkPool({ r: roundId, q: text }, 50)).seen.map((x) => x.id)).toEqual(hits.map((x) => x.id));
    // without a round: open rounds' workload, as the whole list gives it
    const open = (await t.gql<{ reviewerPool: Pooled[] }>(`{ reviewerPool { ${POOL_FIELDS} } }`, {}, officer)).data!
      .reviewerPool;
    expect((await walkPool({ s: 'NAME' }, 25)).seen).toEqual(
      [...open].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!),
    );
  });

  it('refuses a bad sort, discipline or cursor by name; a cursor of one order is refused by the other', async () => {
    const Q = `query($r:ID, $after:String, $d:String, $s:String, $first:Int) { reviewerPoolPage(roundId:$r, after:$after, discipline:$d, sort:$s, first:$first) { total endCursor } }`;
    const byName = await t.gql<{ reviewerPoolPage: { endCursor: string } }>(Q, { first: 2 }, officer);
    for (const [vars, field] of [
      [{ s: 'AGE' }, 'sort'],
      [{ d: 'LAW' }, 'discipline'],
      [{ first: 0 }, 'first'],
      [{ after: 'nope' }, 'after'],
      [{ s: 'LOAD', after: byName.data!.reviewerPoolPage.endCursor }, 'after'],
      [{ r: 'x' }, 'roundId'],
    ] as const) {
      const r = await t.gql(Q, vars, officer);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await t.gql(Q, { r: randomUUID() }, officer)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  interface PPage {
    projectPage: {
      total: number;
      hasMore: boolean;
      endCursor: string | null;
      items: { id: string; externalId: string }[];
    };
  }
  const P_PAGE = `query($p:ID!, $first:Int, $after:String, $d:Int, $s:ProjectStatus, $r:ID, $q:String) {
    projectPage(programId:$p, first:$first, after:$after, directionNumber:$d, status:$s, roundId:$r, search:$q) {
      total hasMore endCursor items { id externalId }
    } }`;
  const walkProjects = async (vars: Record<string, unknown>, first: number) => {
    const { items, totals } = await walkPages<{ id: string }>(
      t,
      P_PAGE,
      'projectPage',
      { p: programId, ...vars },
      first,
      officer,
    );
    expect(totals).toHaveLength(1);
    return { seen: items.map((a) => a.id), total: totals[0] };
  };

  it('walks a call’s applications in number order; direction, status, round and text filter in SQL', async () => {
    const all: { id: string }[] = await t.db.query(
      `SELECT id FROM applications WHERE program_id = $1 ORDER BY external_id`,
      [programId],
    );
    const { seen, total } = await walkProjects({}, 9);
    expect(seen).toEqual(all.map((a) => a.id));
    expect(total).toBe(all.length);
    const count = async (where: string, params: unknown[]) =>
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM applications a JOIN directions d ON d.id = a.direction_id
            WHERE a.program_id = $1 AND ${where}`,
          [programId, ...params],
        )
      )[0].n as number;
    expect((await walkProjects({ d: 1 }, 5)).total).toBe(await count('d.number = 1', []));
    const [{ status }] = await t.db.query(
      `SELECT status FROM applications WHERE program_id = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      [programId],
    );
    expect((await walkProjects({ s: status }, 5)).total).toBe(await count('a.status = $2', [status]));
    const inRound = await walkProjects({ r: roundId }, 5);
    expect(inRound.total).toBe(
      await count('a.id IN (SELECT application_id FROM round_projects WHERE round_id = $2)', [roundId]),
    );
    expect(inRound.seen.length).toBe(inRound.total);
    const [{ external_id: ext }] = await t.db.query(
      `SELECT external_id FROM applications WHERE program_id = $1 ORDER BY external_id DESC LIMIT 1`,
      [programId],
    );
    const found = await t.gql<PPage>(P_PAGE, { p: programId, q: ext.toLowerCase() }, officer);
    expect(found.data!.projectPage.items.map((a) => a.externalId)).toContain(ext);
  });

  it('refuses a bad page size or cursor by name; an unknown call is not found', async () => {
    for (const [vars, field] of [
      [{ first: 0 }, 'first'],
      [{ after: 'zz' }, 'after'],
    ] as const) {
      const r = await t.gql(P_PAGE, { p: programId, ...vars }, officer);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await t.gql(P_PAGE, { p: randomUUID() }, officer)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  const U_PAGE = `query($first:Int!, $after:String, $q:String, $role:Role) {
    userPage(first:$first, after:$after, search:$q, role:$role) { total hasMore endCursor items { id email roles } } }`;
  interface UPage {
    userPage: {
      total: number;
      hasMore: boolean;
      endCursor: string | null;
      items: { email: string; roles: string[] }[];
    };
  }
  const walkUsers = async (admin: string, vars: Record<string, unknown>, first: number) => {
    const { items, totals } = await walkPages<{ email: string }>(t, U_PAGE, 'userPage', vars, first, admin);
    expect(totals).toHaveLength(1);
    return { seen: items.map((u) => u.email), total: totals[0] };
  };

  it('walks every account once in e-mail order; role and search filter in SQL; bad arguments refused by name', async () => {
    const admin = (await t.login('admin@demo.local', 'demo-admin')).accessToken;
    const all: { email: string }[] = await t.db.query(`SELECT email FROM users ORDER BY lower(email)`);
    const walked = await walkUsers(admin, {}, 7);
    expect(walked.seen).toEqual(all.map((u) => u.email));
    expect(walked.total).toBe(all.length);
    const [{ n: reviewers }] = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE 'REVIEWER' = ANY(roles)`);
    const rev = await walkUsers(admin, { role: 'REVIEWER' }, 10);
    expect(rev.total).toBe(reviewers);
    expect(rev.seen.length).toBe(reviewers);
    // by name or e-mail, % and _ taken as text
    const found = await t.gql<UPage>(U_PAGE, { first: 50, q: 'REVIEWER1@' }, admin);
    expect(found.data!.userPage.items.map((u) => u.email)).toEqual(['reviewer1@demo.local']);
    expect((await t.gql<UPage>(U_PAGE, { first: 50, q: '%' }, admin)).data!.userPage.total).toBe(0);
    for (const [vars, field] of [
      [{ first: 0 }, 'first'],
      [{ first: 501 }, 'first'],
      [{ first: 5, after: 'zz' }, 'after'],
    ] as const) {
      const r = await t.gql(U_PAGE, vars, admin);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await t.gql(U_PAGE, { first: 5 }, officer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('walks the outbox newest first, each message once (ties in time broken by id), by round and status', async () => {
    // 45 messages of one round, three to each instant (the cursor must break ties), statuses mixed
    await t.db.query(
      `INSERT INTO outbox (round_id, to_address, subject, body, created_at, status)
       SELECT $1, 'r' || n || '@example.org', '催办 ' || n, 'body', now() - (n / 3) * interval '1 minute',
              (ARRAY['KEPT','SENT','FAILED'])[1 + n % 3]
         FROM generate_series(1, 45) n`,
      [roundId],
    );
    const O_PAGE = `query($r:ID, $s:String, $first:Int!, $after:String) {
      outboxPage(roundId:$r, status:$s, first:$first, after:$after) { total hasMore endCursor items { id status } } }`;
    const walk = async (vars: Record<string, unknown>) => {
      const { items, totals } = await walkPages<{ id: string }>(t, O_PAGE, 'outboxPage', vars, 7, officer);
      expect(totals).toHaveLength(1);
      return { seen: items.map((m) => m.id), total: totals[0] };
    };
    const expected = async (where: string, params: unknown[]) =>
      (
        (await t.db.query(`SELECT id FROM outbox WHERE ${where} ORDER BY created_at DESC, id DESC`, params)) as {
          id: string;
        }[]
      ).map((m) => m.id);
    const mine = await walk({ r: roundId });
    expect(mine.seen).toEqual(await expected('round_id = $1', [roundId]));
    expect(mine.total).toBe(mine.seen.length);
    const failed = await walk({ r: roundId, s: 'FAILED' });
    expect(failed.seen).toEqual(await expected(`round_id = $1 AND status = 'FAILED'`, [roundId]));
    expect(failed.total).toBe(15);
    const all = await walk({});
    expect(all.seen).toEqual(await expected('true', []));
    for (const [vars, field] of [
      [{ first: 0 }, 'first'],
      [{ first: 5, s: 'LOST' }, 'status'],
      [{ first: 5, r: 'x' }, 'roundId'],
      [{ first: 5, after: 'zz' }, 'after'],
    ] as const) {
      const r = await t.gql(O_PAGE, vars, officer);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    expect((await t.gql(O_PAGE, { first: 5 }, reviewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('walks a round’s invitations unanswered first, each once (ties in time broken by id), by state and by name or e-mail', async () => {
    // 40 invitations of a fresh round, four to each instant, the five states mixed
    const [fresh] = await t.db.query(
      `INSERT INTO review_rounds (program_id, kind, name_zh, name_en, status, opens_at, closes_at, criteria, recommendation_options)
       SELECT program_id, kind, '邀请分页', 'Invitation paging', 'DRAFT', opens_at, closes_at, criteria, recommendation_options
         FROM review_rounds WHERE id = $1 RETURNING id`,
      [roundId],
    );
    const states = ['ACCEPTED', 'PENDING', 'WITHDRAWN', 'DECLINED', 'EXPIRED'];
    await t.db.query(
      `INSERT INTO invitations (round_id, person_id, email, status, respond_by, link_nonce, created_at)
       SELECT $1, p.id, 'invitee' || n || '@example.org', ($2::text[])[1 + n % 5], now() + interval '7 days', 'nonce' || n,
              now() - (n / 4) * interval '1 minute'
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM persons) p WHERE n <= 40`,
      [fresh.id, states],
    );
    const I_PAGE = `query($r:ID!, $s:InvitationStatus, $q:String, $first:Int!, $after:String) {
      invitationPage(roundId:$r, status:$s, search:$q, first:$first, after:$after) {
        total hasMore endCursor counts { status count } items { id email status expertName } } }`;
    const walk = async (vars: Record<string, unknown>) => {
      const { items, totals } = await walkPages<{ id: string }>(
        t,
        I_PAGE,
        'invitationPage',
        { r: fresh.id, ...vars },
        6,
        officer,
      );
      expect(totals).toHaveLength(1);
      return { seen: items.map((m) => m.id), total: totals[0] };
    };
    // the order written out here, independently of the server's: unanswered, declined, expired, accepted, withdrawn
    const expected = async (where: string, params: unknown[]) =>
      (
        (await t.db.query(
          `SELECT i.id FROM invitations i JOIN persons p ON p.id = i.person_id WHERE i.round_id = $1 AND ${where}
            ORDER BY CASE i.status WHEN 'PENDING' THEN 0 WHEN 'DECLINED' THEN 1 WHEN 'EXPIRED' THEN 2 WHEN 'ACCEPTED' THEN 3 ELSE 4 END,
                     i.created_at, i.id`,
          [fresh.id, ...params],
        )) as { id: string }[]
      ).map((m) => m.id);
    const all = await walk({});
    expect(all.seen).toEqual(await expected('true', []));
    expect(all.total).toBe(40);
    const declined = await walk({ s: 'DECLINED' });
    expect(declined.seen).toEqual(await expected(`i.status = 'DECLINED'`, []));
    expect(declined.total).toBe(8);
    // by the expert's name, or by the e-mail the invitation went to (% and _ taken as text)
    const [{ name }] = await t.db.query(
      `SELECT p.name FROM invitations i JOIN persons p ON p.id = i.person_id WHERE i.round_id = $1 ORDER BY i.id LIMIT 1`,
      [fresh.id],
    );
    const byName = await walk({ q: name });
    expect(byName.seen).toEqual(await expected(`p.name ILIKE '%' || $2 || '%'`, [name]));
    expect(byName.total).toBeGreaterThan(0);
    const byMail = await walk({ q: 'INVITEE17@' });
    expect(byMail.seen).toEqual(await expected(`i.email = 'invitee17@example.org'`, []));
    expect((await walk({ q: '%' })).total).toBe(0);
    // the counts: the round's, whatever the filters
    const counted = await t.gql<{ invitationPage: { counts: { status: string; count: number }[] } }>(
      I_PAGE,
      { r: fresh.id, s: 'EXPIRED', first: 1 },
      officer,
    );
    expect(counted.data!.invitationPage.counts).toEqual([
      { status: 'PENDING', count: 8 },
      { status: 'DECLINED', count: 8 },
      { status: 'EXPIRED', count: 8 },
      { status: 'ACCEPTED', count: 8 },
      { status: 'WITHDRAWN', count: 8 },
    ]);
    for (const [vars, field] of [
      [{ first: 0 }, 'first'],
      [{ first: 501 }, 'first'],
      [{ first: 5, r: 'x' }, 'roundId'],
      [{ first: 5, after: 'zz' }, 'after'],
      [
        {
          first: 5,
          after: Buffer.from(JSON.stringify(['0', '2026-01-01T00:00:00Z', randomUUID()])).toString('base64url'),
        },
        'after',
      ],
    ] as const) {
      const r = await t.gql(I_PAGE, { r: fresh.id, ...vars }, officer);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const missing = await t.gql(I_PAGE, { r: randomUUID(), first: 5 }, officer);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    expect((await t.gql(I_PAGE, { r: fresh.id, first: 5 }, reviewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
