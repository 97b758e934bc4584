import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

interface Pair {
  projectId: string;
  reviewerId: string;
  covers: string | null;
  affinity: number;
}

/**
 * Applying a run's preview writes exactly its pairs (streamed with COPY, each with its discipline
 * and affinity), refuses a preview that a conflict detected since has made stale (nothing written),
 * and refuses a second apply of the same run.
 */
describe('applying an assignment run', () => {
  let t: TestApp;
  let officer: string;
  let roundId: string;
  let runId: string;
  let added: Pair[];
  const apply = () =>
    t.gql<{ applyAssignmentRun: { added: number; removed: number } }>(
      'mutation($id:ID!){ applyAssignmentRun(runId:$id){ added removed } }',
      { id: runId },
      officer,
    );
  const assigned = async () =>
    (await t.db.query(
      `SELECT application_id AS "projectId", reviewer_id AS "reviewerId", covers, affinity
         FROM assignments WHERE round_id = $1 AND status = 'ACTIVE' ORDER BY 1, 2`,
      [roundId],
    )) as Pair[];

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    [{ id: roundId }] = await t.db.query(
      `INSERT INTO review_rounds (program_id, kind, name_zh, name_en, status, opens_at, closes_at, reviewers_per_project, criteria, recommendation_options)
       SELECT program_id, 'INITIAL', '应用测试', 'Apply test', 'DRAFT', now() + interval '1 day', now() + interval '9 days', 3, criteria, recommendation_options
         FROM review_rounds WHERE kind = 'INITIAL' ORDER BY opens_at LIMIT 1 RETURNING id`,
    );
    await t.db.query(
      `INSERT INTO round_projects (round_id, application_id) SELECT $1, id FROM applications ORDER BY external_id LIMIT 12`,
      [roundId],
    );
    const detected = await t.gql('mutation($r:ID!){ detectConflicts(roundId:$r){ pairs } }', { r: roundId }, officer);
    expect(detected.errors).toBeUndefined();
    const run = await t.gql<{ generateAssignments: { id: string } }>(
      'mutation($r:ID!){ generateAssignments(roundId:$r){ id } }',
      { r: roundId },
      officer,
    );
    expect(run.errors).toBeUndefined();
    runId = run.data!.generateAssignments.id;
    for (let i = 0; i < 300; i++) {
      const s = await t.gql<{
        assignmentRun: { status: string; preview: { status: string; added: Pair[] } | null };
      }>(
        'query($id:ID!){ assignmentRun(id:$id){ status preview { status added { projectId reviewerId covers affinity } } } }',
        { id: runId },
        officer,
      );
      if (s.data?.assignmentRun.status === 'DONE') {
        expect(s.data.assignmentRun.preview!.status).toBe('optimal');
        added = s.data.assignmentRun.preview!.added;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(added.length).toBe(12 * 3);
  });
  afterAll(() => t.close());

  it('refuses a preview that a conflict detected since has made stale, writing nothing', async () => {
    const [pair] = added;
    await t.db.query(
      `INSERT INTO conflicts (round_id, application_id, reviewer_id, rule, evidence, source)
       VALUES ($1, $2, $3, 'COAUTHOR', 'found after the preview', 'DETECTED')`,
      [roundId, pair.projectId, pair.reviewerId],
    );
    const refused = await apply();
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT_OF_INTEREST');
    expect(await assigned()).toEqual([]);
    const run = await t.gql<{ assignmentRun: { preview: { appliedAt: string | null } } }>(
      'query($id:ID!){ assignmentRun(id:$id){ preview { appliedAt } } }',
      { id: runId },
      officer,
    );
    expect(run.data!.assignmentRun.preview.appliedAt).toBeNull();
    // an officer's override clears the pair: the same preview applies
    await t.db.query(
      `INSERT INTO conflict_overrides (round_id, application_id, reviewer_id, reason, overridden_by)
       SELECT $1, $2, $3, 'checked: an old paper', id FROM users WHERE email = 'officer@demo.local'`,
      [roundId, pair.projectId, pair.reviewerId],
    );
  });

  it('writes exactly the preview’s pairs, each with its discipline and affinity, and marks the run applied', async () => {
    const done = await apply();
    expect(done.errors).toBeUndefined();
    expect(done.data!.applyAssignmentRun).toEqual({ added: 36, removed: 0 });
    const byKey = (p: Pair) => `${p.projectId}|${p.reviewerId}`;
    const want = [...added].sort((a, b) => byKey(a).localeCompare(byKey(b)));
    const got = (await assigned()).sort((a, b) => byKey(a).localeCompare(byKey(b)));
    expect(got.map(byKey)).toEqual(want.map(byKey));
    for (const [i, g] of got.entries()) {
      expect(g.covers).toBe(want[i].covers);
      expect(g.affinity).toBeCloseTo(want[i].affinity, 9);
    }
    const run = await t.gql<{ assignmentRun: { preview: { appliedAt: string | null } } }>(
      'query($id:ID!){ assignmentRun(id:$id){ preview { appliedAt } } }',
      { id: runId },
      officer,
    );
    expect(run.data!.assignmentRun.preview.appliedAt).not.toBeNull();
    const again = await apply();
    expect(again.errors?.[0].message).toMatch(/applied already/);
    expect((await assigned()).length).toBe(36);
  });
});
