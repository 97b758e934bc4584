import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { seedDemo } from '../apps/api/src/seed/seed';
import { AnyOf } from '../apps/api/src/common/database/any-of';
import { PersonEntity } from '../apps/api/src/people/people.entity';
import { startTestApp, type TestApp } from './helpers/app';

/**
 * A round's conflicts at a size no single list should carry: read page by page with a keyset
 * cursor (every row once, in order, the total on each page), the unpaged list refused past its
 * limit, and every argument checked by name.
 */
describe('conflicts page by page', () => {
  let t: TestApp;
  let officer: string;
  let roundId: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    // a fresh round whose stored conflicts are 6,000 rows: 40 demo applications × 30 reviewers × five rules
    const [round] = await t.db.query(
      `INSERT INTO review_rounds (program_id, kind, name_zh, name_en, status, opens_at, closes_at, criteria, recommendation_options)
       SELECT program_id, 'INITIAL', '分页测试', 'Paging test', 'DRAFT', now() + interval '1 day', now() + interval '9 days', criteria, recommendation_options
         FROM review_rounds WHERE kind = 'INITIAL' ORDER BY opens_at LIMIT 1 RETURNING id`,
    );
    roundId = round.id;
    await t.db.query(
      `INSERT INTO conflicts (round_id, application_id, reviewer_id, rule, evidence, evidence_zh, source)
       SELECT $1, a.id, u.id, rule, 'evidence', '依据', 'DETECTED'
         FROM (SELECT id FROM applications ORDER BY id LIMIT 40) a
        CROSS JOIN (SELECT id FROM users WHERE 'REVIEWER' = ANY(roles) ORDER BY id LIMIT 30) u
        CROSS JOIN unnest(ARRAY['INSTITUTION', 'COAUTHOR', 'ADVISOR', 'FAMILY', 'EMAIL_DOMAIN']) rule`,
      [roundId],
    );
  });
  afterAll(() => t.close());

  interface Page {
    conflictPage: {
      total: number;
      hasMore: boolean;
      endCursor: string | null;
      items: { id: string; rule: string; project: { externalId: string } }[];
    };
  }
  const PAGE = `query($r:ID!, $first:Int, $after:String, $rule:String, $p:ID) {
    conflictPage(roundId:$r, first:$first, after:$after, rule:$rule, projectId:$p) {
      total hasMore endCursor items { id projectId reviewerId rule evidenceZh overridden project { externalId } }
    } }`;

  it('walks every row once, in (project, reviewer, id) order, with the total on every page', async () => {
    const expected: { id: string }[] = await t.db.query(
      `SELECT id FROM conflicts WHERE round_id = $1 ORDER BY application_id, reviewer_id, id`,
      [roundId],
    );
    expect(expected).toHaveLength(6000);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r: { data?: Page; errors?: unknown[] } = await t.gql<Page>(
        PAGE,
        { r: roundId, first: 500, after },
        officer,
      );
      expect(r.errors).toBeUndefined();
      const page = r.data!.conflictPage;
      expect(page.total).toBe(6000);
      seen.push(...page.items.map((c: { id: string }) => c.id));
      pages++;
      if (!page.hasMore) break;
      after = page.endCursor;
    }
    expect(pages).toBe(12); // twelve full pages, the last saying there is no more
    expect(seen).toEqual(expected.map((e) => e.id));
  });

  it('filters by rule and by project in SQL, the total counting the filtered rows', async () => {
    const r = await t.gql<Page>(PAGE, { r: roundId, first: 10, rule: 'COAUTHOR' }, officer);
    expect(r.data!.conflictPage.total).toBe(1200);
    expect(r.data!.conflictPage.items.every((c) => c.rule === 'COAUTHOR')).toBe(true);
    const [{ application_id: p }] = await t.db.query(
      `SELECT application_id FROM conflicts WHERE round_id = $1 ORDER BY application_id LIMIT 1`,
      [roundId],
    );
    const one = await t.gql<Page>(PAGE, { r: roundId, first: 200, p }, officer);
    expect(one.data!.conflictPage.total).toBe(150);
    expect(one.data!.conflictPage.hasMore).toBe(false);
    expect(one.data!.conflictPage.items[0].project.externalId).toMatch(/\S/);
  });

  it('refuses the unpaged list past its limit, naming the round, and still answers for one project', async () => {
    const all = await t.gql('query($r:ID!){ conflicts(roundId:$r){ id } }', { r: roundId }, officer);
    expect(all.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roundId' });
    expect(all.errors?.[0].message).toMatch(/conflictPage/);
    const [{ application_id: p }] = await t.db.query(
      `SELECT application_id FROM conflicts WHERE round_id = $1 LIMIT 1`,
      [roundId],
    );
    const one = await t.gql(
      'query($r:ID!,$p:ID){ conflicts(roundId:$r, projectId:$p){ id } }',
      { r: roundId, p },
      officer,
    );
    expect(one.data!.conflicts).toHaveLength(150);
  });

  it('names the argument it refuses: first, after, rule; and an unknown round is not found', async () => {
    for (const [vars, field] of [
      [{ first: 0 }, 'first'],
      [{ first: 501 }, 'first'],
      [{ after: 'not-a-cursor' }, 'after'],
      [{ after: Buffer.from(JSON.stringify(['x', 'y', 'z'])).toString('base64url') }, 'after'],
      [{ rule: 'FRIENDS' }, 'rule'],
    ] as const) {
      const r = await t.gql(PAGE, { r: roundId, ...vars }, officer);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const gone = await t.gql(PAGE, { r: randomUUID() }, officer);
    expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const reviewer = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    const denied = await t.gql(PAGE, { r: roundId }, reviewer);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('looks up 70,000 ids in one statement (ANY of an array), where one parameter per id is refused', async () => {
    const ids = Array.from({ length: 70_000 }, () => randomUUID());
    await expect(t.db.getRepository(PersonEntity).findBy({ id: AnyOf(ids) })).resolves.toEqual([]);
    await expect(t.db.getRepository(PersonEntity).findBy({ id: In(ids) })).rejects.toThrow();
  });
});
