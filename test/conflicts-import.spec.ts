import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

describe('publications and relations imported by officers feed conflict detection', () => {
  let t: TestApp;
  let officer: string;
  let mid: { id: string };
  let member: { external_id: string; application_id: string };
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    [mid] = await t.db.query(`SELECT id FROM review_rounds WHERE kind = 'MIDTERM'`);
    [member] = await t.db.query(
      `SELECT p.external_id, tm.application_id FROM team_members tm JOIN persons p ON p.id = tm.person_id JOIN round_projects rp ON rp.application_id = tm.application_id
        WHERE rp.round_id = $1 AND tm.role = 'CO_PI' ORDER BY p.external_id LIMIT 1`,
      [mid.id],
    );
  });
  afterAll(() => t.close());

  const post = (path: string, body: string, name: string, token = officer) =>
    t.http.post(path).set('authorization', `Bearer ${token}`).attach('file', Buffer.from(body), name);
  const pairRules = async (reviewerEmail: string) =>
    (
      await t.db.query(
        `SELECT c.rule, c.evidence FROM conflicts c JOIN users u ON u.id = c.reviewer_id WHERE c.round_id = $1 AND c.application_id = $2 AND u.email = $3 ORDER BY c.rule`,
        [mid.id, member.application_id, reviewerEmail],
      )
    ).map((r: { rule: string; evidence: string }) => r);

  it('a co-authored paper (CSV) becomes a COAUTHOR conflict with its evidence, in every open round', async () => {
    expect((await pairRules('reviewer9@demo.local')).some((r: { rule: string }) => r.rule === 'COAUTHOR')).toBe(false);
    const csv = `publication_id,year,title,authors\ndoi:10.1000/import.2025.1,2025,矩阵谱分析在医学影像中的应用,REV-009;${member.external_id}\n`;
    const r = await post('/imports/publications', csv, 'pubs.csv');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ imported: 1, created: 1 });
    const rules = await pairRules('reviewer9@demo.local');
    const co = rules.find((x: { rule: string }) => x.rule === 'COAUTHOR');
    expect(co.evidence).toBe('co-authored doi:10.1000/import.2025.1 (2025)');
  });

  it('an advisor link (JSON) becomes an ADVISOR conflict', async () => {
    const json = JSON.stringify([{ type: 'ADVISOR', person_a: 'REV-010', person_b: member.external_id }]);
    const r = await post('/imports/relations', json, 'rel.json');
    expect(r.status).toBe(201);
    const rules = await pairRules('reviewer10@demo.local');
    expect(rules.map((x: { rule: string }) => x.rule)).toContain('ADVISOR');
  });

  it('refuses bad rows with line and field, storing nothing; and keeps reviewers out', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM publications'))[0].n;
    const csv = `publication_id,year,title,authors\np1,1800,x,REV-001;${member.external_id}\np2,2024,y,REV-001;NOBODY\np3,2024,z,REV-001\n`;
    const r = await post('/imports/publications', csv, 'bad.csv');
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual([
      '2:year',
      '3:authors',
      '4:authors',
    ]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM publications'))[0].n).toBe(before);
    const rel = await post('/imports/relations', 'type,person_a,person_b\nCOUSIN,REV-001,REV-001\n', 'r.csv');
    expect(rel.status).toBe(400);
    expect(rel.body.errors.map((e: { field: string }) => e.field)).toEqual(['type', 'person_b']);
    const rev = await t.login('reviewer1@demo.local', 'demo-reviewer');
    expect(
      (await post('/imports/publications', 'publication_id,year,authors\n', 'x.csv', rev.accessToken)).status,
    ).toBe(403);
    expect((await post('/imports/publications', '{ broken', 'x.json')).body.message).toMatch(/^file: malformed JSON/);
  });
});
