import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';
import { onePagePdf } from './helpers/pdf';

/** Every round of the demo's call finalized `yearsAgo` years ago (and its meetings over). */
async function finalizedAgo(t: TestApp, yearsAgo: number) {
  await t.db.query(
    `UPDATE review_rounds SET status = 'FINALIZED',
        final_snapshot = COALESCE(final_snapshot, '{}'::jsonb) || jsonb_build_object('takenAt', now() - make_interval(years => $1))`,
    [yearsAgo],
  );
  await t.db.query(`UPDATE panel_meetings SET status = 'CLOSED'`);
}

describe('retention: a call keeps its materials and reviews for set years, then they are purged', () => {
  let t: TestApp;
  let officer: string;
  let admin: string;
  let programId: string;
  const RETENTION = `query($p:ID){ retention(programId:$p){ programId code materialsYears reviewsYears lastFinalizedAt materialsDueAt reviewsDueAt materialsPurgedAt reviewsPurgedAt documents reviews } }`;
  const PURGE = `mutation($d:Boolean!){ purgeExpired(dryRun:$d){ code materials { documents files } reviews { rounds reviews assignments summaries } } }`;
  const files = () => {
    const dir = join(t.config.dataDir, 'documents');
    return existsSync(dir) ? readdirSync(dir).filter((f) => /^[0-9a-f]{64}$/.test(f)).length : 0;
  };
  const count = async (sql: string) => ((await t.db.query(sql)) as { n: number }[])[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    admin = (await t.login('admin@demo.local', 'demo-admin')).accessToken;
    [{ id: programId }] = await t.db.query(`SELECT id FROM programs ORDER BY year LIMIT 1`);
    // three files on two projects, two of them the same content (stored once)
    const projects: { id: string }[] = await t.db.query(
      `SELECT id FROM applications WHERE program_id = $1 ORDER BY external_id LIMIT 2`,
      [programId],
    );
    for (const [project, pdf] of [
      [projects[0].id, onePagePdf('a')],
      [projects[1].id, onePagePdf('a')],
      [projects[1].id, onePagePdf('b')],
    ] as const) {
      const up = await t.http
        .post(`/documents/projects/${project}?kind=PROPOSAL`)
        .set('authorization', `Bearer ${officer}`)
        .attach('file', pdf, '申请书.pdf');
      expect(up.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('is set per call by officers, checked, audited; nothing is due while a round is not finalized', async () => {
    const r = await t.gql<{
      retention: { materialsYears: number; reviewsYears: number; lastFinalizedAt: string | null }[];
    }>(RETENTION, { p: programId }, officer);
    expect(r.data!.retention[0]).toMatchObject({ materialsYears: 5, reviewsYears: 10, lastFinalizedAt: null });
    const set = (m: number, v: number) =>
      t.gql(
        'mutation($p:ID!,$m:Int!,$r:Int!){ setRetention(programId:$p, materialsYears:$m, reviewsYears:$r){ materialsYears reviewsYears } }',
        { p: programId, m, r: v },
        officer,
      );
    expect((await set(0, 10)).errors?.[0].extensions?.field).toBe('materialsYears');
    expect((await set(5, 51)).errors?.[0].extensions?.field).toBe('reviewsYears');
    expect((await set(6, 5)).errors?.[0].extensions?.field).toBe('reviewsYears');
    expect((await set(3, 8)).data).toEqual({ setRetention: { materialsYears: 3, reviewsYears: 8 } });
    const [audit] = await t.db.query(
      `SELECT before, after FROM audit_log WHERE action = 'retention.set' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual({
      before: { materialsYears: 5, reviewsYears: 10 },
      after: { materialsYears: 3, reviewsYears: 8 },
    });
    // the demo's mid-term round is still open: nothing is due, whatever the years
    expect((await t.gql(PURGE, { d: false }, admin)).data).toEqual({ purgeExpired: [] });
    // only an administrator purges by hand
    expect((await t.gql(PURGE, { d: true }, officer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('purges the documents once the materials’ years have passed (files too), after a dry run that changes nothing', async () => {
    await finalizedAgo(t, 4); // past 3 years for materials, within 8 for reviews
    const documents = await count(
      `SELECT count(*)::int AS n FROM documents d JOIN applications a ON a.id = d.application_id WHERE a.program_id = '${programId}'`,
    );
    const distinct = await count(`SELECT count(DISTINCT sha256)::int AS n FROM documents`);
    const reviews = await count(`SELECT count(*)::int AS n FROM reviews`);
    expect([documents, distinct]).toEqual([3, 2]);
    expect(files()).toBe(distinct);
    const dry = await t.gql<{ purgeExpired: unknown[] }>(PURGE, { d: true }, admin);
    expect(dry.data!.purgeExpired).toEqual([
      { code: expect.any(String), materials: { documents, files: distinct }, reviews: null },
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM documents`)).toBe(documents);
    const done = await t.gql<{ purgeExpired: unknown[] }>(PURGE, { d: false }, admin);
    expect(done.data!.purgeExpired).toEqual(dry.data!.purgeExpired);
    expect(await count(`SELECT count(*)::int AS n FROM documents`)).toBe(0);
    expect(files()).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM reviews`)).toBe(reviews);
    const [a] = await t.db.query(
      `SELECT actor_id, after FROM audit_log WHERE action = 'retention.purge_materials' ORDER BY id DESC LIMIT 1`,
    );
    expect(a.after.documents).toBe(documents);
    const r = await t.gql<{ retention: { documents: number; materialsPurgedAt: string | null }[] }>(
      RETENTION,
      { p: programId },
      officer,
    );
    expect(r.data!.retention[0]).toMatchObject({ documents: 0, materialsPurgedAt: expect.any(String) });
    // run again: nothing left to do
    expect((await t.gql(PURGE, { d: false }, admin)).data).toEqual({ purgeExpired: [] });
  });

  it('the command line says what a later night would purge (npm run -s cli -- purge-expired --dry-run --now …)', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['scripts/cli.mjs', 'purge-expired', ...args], {
        cwd: join(__dirname, '..'),
        env: { ...process.env, DATABASE_URL: t.url, DATA_DIR: t.config.dataDir, NODE_ENV: 'test' },
        encoding: 'utf8',
      });
    // the reviews' 8 years from a finalization 4 years ago: not yet today, due in 2100
    expect(JSON.parse(run(['--dry-run']).stdout).calls).toEqual([]);
    const later = run(['--dry-run', '--now', '2100-01-01T00:00:00+08:00']);
    expect(later.stderr).toBe('');
    const report = JSON.parse(later.stdout);
    expect(report).toMatchObject({ dryRun: true, now: '2099-12-31T16:00:00.000Z' });
    expect(report.calls).toEqual([
      {
        programId,
        code: expect.any(String),
        materials: null,
        reviews: {
          due: true,
          rounds: expect.any(Number),
          reviews: expect.any(Number),
          assignments: expect.any(Number),
          summaries: expect.any(Number),
        },
      },
    ]);
    const bad = run(['--now', 'soon']);
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/^error: --now: an ISO time/)]);
  });

  it('replaces the reviews by anonymised summaries once their years have passed; decisions and the audit stay', async () => {
    await finalizedAgo(t, 9);
    // the summaries, worked out here from the reviews as stored
    const rows: {
      round_id: string;
      application_id: string;
      total: number;
      scores: Record<string, number>;
      recommendation: string | null;
    }[] = await t.db.query(
      `SELECT a.round_id, a.application_id, v.total, v.scores, v.recommendation FROM reviews v JOIN assignments a ON a.id = v.assignment_id WHERE v.status = 'SUBMITTED'`,
    );
    const byProject = new Map<string, typeof rows>();
    for (const r of rows)
      byProject.set(`${r.round_id}|${r.application_id}`, [
        ...(byProject.get(`${r.round_id}|${r.application_id}`) ?? []),
        r,
      ]);
    const decisions = await count(`SELECT count(*)::int AS n FROM funding_decisions`);
    const reviews = await count(`SELECT count(*)::int AS n FROM reviews`);
    const assignments = await count(`SELECT count(*)::int AS n FROM assignments`);
    const rounds = await count(`SELECT count(*)::int AS n FROM review_rounds`);
    const done = await t.gql<{ purgeExpired: unknown[] }>(PURGE, { d: false }, admin);
    expect(done.data!.purgeExpired).toEqual([
      {
        code: expect.any(String),
        materials: null,
        reviews: { rounds, reviews, assignments, summaries: byProject.size },
      },
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM reviews`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM assignments`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM funding_decisions`)).toBe(decisions);
    const summaries: {
      round_id: string;
      application_id: string;
      reviews: number;
      mean: number;
      criteria: Record<string, number>;
      recommendations: Record<string, number>;
    }[] = await t.db.query(`SELECT * FROM review_summaries`);
    expect(summaries).toHaveLength(byProject.size);
    for (const s of summaries) {
      const mine = byProject.get(`${s.round_id}|${s.application_id}`)!;
      expect(s.reviews).toBe(mine.length);
      expect(s.mean).toBeCloseTo(mine.reduce((x, r) => x + r.total, 0) / mine.length, 9);
      for (const k of Object.keys(mine[0].scores))
        expect(s.criteria[k]).toBeCloseTo(mine.reduce((x, r) => x + Number(r.scores[k]), 0) / mine.length, 9);
      const recs: Record<string, number> = {};
      for (const r of mine) if (r.recommendation) recs[r.recommendation] = (recs[r.recommendation] ?? 0) + 1;
      expect(s.recommendations).toEqual(recs);
      // no reviewer in what remains
      expect(Object.keys(s).sort()).toEqual(
        ['application_id', 'created_at', 'criteria', 'id', 'mean', 'recommendations', 'reviews', 'round_id'].sort(),
      );
    }
    const one = summaries[0];
    const listed = await t.gql<{ reviewSummaries: { reviews: number; mean: number }[] }>(
      'query($r:ID!){ reviewSummaries(roundId:$r){ projectId reviews mean } }',
      { r: one.round_id },
      officer,
    );
    expect(listed.data!.reviewSummaries.length).toBe(summaries.filter((s) => s.round_id === one.round_id).length);
    const trail = await count(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'retention.purge_%'`);
    expect(trail).toBe(2);
  });
});

describe('an expert’s own data, and closing the account', () => {
  let t: TestApp;
  let reviewer: { id: string; email: string; person_id: string | null };
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    [reviewer] = await t.db.query(
      `SELECT u.id, u.email, u.person_id FROM users u WHERE u.email = 'reviewer1@demo.local'`,
    );
    token = (await t.login(reviewer.email, 'demo-reviewer')).accessToken;
  });
  afterAll(() => t.close());

  it('downloads everything held about the account as JSON, and nothing of anyone else', async () => {
    expect((await t.http.get('/account/data.json')).status).toBe(401);
    const r = await t.http.get('/account/data.json').set('authorization', `Bearer ${token}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="my-data\.json"/);
    const data = JSON.parse(r.text);
    expect(data.account).toMatchObject({ id: reviewer.id, email: reviewer.email });
    expect(data.account.passwordHash).toBeUndefined();
    const [{ n: assignments }] = await t.db.query(`SELECT count(*)::int AS n FROM assignments WHERE reviewer_id = $1`, [
      reviewer.id,
    ]);
    expect(data.reviews).toHaveLength(assignments);
    const [{ n: pledges }] = await t.db.query(`SELECT count(*)::int AS n FROM pledges WHERE user_id = $1`, [
      reviewer.id,
    ]);
    expect(data.pledges).toHaveLength(pledges);
    // another reviewer's e-mail appears nowhere
    const [other] = await t.db.query(`SELECT email FROM users WHERE email = 'reviewer2@demo.local'`);
    expect(r.text).not.toContain(other.email);
    const [audit] = await t.db.query(`SELECT actor_id FROM audit_log WHERE action = 'account.export'`);
    expect(audit.actor_id).toBe(reviewer.id);
  });

  it('closes the account only with the password and once no work is open; reviews stay under a code', async () => {
    const close = (password: string, as = token) =>
      t.gql<{ closeMyAccount: boolean }>('mutation($p:String!){ closeMyAccount(password:$p) }', { p: password }, as);
    expect((await close('wrong-password')).errors?.[0].extensions?.field).toBe('password');
    const busy = await close('demo-reviewer');
    expect(busy.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'account',
      reason: 'WORK_OPEN',
    });
    // an officer is closed by an administrator
    const officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    expect((await close('demo-officer', officer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await finalizedAgo(t, 0);
    await t.db.query(`UPDATE invitations SET status = 'DECLINED' WHERE status IN ('PENDING','ACCEPTED')`);
    const reviewsBefore: { id: string }[] = await t.db.query(
      `SELECT v.id FROM reviews v JOIN assignments a ON a.id = v.assignment_id WHERE a.reviewer_id = $1 ORDER BY v.id`,
      [reviewer.id],
    );
    expect((await close('demo-reviewer')).data).toEqual({ closeMyAccount: true });
    const [u] = await t.db.query(`SELECT name, email, disabled, closed_at FROM users WHERE id = $1`, [reviewer.id]);
    expect(u).toMatchObject({
      name: expect.stringMatching(/^已注销 E[0-9A-F]{9}$/),
      disabled: true,
      closed_at: expect.any(Date),
    });
    expect(u.email).not.toContain('reviewer1');
    if (reviewer.person_id) {
      const [p] = await t.db.query(`SELECT name, emails, orcid, in_pool FROM persons WHERE id = $1`, [
        reviewer.person_id,
      ]);
      expect(p).toEqual({ name: u.name.replace('已注销 ', ''), emails: [], orcid: null, in_pool: false });
    }
    // the session is over and the old password opens nothing
    expect((await t.gql('{ me { id } }', {}, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const again = await t.gql(
      'mutation { login(email:"reviewer1@demo.local", password:"demo-reviewer") { accessToken } }',
    );
    expect(again.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // the reviews written stay, under the code
    const reviewsAfter: { id: string }[] = await t.db.query(
      `SELECT v.id FROM reviews v JOIN assignments a ON a.id = v.assignment_id WHERE a.reviewer_id = $1 ORDER BY v.id`,
      [reviewer.id],
    );
    expect(reviewsAfter).toEqual(reviewsBefore);
    const [audit] = await t.db.query(`SELECT after FROM audit_log WHERE action = 'account.close'`);
    expect(audit.after.code).toBe(u.name.replace('已注销 ', ''));
  });
});
