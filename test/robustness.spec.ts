import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

/**
 * Inputs a client can send that used to end in INTERNAL_SERVER_ERROR (found by a schema fuzzer
 * and a red-team pass): each now gets a coded answer, and the round they touch keeps working.
 */
describe('no internal error from any input', () => {
  let t: TestApp;
  let officer: string;
  let admin: string;
  let midterm: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    admin = (await t.login('admin@demo.local', 'demo-admin')).accessToken;
    midterm = (await t.db.query(`SELECT id FROM review_rounds WHERE kind = 'MIDTERM'`))[0].id;
  });
  afterAll(() => t.close());

  async function runToEnd(input: object) {
    const run = await t.gql<{ generateAssignments: { id: string } }>(
      'mutation($r:ID!,$i:AssignmentOptions){ generateAssignments(roundId:$r, input:$i){ id } }',
      { r: midterm, i: input },
      officer,
    );
    expect(run.errors).toBeUndefined();
    for (let i = 0; i < 300; i++) {
      const s = await t.gql<{ assignmentRun: { status: string; message: string | null } }>(
        'query($id:ID!){ assignmentRun(id:$id){ status message } }',
        { id: run.data!.generateAssignments.id },
        officer,
      );
      const st = s.data!.assignmentRun;
      if (st.status === 'DONE' || st.status === 'FAILED') return st;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the run did not end');
  }

  it('an unknown round in midtermGrades is NOT_FOUND', async () => {
    const r = await t.gql(
      'query($r:ID!){ midtermGrades(roundId:$r){ grade } }',
      {
        r: '00000000-0000-4000-8000-000000000000',
      },
      officer,
    );
    expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('an e-mail with a lone surrogate is BAD_USER_INPUT', async () => {
    const r = await t.gql(
      'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      { i: { email: 'x\ud800@demo.local', name: 'X', roles: ['REVIEWER'], password: 'Long-enough-Passw0rd' } },
      admin,
    );
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a minimum load without a maximum is taken at request time and the job does not fail on it', async () => {
    const st = await runToEnd({ minLoad: 8 });
    expect(st.status).toBe('DONE');
  });

  it('a reviewer who is a team member of a project outside the round does not break the round', async () => {
    // reviewer7's account becomes a team member of an application that is not in the mid-term round
    const [outside] = await t.db.query(
      `SELECT a.id FROM applications a WHERE a.id NOT IN (SELECT application_id FROM round_projects WHERE round_id = $1) LIMIT 1`,
      [midterm],
    );
    const [rev] = await t.db.query(`SELECT person_id FROM users WHERE email = 'reviewer7@demo.local'`);
    await t.db.query(
      `INSERT INTO team_members (application_id, person_id, role, discipline, position) VALUES ($1, $2, 'MEMBER', 'MATH', 99)`,
      [outside.id, rev.person_id],
    );
    const d = await t.gql('mutation($r:ID!){ detectConflicts(roundId:$r){ pairs } }', { r: midterm }, officer);
    expect(d.errors).toBeUndefined();
    const stored = await t.db.query(
      `SELECT count(*)::int AS n FROM conflicts WHERE round_id = $1
          AND application_id NOT IN (SELECT application_id FROM round_projects WHERE round_id = $1)`,
      [midterm],
    );
    expect(stored[0].n).toBe(0);
    expect((await runToEnd({})).status).toBe('DONE');
  });

  it('exclusions and detection racing over two open rounds neither deadlock nor fail', async () => {
    // a second open round beside the mid-term one
    const [program] = await t.db.query(`SELECT id FROM programs LIMIT 1`);
    const created = await t.gql<{ createRound: { id: string } }>(
      'mutation($p:ID!,$i:CreateRoundInput!){ createRound(programId:$p, input:$i){ id } }',
      {
        p: program.id,
        i: {
          kind: 'INITIAL',
          nameZh: '并发测试',
          nameEn: 'concurrency',
          opensAt: new Date(Date.now() - 3600e3).toISOString(),
          closesAt: '2099-12-31T16:00:00+08:00',
          reviewersPerProject: 3,
        },
      },
      officer,
    );
    expect(created.errors).toBeUndefined();
    const second = created.data!.createRound.id;
    const projects: { application_id: string }[] = await t.db.query(
      `SELECT application_id FROM round_projects WHERE round_id = $1 LIMIT 5`,
      [midterm],
    );
    const persons: { person_id: string }[] = await t.db.query(
      `SELECT person_id FROM users WHERE 'REVIEWER' = ANY(roles) ORDER BY email LIMIT 3`,
    );
    const calls: Promise<{ errors?: { extensions?: { code?: string } }[] }>[] = [];
    for (let i = 0; i < 20; i++) {
      if (i % 2 === 0)
        calls.push(
          t.gql(
            'mutation($p:ID!,$ids:[ID!]!){ setApplicantExclusions(projectId:$p, personIds:$ids) }',
            { p: projects[i % projects.length].application_id, ids: [persons[i % persons.length].person_id] },
            officer,
          ),
        );
      else
        calls.push(
          t.gql(
            'mutation($r:ID!){ detectConflicts(roundId:$r){ pairs } }',
            { r: i % 4 === 1 ? midterm : second },
            officer,
          ),
        );
    }
    const results = await Promise.all(calls);
    expect(results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual([]);
  }, 60_000);
});

describe('conflict policy per round', () => {
  let t: TestApp;
  let officer: string;
  let midterm: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    midterm = (await t.db.query(`SELECT id FROM review_rounds WHERE kind = 'MIDTERM'`))[0].id;
  });
  afterAll(() => t.close());

  const coauthors = async () =>
    (
      await t.db.query(`SELECT count(*)::int AS n FROM conflicts WHERE round_id = $1 AND rule = 'COAUTHOR'`, [midterm])
    )[0].n as number;
  const setPolicy = (policy: object) =>
    t.gql<{ updateRound: { settings: { conflictPolicy: { preset: string; collaboratorYears: number } } } }>(
      'mutation($r:ID!,$p:ConflictPolicyInput!){ updateRound(roundId:$r, input:{ settings: { conflictPolicy: $p } }){ settings { conflictPolicy { preset collaboratorYears formerAffiliationYears } } } }',
      { r: midterm, p: policy },
      officer,
    );

  it('shows the windows in use, re-detects when the policy changes, and refuses bad windows', async () => {
    const r = await t.gql<{ reviewRound: { settings: { conflictPolicy: object } } }>(
      'query($r:ID!){ reviewRound(id:$r){ settings { conflictPolicy { preset collaboratorYears formerAffiliationYears } } } }',
      { r: midterm },
      officer,
    );
    expect(r.data!.reviewRound.settings.conflictPolicy).toEqual({
      preset: 'DEFAULT',
      collaboratorYears: 5,
      formerAffiliationYears: 3,
    });
    // reviewer3 co-authored a paper in 2024 with the lead of a project of this round
    const [lead] = await t.db.query(
      `SELECT tm.person_id FROM round_projects rp JOIN team_members tm ON tm.application_id = rp.application_id
        WHERE rp.round_id = $1 AND tm.role = 'PI' LIMIT 1`,
      [midterm],
    );
    const [rev] = await t.db.query(`SELECT person_id FROM users WHERE email = 'reviewer3@demo.local'`);
    const [pub] = await t.db.query(
      `INSERT INTO publications (external_id, title, year) VALUES ('doi:10.1000/policy.test', 'p', 2024) RETURNING id`,
    );
    await t.db.query(`INSERT INTO publication_authors (publication_id, person_id) VALUES ($1, $2), ($1, $3)`, [
      pub.id,
      lead.person_id,
      rev.person_id,
    ]);
    await t.gql('mutation($r:ID!){ detectConflicts(roundId:$r){ pairs } }', { r: midterm }, officer);
    const before = await coauthors();
    expect(before).toBeGreaterThan(0);
    // papers count for 0 years: the co-authorship conflicts go, at once
    const none = await setPolicy({ preset: 'NSF', collaboratorYears: 0 });
    expect(none.errors).toBeUndefined();
    expect(none.data!.updateRound.settings.conflictPolicy).toMatchObject({ preset: 'NSF', collaboratorYears: 0 });
    expect(await coauthors()).toBe(0);
    // NSF's own window (4 years) covers the 2024 paper again
    await setPolicy({ preset: 'NSF' });
    expect(await coauthors()).toBe(before);
    // the window's edge, as the library draws it: a paper of the first year counts, of the year before not
    // (the API reads only the window's papers: the same edge, in SQL)
    const [{ y }] = await t.db.query(`SELECT extract(year FROM opens_at)::int AS y FROM review_rounds WHERE id = $1`, [
      midterm,
    ]);
    await setPolicy({ preset: 'NSF', collaboratorYears: y - 2024 });
    expect(await coauthors()).toBe(before);
    await setPolicy({ preset: 'NSF', collaboratorYears: y - 2025 });
    expect(await coauthors()).toBeLessThan(before);
    await setPolicy({ preset: 'NSF' });
    const bad = await setPolicy({ preset: 'NIH', collaboratorYears: 200 });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(/collaboratorYears/);
    const audit = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'round.update'`,
      [midterm],
    );
    expect(audit[0].n).toBe(5);
  });
});
