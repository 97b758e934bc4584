import ExcelJS from 'exceljs';
import { DEMO_INELIGIBLE, demoApplicationRows, rowsToCsv } from '../apps/api/src/seed/demo-applications';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

type Row = ReturnType<typeof demoApplicationRows>[number];

describe('applications: import, screening (形式审查), overrides', () => {
  let t: TestApp;
  let officer: string;
  let programId: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app, { rounds: false });
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    const r = await t.gql<{ programs: { id: string }[] }>('{ programs { id } }', {}, officer);
    programId = r.data!.programs[0].id;
  });
  afterAll(() => t.close());

  const count = async () => Number((await t.db.query('SELECT count(*) AS n FROM applications'))[0].n);
  const upload = (buf: Buffer, name = 'apps.csv', token = officer) =>
    t.http
      .post(`/imports/applications?programId=${programId}`)
      .set('authorization', `Bearer ${token}`)
      .attach('file', buf, name);

  it('the demo call has 40 applications, screened, with exactly the planted ineligible ones', async () => {
    const r = await t.gql<{
      projects: {
        externalId: string;
        status: string;
        team: unknown[];
        eligibility: { eligible: boolean; failures: { rule: string; message: string }[] };
      }[];
    }>(
      'query($p:ID!){ projects(programId:$p){ externalId status team { role } eligibility { eligible failures { rule message } } } }',
      { p: programId },
      officer,
    );
    expect(r.errors).toBeUndefined();
    const ps = r.data!.projects;
    expect(ps).toHaveLength(40);
    const ineligible = Object.fromEntries(
      ps.filter((p) => !p.eligibility.eligible).map((p) => [p.externalId, p.eligibility.failures.map((f) => f.rule)]),
    );
    expect(ineligible).toEqual(DEMO_INELIGIBLE);
    for (const p of ps) {
      expect(p.status).toBe(p.eligibility.eligible ? 'ELIGIBLE' : 'INELIGIBLE');
      expect(p.team.length).toBeGreaterThanOrEqual(4);
      expect(p.team.length).toBeLessThanOrEqual(8);
    }
    // APP-2023-012 was submitted at 07:59Z = 15:59 Beijing time: inside the window
    expect(ps.find((p) => p.externalId === 'APP-2023-012')!.eligibility.eligible).toBe(true);
    expect(ps.find((p) => p.externalId === 'APP-2023-014')!.eligibility.failures[0].message).toMatch(
      /2023-10-20T16:05:00\+08:00/,
    );
    // reasons name persons, institutions and applications as people know them, never by database id
    const reasons = ps.flatMap((p) => p.eligibility.failures.map((f) => f.message));
    expect(reasons.length).toBeGreaterThan(5);
    for (const m of reasons) expect(m).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(reasons.some((m) => /APP-2023-\d{3}/.test(m) || /大学|研究院|实验室/.test(m))).toBe(true);
  });

  it('filters by direction and resolves team, institutions and direction without N+1', async () => {
    const r = await t.gql<{
      projects: {
        direction: { number: number };
        leadInstitution: { name: string };
        cooperatingInstitutions: { name: string }[];
        team: { person: { name: string }; role: string; discipline: string }[];
      }[];
    }>(
      'query($p:ID!){ projects(programId:$p, directionNumber: 3){ direction { number } leadInstitution { name } cooperatingInstitutions { name } team { role discipline person { name } } } }',
      { p: programId },
      officer,
    );
    expect(r.data!.projects.length).toBe(3);
    for (const p of r.data!.projects) {
      expect(p.direction.number).toBe(3);
      expect(p.team.filter((m) => m.role === 'PI')).toHaveLength(1);
      expect(p.leadInstitution.name).toBeTruthy();
    }
  });

  it('keeps applications from reviewers and anonymous callers', async () => {
    const rev = await t.login('reviewer1@demo.local', 'demo-reviewer');
    expect(
      (await t.gql('query($p:ID!){ projects(programId:$p){ id } }', { p: programId }, rev.accessToken)).errors?.[0]
        .extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await t.gql('query($p:ID!){ projects(programId:$p){ id } }', { p: programId })).errors?.[0].extensions?.code,
    ).toBe('UNAUTHENTICATED');
    expect((await upload(rowsToCsv([]), 'x.csv', rev.accessToken)).status).toBe(403);
    expect(
      (await t.http.post(`/imports/applications?programId=${programId}`).attach('file', rowsToCsv([]), 'x.csv')).status,
    ).toBe(401);
  });

  const newApp = (id: string, over: Partial<Row> = {}): Row[] => {
    const base = demoApplicationRows().filter((r) => r.application_id === 'APP-2023-001');
    return base.map((r, j) => ({
      ...r,
      application_id: id,
      member_person_id: `${id}-M${j}`,
      member_email: `${id.toLowerCase()}.${j}@szu.edu.cn`,
      ...over,
    }));
  };

  it('imports a CSV, and a re-import of the same id updates instead of duplicating', async () => {
    const before = await count();
    const r1 = await upload(rowsToCsv(newApp('NEW-001')));
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ imported: 1, created: 1, updated: 0 });
    expect(await count()).toBe(before + 1);
    const rows = newApp('NEW-001', { title_zh: '修改后的题目' }).slice(0, 4);
    const r2 = await upload(rowsToCsv(rows));
    expect(r2.body).toMatchObject({ imported: 1, created: 0, updated: 1 });
    expect(await count()).toBe(before + 1);
    const stored = await t.db.query(
      `SELECT a.title_zh, a.status, (SELECT count(*) FROM team_members m WHERE m.application_id = a.id) AS members FROM applications a WHERE external_id = 'NEW-001'`,
    );
    expect(stored).toEqual([{ title_zh: '修改后的题目', status: 'SUBMITTED', members: '4' }]);
  });

  it('imports an XLSX workbook (told apart by content, not name)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('applications');
    const rows = newApp('XLSX-001');
    const cols = Object.keys(rows[0]);
    ws.addRow(cols);
    for (const r of rows) ws.addRow(cols.map((c) => r[c as keyof Row]));
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload(buf, 'looks-like.csv');
    expect(r.status).toBe(201);
    expect(r.body.created).toBe(1);
  });

  it('refuses a file with bad rows: every problem with line and field, and nothing stored', async () => {
    const before = await count();
    const audit = Number((await t.db.query('SELECT count(*) AS n FROM audit_log'))[0].n);
    const rows = [
      ...newApp('BAD-001'),
      ...newApp('BAD-002', { direction: '99' }),
      ...newApp('BAD-003').map((r, j) => (j === 1 ? { ...r, member_role: 'BOSS', member_email: 'not-mail' } : r)),
      ...newApp('BAD-004', { submitted_at: '2023-10-18 10:00', lead_institution: '霍格沃茨' }),
    ];
    const r = await upload(rowsToCsv(rows));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('BAD_USER_INPUT');
    const fields = r.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`);
    const lineOf = (id: string) => rows.findIndex((x) => x.application_id === id) + 2;
    expect(fields).toEqual(
      expect.arrayContaining([
        `${lineOf('BAD-002')}:direction`,
        `${lineOf('BAD-003') + 1}:member_role`,
        `${lineOf('BAD-003') + 1}:member_email`,
        `${lineOf('BAD-004')}:submitted_at`,
        `${lineOf('BAD-004')}:lead_institution`,
      ]),
    );
    expect(await count()).toBe(before);
    expect(Number((await t.db.query('SELECT count(*) AS n FROM audit_log'))[0].n)).toBe(audit);
  });

  it('refuses files that are not CSV or XLSX, empty files, unknown columns and conflicting repeated fields', async () => {
    const garbage = await upload(Buffer.from([0x00, 0x01, 0x02, 0xff]), 'x.xlsx');
    expect(garbage.status).toBe(400);
    expect(garbage.body.message).toMatch(/^file: /);
    expect((await upload(Buffer.alloc(0))).status).toBe(400);
    const unknown = await upload(
      Buffer.from(
        'application_id,direction,title_zh,member_person_id,member_name,member_role,member_discipline,salary\n',
      ),
    );
    expect(unknown.body.message).toMatch(/unknown column\(s\) salary/);
    const rows = newApp('MIX-001');
    rows[1] = { ...rows[1], budget_direct: '1' };
    const mixed = await upload(rowsToCsv(rows));
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors[0]).toMatchObject({ line: 3, field: 'budget_direct' });
    const noProgram = await t.http
      .post('/imports/applications?programId=nope')
      .set('authorization', `Bearer ${officer}`)
      .attach('file', rowsToCsv(rows), 'a.csv');
    expect(noProgram.status).toBe(400);
    expect(noProgram.body.message).toMatch(/programId/);
  });

  it('serves the template, which imports as it is', async () => {
    const csv = await t.http.get('/imports/applications/template.csv').set('authorization', `Bearer ${officer}`);
    expect(csv.status).toBe(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('application_id,direction,title_zh');
    const r = await upload(Buffer.from(csv.text));
    expect(r.status).toBe(201);
    const xlsx = await t.http
      .get('/imports/applications/template.xlsx')
      .set('authorization', `Bearer ${officer}`)
      .buffer(true);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
  });

  it('screens again and lets an officer override only with a written reason, audited and kept', async () => {
    const summary = await t.gql<{ screenApplications: { screened: number; eligible: number; ineligible: number } }>(
      'mutation($p:ID!){ screenApplications(programId:$p){ screened eligible ineligible } }',
      { p: programId },
      officer,
    );
    expect(summary.errors).toBeUndefined();
    const late = (await t.db.query(`SELECT id FROM applications WHERE external_id = 'APP-2023-014'`))[0].id;
    const short = await t.gql(
      'mutation($id:ID!){ overrideEligibility(projectId:$id, eligible:true, reason:"ok"){ status } }',
      { id: late },
      officer,
    );
    expect(short.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(short.errors?.[0].message).toMatch(/^reason:/);
    const reason = '系统故障导致提交延迟5分钟，经核实予以受理 / portal outage confirmed';
    const ok = await t.gql<{
      overrideEligibility: {
        status: string;
        eligibility: { eligible: boolean; overridden: boolean; overrideReason: string };
      };
    }>(
      'mutation($id:ID!,$r:String!){ overrideEligibility(projectId:$id, eligible:true, reason:$r){ status eligibility { eligible overridden overrideReason } } }',
      { id: late, r: reason },
      officer,
    );
    expect(ok.data!.overrideEligibility).toEqual({
      status: 'ELIGIBLE',
      eligibility: { eligible: true, overridden: true, overrideReason: reason },
    });
    const again = await t.gql<{ screenApplications: { overridden: number } }>(
      'mutation($p:ID!){ screenApplications(programId:$p){ overridden } }',
      { p: programId },
      officer,
    );
    expect(again.data!.screenApplications.overridden).toBeGreaterThanOrEqual(1);
    const row = await t.db.query('SELECT status, eligible FROM applications WHERE id = $1', [late]);
    expect(row).toEqual([{ status: 'ELIGIBLE', eligible: false }]); // the rules still say no; the override wins
    const audit = await t.db.query(
      `SELECT reason FROM audit_log WHERE entity_id = $1 AND action = 'application.override_eligibility'`,
      [late],
    );
    expect(audit).toEqual([{ reason }]);
    const rev = await t.login('reviewer2@demo.local', 'demo-reviewer');
    const refused = await t.gql(
      'mutation($id:ID!,$r:String!){ overrideEligibility(projectId:$id, eligible:false, reason:$r){ status } }',
      { id: late, r: reason },
      rev.accessToken,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses to change eligibility or re-import once review has started', async () => {
    const id = (await t.db.query(`SELECT id FROM applications WHERE external_id = 'APP-2023-001'`))[0].id;
    await t.db.query(`UPDATE applications SET status = 'UNDER_REVIEW' WHERE id = $1`, [id]);
    const r = await t.gql(
      'mutation($id:ID!){ overrideEligibility(projectId:$id, eligible:false, reason:"a long enough reason"){ status } }',
      { id },
      officer,
    );
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const rows = demoApplicationRows().filter((x) => x.application_id === 'APP-2023-001');
    const imp = await upload(rowsToCsv(rows));
    expect(imp.status).toBe(400);
    expect(imp.body.errors[0].message).toMatch(/UNDER_REVIEW/);
    await t.db.query(`UPDATE applications SET status = 'ELIGIBLE' WHERE id = $1`, [id]);
  });
});
