import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

const PROFILE = `{ myProfile { expert { id keywords affiliations { institution from to } }
  relations { type otherName } publications { title year coauthors }
  reviewQuality { ratings shown helpful needsWork tooShort } } }`;
const UPDATE = `mutation($i:ProfileInput!){ updateMyProfile(input:$i){ expert { keywords affiliations { institution from to } } } }`;

/**
 * 个人资料 and 评审质量: an expert keeps their own record up to date and every change re-detects the
 * open rounds' conflicts (checked against the conflict a hand-picked affiliation, student and
 * co-author must cause); removing evidence is refused; officers rate reviews and the reviewer sees
 * only counts, from three ratings on.
 */
describe('the reviewer’s profile and review quality', () => {
  let t: TestApp;
  let officer: string;
  let reviewer: string;
  let me: { user: string; person: string };
  let roundId: string;
  type Aff = { institution: string; from: string | null; to: string | null };
  let affiliations: Aff[];

  const conflictRules = async (project: string) =>
    (
      await t.db.query(
        `SELECT rule FROM conflicts WHERE round_id = $1 AND application_id = $2 AND reviewer_id = $3 ORDER BY rule`,
        [roundId, project, me.user],
      )
    ).map((r: { rule: string }) => r.rule);
  /** a project of the open round where reviewer1 has no conflict, with its lead institution and a member */
  const cleanProject = async (skip: string[] = []) => {
    const [p] = await t.db.query(
      `SELECT a.id, i.name AS lead, (SELECT p.emails[1] FROM team_members tm JOIN persons p ON p.id = tm.person_id
                                      WHERE tm.application_id = a.id AND cardinality(p.emails) > 0 ORDER BY p.name LIMIT 1) AS member
         FROM round_projects rp JOIN applications a ON a.id = rp.application_id JOIN institutions i ON i.id = a.lead_institution_id
        WHERE rp.round_id = $1 AND NOT (a.id = ANY($3::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.round_id = $1 AND c.application_id = a.id AND c.reviewer_id = $2)
          AND NOT EXISTS (SELECT 1 FROM affiliations af WHERE af.person_id = $4 AND af.institution_id = i.id)
        ORDER BY a.external_id LIMIT 1`,
      [roundId, me.user, skip, me.person],
    );
    return p as { id: string; lead: string; member: string };
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    const [u] = await t.db.query(`SELECT id, person_id FROM users WHERE email = 'reviewer1@demo.local'`);
    me = { user: u.id, person: u.person_id };
    [{ id: roundId }] = await t.db.query(`SELECT id FROM review_rounds WHERE status = 'OPEN'`);
  }, 120_000);
  afterAll(() => t.close());

  it('shows the expert their own record', async () => {
    const r = await t.gql<{ myProfile: { expert: { id: string; affiliations: Aff[] } } }>(PROFILE, {}, reviewer);
    expect(r.errors).toBeUndefined();
    expect(r.data!.myProfile.expert.id).toBe(me.person);
    affiliations = r.data!.myProfile.expert.affiliations;
    expect(affiliations.length).toBeGreaterThan(0);
    // the profile is a reviewer's: an officer is refused it
    const o = await t.gql(PROFILE, {}, officer);
    expect(o.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('a new affiliation re-detects the open round: the institution’s project becomes a conflict', async () => {
    const p = await cleanProject();
    expect(await conflictRules(p.id)).toEqual([]);
    const input = {
      title: '教授',
      keywords: ['随机矩阵', '医学影像'],
      applicationCodes: ['A0116'],
      affiliations: [...affiliations, { institution: p.lead, from: '2025-09', to: null }],
    };
    const r = await t.gql(UPDATE, { i: input }, reviewer);
    expect(r.errors).toBeUndefined();
    expect(await conflictRules(p.id)).toContain('INSTITUTION');
    const [audit] = await t.db.query(`SELECT actor_id FROM audit_log WHERE action = 'profile.update'`);
    expect(audit.actor_id).toBe(me.user);
    affiliations = input.affiliations.map((a) => ({ ...a, from: a.from === '2025-09' ? '2025-09-01' : a.from }));
  });

  it('refuses to drop an affiliation (it could hide a conflict); ending one is fine', async () => {
    const count = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM affiliations WHERE person_id = $1`, [me.person]))[0].n;
    const before = await count();
    const drop = await t.gql(
      UPDATE,
      { i: { keywords: [], applicationCodes: [], affiliations: affiliations.slice(1) } },
      reviewer,
    );
    expect(drop.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'affiliations' });
    expect(await count()).toBe(before);
    const ended = affiliations.map((a, i) => (i === affiliations.length - 1 ? { ...a, to: '2026-06-30' } : a));
    const ok = await t.gql<{ updateMyProfile: { expert: { affiliations: Aff[] } } }>(
      UPDATE,
      { i: { keywords: ['随机矩阵'], applicationCodes: [], affiliations: ended } },
      reviewer,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.updateMyProfile.expert.affiliations.some((a) => a.to === '2026-06-30')).toBe(true);
  });

  it('a declared student and a declared co-author on a team become conflicts with evidence', async () => {
    const a = await cleanProject();
    const r = await t.gql(
      'mutation($p:PersonRefInput!){ addMyRelation(type:"ADVISEE", person:$p){ relations { type otherName } } }',
      { p: { name: '学生', email: a.member } },
      reviewer,
    );
    expect(r.errors).toBeUndefined();
    expect(await conflictRules(a.id)).toContain('ADVISOR');
    const b = await cleanProject([a.id]);
    const pub = await t.gql<{ addMyPublication: { publications: { title: string; coauthors: string[] }[] } }>(
      'mutation($c:[PersonRefInput!]!){ addMyPublication(title:"随机矩阵与影像", year: 2025, coauthors:$c){ publications { title year coauthors } } }',
      { c: [{ name: '合作者', email: b.member.toUpperCase() }] },
      reviewer,
    );
    expect(pub.errors).toBeUndefined();
    expect(pub.data!.addMyPublication.publications.find((x) => x.title === '随机矩阵与影像')!.coauthors).toHaveLength(
      1,
    );
    expect(await conflictRules(b.id)).toContain('COAUTHOR');
    // no new person was made for a known e-mail (any case)
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM persons WHERE $1 = ANY(emails)`, [b.member]);
    expect(n).toBe(1);
  });

  it('names the field of bad input and changes nothing', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM person_relations`))[0].n;
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'mutation($p:PersonRefInput!){ addMyRelation(type:"FRIEND", person:$p){ relations { type } } }',
        { p: { name: 'x', email: 'x@y.org' } },
        'type',
      ],
      [
        'mutation($p:PersonRefInput!){ addMyRelation(type:"FAMILY", person:$p){ relations { type } } }',
        { p: { name: '某人' } },
        'person.email',
      ],
      [
        'mutation($p:PersonRefInput!){ addMyRelation(type:"FAMILY", person:$p){ relations { type } } }',
        { p: { name: '某人', email: 'not-mail' } },
        'person.email',
      ],
      [
        'mutation($p:PersonRefInput!){ addMyRelation(type:"FAMILY", person:$p){ relations { type } } }',
        { p: { name: '某人', orcid: '1234' } },
        'person.orcid',
      ],
      [
        'mutation($c:[PersonRefInput!]!){ addMyPublication(title:"t", year: 1800, coauthors:$c){ publications { title } } }',
        { c: [{ name: 'a', email: 'a@b.org' }] },
        'year',
      ],
      [
        'mutation($c:[PersonRefInput!]!){ addMyPublication(title:"t", year: 2020, coauthors:$c){ publications { title } } }',
        { c: [] },
        'coauthors',
      ],
    ];
    for (const [doc, vars, field] of cases) {
      const r = await t.gql(doc, vars, reviewer);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await t.db.query(`SELECT count(*)::int AS n FROM person_relations`))[0].n).toBe(before);
  });

  it('officers rate reviews; the reviewer sees counts only from three ratings on; the pool shows the history', async () => {
    // three of reviewer1's submitted reviews in the finalized initial round
    const [{ id: initial }] = await t.db.query(`SELECT id FROM review_rounds WHERE status = 'FINALIZED'`);
    const submitted = await t.db.query(
      `SELECT r.id FROM reviews r JOIN assignments a ON a.id = r.assignment_id
        WHERE a.reviewer_id = $1 AND a.round_id = $2 AND r.status = 'SUBMITTED' ORDER BY r.id LIMIT 3`,
      [me.user, initial],
    );
    expect(submitted.length).toBe(3);
    const RATE =
      'mutation($r:ID!,$v:String!,$n:String){ rateReview(reviewId:$r, rating:$v, note:$n){ rating reviewerName raterName } }';
    const quality = async () =>
      (await t.gql<{ myProfile: { reviewQuality: Record<string, unknown> } }>(PROFILE, {}, reviewer)).data!.myProfile
        .reviewQuality;
    expect((await t.gql(RATE, { r: submitted[0].id, v: 'HELPFUL' }, officer)).errors).toBeUndefined();
    expect(
      (await t.gql(RATE, { r: submitted[1].id, v: 'TOO_SHORT', n: '意见过于简略' }, officer)).errors,
    ).toBeUndefined();
    expect(await quality()).toEqual({ ratings: 2, shown: false, helpful: null, needsWork: null, tooShort: null });
    // rating again replaces the officer's earlier rating
    await t.gql(RATE, { r: submitted[1].id, v: 'NEEDS_WORK' }, officer);
    expect((await quality()).ratings).toBe(2);
    await t.gql(RATE, { r: submitted[2].id, v: 'HELPFUL' }, officer);
    expect(await quality()).toEqual({ ratings: 3, shown: true, helpful: 2, needsWork: 1, tooShort: 0 });
    // a reviewer cannot rate, nor read the ratings; a draft and a bad rating are refused
    expect((await t.gql(RATE, { r: submitted[0].id, v: 'HELPFUL' }, reviewer)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await t.gql('query($r:ID!){ reviewRatings(roundId:$r){ id } }', { r: roundId }, reviewer)).errors?.[0].extensions
        ?.code,
    ).toBe('FORBIDDEN');
    const [draft] = await t.db.query(`SELECT id FROM reviews WHERE status = 'DRAFT' LIMIT 1`);
    expect((await t.gql(RATE, { r: draft.id, v: 'HELPFUL' }, officer)).errors?.[0].extensions?.field).toBe('reviewId');
    expect((await t.gql(RATE, { r: submitted[0].id, v: 'GREAT' }, officer)).errors?.[0].extensions?.field).toBe(
      'rating',
    );
    const list = await t.gql<{ reviewRatings: { rating: string }[] }>(
      'query($r:ID!){ reviewRatings(roundId:$r){ rating reviewerName note } }',
      { r: initial },
      officer,
    );
    expect(list.data!.reviewRatings.map((x) => x.rating).sort()).toEqual(['HELPFUL', 'HELPFUL', 'NEEDS_WORK']);
    // the pool: reviewer1's history, counted by hand from the tables
    const pool = await t.gql<{ experts: { items: { id: string; history: Record<string, number> }[] } }>(
      'query($s:String){ experts(search:$s, limit: 50){ items { id history { rounds assigned submitted onTime ratings helpful critical invitationsDeclined } } } }',
      { s: (await t.db.query(`SELECT name FROM persons WHERE id = $1`, [me.person]))[0].name },
      officer,
    );
    const h = pool.data!.experts.items.find((x) => x.id === me.person)!.history;
    const [expect_] = await t.db.query(
      `SELECT count(DISTINCT a.round_id)::int AS rounds, count(*)::int AS assigned,
              count(*) FILTER (WHERE r.status = 'SUBMITTED')::int AS submitted,
              count(*) FILTER (WHERE r.status = 'SUBMITTED' AND r.submitted_at <= rr.closes_at)::int AS "onTime"
         FROM assignments a JOIN review_rounds rr ON rr.id = a.round_id LEFT JOIN reviews r ON r.assignment_id = a.id
        WHERE a.reviewer_id = $1 AND a.status <> 'DECLINED'`,
      [me.user],
    );
    expect(h).toMatchObject({ ...expect_, ratings: 3, helpful: 2, critical: 1, invitationsDeclined: 0 });
  });
});
