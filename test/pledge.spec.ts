import { seedDemo } from '../apps/api/src/seed/seed';
import { onePagePdf } from './helpers/pdf';
import { startTestApp, type TestApp } from './helpers/app';
import { walkPages } from './helpers/pages';

/**
 * 承诺书: before signing the round's pledge a reviewer reads no material and writes no score
 * (FORBIDDEN, nothing changed); signing opens both; a changed text is a new version to sign again.
 */
describe('the integrity and confidentiality pledge', () => {
  let t: TestApp;
  let officer: string;
  let reviewer: string;
  let roundId: string;
  let assignmentId: string;
  let documentId: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    const [a] = await t.db.query(
      `SELECT a.id, a.round_id, a.application_id FROM assignments a JOIN users u ON u.id = a.reviewer_id JOIN review_rounds r ON r.id = a.round_id
        WHERE u.email = 'reviewer1@demo.local' AND r.status = 'OPEN' AND a.status = 'ACTIVE' ORDER BY a.created_at LIMIT 1`,
    );
    roundId = a.round_id;
    assignmentId = a.id;
    // a proposal on that project, so that a download can be tried
    const pdf = onePagePdf();
    const up = await t.http
      .post(`/documents/projects/${a.application_id}?kind=PROPOSAL`)
      .set('authorization', `Bearer ${officer}`)
      .attach('file', pdf, { filename: 'p.pdf', contentType: 'application/pdf' });
    expect(up.status).toBe(201);
    documentId = up.body.id;
    // reviewer1 has not signed (the demo signs for every reviewer: undone here)
    await t.db.query(
      `DELETE FROM pledges WHERE round_id = $1 AND user_id = (SELECT id FROM users WHERE email = 'reviewer1@demo.local')`,
      [roundId],
    );
  });
  afterAll(() => t.close());

  const MINE = `query($r:ID){ myAssignments(roundId:$r) { id round { pledgeSigned pledge { required version textZh } }
    project { externalId title keywords team { id } cooperatingInstitutions { id } documents { id } } review { id } } }`;
  const SAVE = `mutation($a:ID!,$v:Int){ saveReview(assignmentId:$a, input:{ scores:[], commentToApplicant:"x" }, expectedVersion:$v){ version } }`;
  const fingerprint = async () =>
    JSON.stringify(
      await t.db.query(`SELECT (SELECT count(*) FROM reviews) r, (SELECT coalesce(sum(version),0) FROM reviews) v`),
    );

  it('before signing: the title only, no review, no scoring, no document', async () => {
    const r = await t.gql<{
      myAssignments: {
        id: string;
        round: { pledgeSigned: boolean; pledge: { required: boolean; textZh: string } };
        project: {
          title: string;
          keywords: string[];
          team: unknown[];
          cooperatingInstitutions: unknown[];
          documents: unknown[];
        };
        review: unknown;
      }[];
    }>(MINE, { r: roundId }, reviewer);
    expect(r.errors).toBeUndefined();
    const mine = r.data!.myAssignments.find((x) => x.id === assignmentId)!;
    expect(mine.round.pledgeSigned).toBe(false);
    expect(mine.round.pledge.required).toBe(true);
    expect(mine.round.pledge.textZh).toMatch(/保密/);
    expect(mine.project.title.length).toBeGreaterThan(0);
    expect(mine.project).toMatchObject({ keywords: [], team: [], cooperatingInstitutions: [], documents: [] });
    expect(r.data!.myAssignments.every((x) => x.review === null)).toBe(true);
    const before = await fingerprint();
    const save = await t.gql(SAVE, { a: assignmentId, v: null }, reviewer);
    expect(save.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PLEDGE_REQUIRED', roundId });
    expect(save.errors?.[0].extensions?.messageZh).toMatch(/承诺书/);
    expect(await fingerprint()).toBe(before);
    const review = await t.gql('query($a:ID!){ review(assignmentId:$a){ id } }', { a: assignmentId }, reviewer);
    expect(review.errors?.[0].extensions?.reason).toBe('PLEDGE_REQUIRED');
    const doc = await t.http.get(`/documents/${documentId}`).set('authorization', `Bearer ${reviewer}`);
    expect(doc.status).toBe(404);
  });

  it('signing opens the material and the form; the signature is kept with its text, and signing twice is one signature', async () => {
    const s = await t.gql<{ signPledge: { version: number; textZh: string } }>(
      'mutation($r:ID!){ signPledge(roundId:$r){ version textZh } }',
      { r: roundId },
      reviewer,
    );
    expect(s.data!.signPledge.version).toBe(1);
    await t.gql('mutation($r:ID!){ signPledge(roundId:$r){ version } }', { r: roundId }, reviewer);
    const list = await t.gql<{ pledges: { userEmail: string; version: number }[] }>(
      'query($r:ID!){ pledges(roundId:$r){ userEmail version } }',
      { r: roundId },
      officer,
    );
    expect(list.data!.pledges.filter((p) => p.userEmail === 'reviewer1@demo.local')).toEqual([
      { userEmail: 'reviewer1@demo.local', version: 1 },
    ]);
    const r = await t.gql<{
      myAssignments: { id: string; round: { pledgeSigned: boolean }; project: { team: unknown[] } }[];
    }>(MINE, { r: roundId }, reviewer);
    const mine = r.data!.myAssignments.find((x) => x.id === assignmentId)!;
    expect(mine.round.pledgeSigned).toBe(true);
    expect(mine.project.team.length).toBeGreaterThan(0);
    const doc = await t.http.get(`/documents/${documentId}`).set('authorization', `Bearer ${reviewer}`);
    expect(doc.status).toBe(200);
    const save = await t.gql(SAVE, { a: assignmentId, v: null }, reviewer);
    expect(save.errors?.[0].extensions?.reason).toBeUndefined();
  });

  it('a new text is a new version: reviewers sign again; a pledge not required opens at once', async () => {
    const set = (textZh: string, required = true) =>
      t.gql<{ setRoundPledge: { pledge: { version: number; required: boolean } } }>(
        'mutation($r:ID!,$z:String!,$q:Boolean!){ setRoundPledge(roundId:$r, required:$q, textZh:$z, textEn:"I will keep every material of this round confidential and review independently."){ pledge { version required } } }',
        { r: roundId, z: textZh, q: required },
        officer,
      );
    const short = await set('太短');
    expect(short.errors?.[0].extensions?.field).toBe('textZh');
    const v2 = await set(
      '本人承诺：独立、客观、公正评审，严格保密全部评审材料，存在利益冲突时主动回避，不接受任何请托。',
    );
    expect(v2.data!.setRoundPledge.pledge).toEqual({ version: 2, required: true });
    const save = await t.gql(SAVE, { a: assignmentId, v: null }, reviewer);
    expect(save.errors?.[0].extensions?.reason).toBe('PLEDGE_REQUIRED');
    const off = await set(
      '本人承诺：独立、客观、公正评审，严格保密全部评审材料，存在利益冲突时主动回避，不接受任何请托。',
      false,
    );
    expect(off.data!.setRoundPledge.pledge).toEqual({ version: 2, required: false });
    const r = await t.gql<{ myAssignments: { id: string; round: { pledgeSigned: boolean } }[] }>(
      MINE,
      { r: roundId },
      reviewer,
    );
    expect(r.data!.myAssignments.find((x) => x.id === assignmentId)!.round.pledgeSigned).toBe(true);
  });

  it('lists the signatures a page at a time in the order they came, each once (ties in time broken by id)', async () => {
    // 30 more signatures, three to each instant
    await t.db.query(
      `INSERT INTO pledges (round_id, user_id, version, text_zh, text_en, signed_at)
       SELECT $1, u.id, 1, '承诺', 'pledge', now() + (row_number() OVER (ORDER BY u.email) / 3) * interval '1 second'
         FROM users u WHERE u.email <> 'reviewer1@demo.local' AND NOT EXISTS (
           SELECT 1 FROM pledges p WHERE p.round_id = $1 AND p.user_id = u.id AND p.version = 1)
        LIMIT 30`,
      [roundId],
    );
    const expected: { id: string }[] = await t.db.query(
      `SELECT id FROM pledges WHERE round_id = $1 ORDER BY signed_at, id`,
      [roundId],
    );
    const PAGE = `query($r:ID!, $first:Int!, $after:String){ pledgePage(roundId:$r, first:$first, after:$after){
      total hasMore endCursor items { id userEmail } } }`;
    const { items, totals } = await walkPages<{ id: string }>(t, PAGE, 'pledgePage', { r: roundId }, 7, officer);
    expect(totals).toEqual([expected.length]);
    const seen = items.map((x) => x.id);
    expect(seen).toEqual(expected.map((x) => x.id));
    for (const [vars, field] of [
      [{ r: roundId, first: 0 }, 'first'],
      [{ r: roundId, first: 5, after: 'zz' }, 'after'],
      [{ r: 'x', first: 5 }, 'roundId'],
    ] as const) {
      const r = await t.gql(PAGE, vars, officer);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await t.gql(PAGE, { r: roundId, first: 5 }, reviewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
