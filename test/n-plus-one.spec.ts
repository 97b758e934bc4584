import { queryCounter } from '../apps/api/src/common/database/query-counter';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

/** Lists cost a constant number of SQL statements, whatever their length (DataLoaders, no N+1). */
describe('no N+1', () => {
  let t: TestApp;
  let officer: string;
  let programId: string;
  beforeAll(async () => {
    // the job worker polls the database every second: its statements stay out of the counts
    t = await startTestApp({ COUNT_QUERIES: 'true', JOBS_WORKER: 'false' });
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    programId = (await t.db.query('SELECT id FROM programs'))[0].id;
  });
  afterAll(() => t.close());

  const count = async (q: string, v: Record<string, unknown>, token = officer) => {
    queryCounter.count = 0;
    const r = await t.gql(q, v, token);
    expect(r.errors).toBeUndefined();
    return queryCounter.count;
  };

  it('projects with direction, institutions, team, persons and documents', async () => {
    const Q =
      'query($p:ID!,$d:Int){ projects(programId:$p, directionNumber:$d){ id direction { number } leadInstitution { name } cooperatingInstitutions { name } team { role person { name } } documents { id } } }';
    const few = await count(Q, { p: programId, d: 3 });
    const all = await count(Q, { p: programId, d: null });
    console.log(`statements: 3 projects → ${few}, 40 projects → ${all}`);
    expect(all).toBe(few);
  });

  it('assignments of a round with project, reviewer, round and review', async () => {
    const rounds = await t.db.query(
      `SELECT r.id, count(a.id)::int AS n FROM review_rounds r JOIN assignments a ON a.round_id = r.id AND a.status = 'ACTIVE' GROUP BY r.id ORDER BY n`,
    );
    const Q =
      'query($r:ID!){ assignments(roundId:$r){ id round { id } project { title direction { number } team { person { name } } } reviewer { name } review { total } } }';
    const small = await count(Q, { r: rounds[0].id });
    const large = await count(Q, { r: rounds[rounds.length - 1].id });
    console.log(
      `statements: ${rounds[0].n} assignments → ${small}, ${rounds[rounds.length - 1].n} assignments → ${large}`,
    );
    expect(large).toBe(small);
  });

  it('a reviewer’s assignments', async () => {
    const rev = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    const n = await count(
      '{ myAssignments { id round { id criteria { key } } project { title direction { number } team { person { name } } } review { version } } }',
      {},
      rev,
    );
    expect(n).toBeLessThan(15);
  });

  it('a reviewer’s own confidential comments: one lookup for all their reviews', async () => {
    const byCount: { email: string; n: number }[] = await t.db.query(
      `SELECT u.email, count(r.id)::int AS n FROM users u JOIN assignments a ON a.reviewer_id = u.id AND a.status = 'ACTIVE'
         JOIN reviews r ON r.assignment_id = a.id JOIN review_rounds rr ON rr.id = a.round_id AND rr.status <> 'DRAFT'
        WHERE u.email LIKE 'reviewer%@demo.local' GROUP BY u.email ORDER BY n, u.email`,
    );
    const few = byCount[0];
    const many = byCount[byCount.length - 1];
    expect(many.n).toBeGreaterThan(few.n);
    const Q = '{ myAssignments { id review { confidentialComment } } }';
    const a = await count(Q, {}, (await t.login(few.email, 'demo-reviewer')).accessToken);
    const b = await count(Q, {}, (await t.login(many.email, 'demo-reviewer')).accessToken);
    console.log(`statements: ${few.n} reviews → ${a}, ${many.n} reviews → ${b}`);
    expect(b).toBe(a);
  });
});
