import { demoApplicationRows, rowsToCsv } from '../apps/api/src/seed/demo-applications';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

/** The expert pool (专家库) and the institutions (单位库): imports, identity by e-mail / ORCID, edits, accounts. */
describe('the expert pool', () => {
  let t: TestApp;
  let officer: string;
  let programId: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    programId = (await t.db.query(`SELECT id FROM programs`))[0].id;
  });
  afterAll(() => t.close());

  const post = (path: string, body: string | Buffer, name = 'file.csv') =>
    t.http.post(path).set('authorization', `Bearer ${officer}`).attach('file', Buffer.from(body), name);
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);
  const HEAD = 'expert_id,name,name_en,emails,orcid,title,disciplines,application_codes,keywords,institution,from,to';

  it('imports institutions all or nothing, finding one again by alias; a dry run changes nothing', async () => {
    const before = await n('SELECT count(*) AS n FROM institutions');
    const csv =
      'name,name_en,aliases,email_domains,city\n北京大学,Peking University,北京大学医学部,bjmu.edu.cn,北京\n鹏城实验室南山基地,,鹏城南山,,深圳\n';
    const dry = await post('/imports/institutions?dryRun=true', csv);
    expect(dry.status).toBe(201);
    expect(dry.body).toEqual({ dryRun: true, imported: 2, created: 1, updated: 1 });
    expect(await n('SELECT count(*) AS n FROM institutions')).toBe(before);
    const real = await post('/imports/institutions', csv);
    expect(real.body).toMatchObject({ dryRun: false, created: 1, updated: 1 });
    expect(await n('SELECT count(*) AS n FROM institutions')).toBe(before + 1);
    const [pku] = await t.db.query(`SELECT aliases, email_domains FROM institutions WHERE name = '北京大学'`);
    expect(pku.aliases).toEqual(expect.arrayContaining(['PKU', '北大', '北京大学医学部']));
    expect(pku.email_domains).toEqual(['pku.edu.cn', 'bjmu.edu.cn']);
    const bad = await post('/imports/institutions', 'name,email_domains\n清华大学,not a domain\n,x.cn\n');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual([
      '2:email_domains',
      '3:name',
    ]);
  });

  it('refuses a bad expert file with every problem by line and column, storing nothing', async () => {
    const before = await n('SELECT count(*) AS n FROM persons');
    const csv = [
      HEAD,
      'E-1,王一,,wangyi@pku.edu.cn,,教授,MATH;CHEMISTRY,A0116,谱图,北京大学,2015-09,',
      'E-1,,,,,,,,,火星大学,2010,2015',
      'E-2,,,not-an-email,,,IT,,,清华大学,,',
      'E-3,赵三,,zhaosan@pku.edu.cn,0000-0002-1825-009,,MEDICINE,X1,,北京大学,2020-13-01,',
      'E-4,钱四,,WANGYI@pku.edu.cn,,,IT,,,,,',
    ].join('\n');
    const r = await post('/imports/experts', csv);
    expect(r.status).toBe(400);
    const got = r.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`);
    expect(got).toEqual(
      expect.arrayContaining([
        '2:disciplines',
        '3:institution',
        '4:name',
        '4:emails',
        '5:orcid',
        '5:application_codes',
        '5:from',
        '6:emails',
      ]),
    );
    expect(r.body.errors.find((e: { line: number }) => e.line === 6).messageZh).toMatch(/第 2 行是同一人/);
    expect(await n('SELECT count(*) AS n FROM persons')).toBe(before);
  });

  it('imports experts with dated affiliations; an applicant already stored is the same person by e-mail, not a second one', async () => {
    const [member] = await t.db.query(
      `SELECT p.id, p.name, p.emails[1] AS email FROM persons p JOIN team_members tm ON tm.person_id = p.id
        WHERE NOT p.in_pool ORDER BY p.external_id LIMIT 1`,
    );
    const persons = await n('SELECT count(*) AS n FROM persons');
    const csv = [
      HEAD,
      'E-1,王一,Wang Yi,wangyi@pku.edu.cn,0000-0002-1825-0097,教授,数学;IT,A0116;F0201,谱图;随机矩阵,北大,2015-09,',
      'E-1,,,,,,,,,清华大学,2008,2015-08',
      `,${member.name},,${member.email.toUpperCase()},,主任医师,MEDICINE,H18,医学影像,深圳大学,2019,`,
    ].join('\n');
    const dry = await post('/imports/experts?dryRun=true', csv);
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ dryRun: true, created: 1, updated: 1 });
    expect(dry.body.experts[1]).toMatchObject({ action: 'UPDATE', matchedBy: `emails ${member.email}` });
    expect(await n('SELECT count(*) AS n FROM persons')).toBe(persons);
    const r = await post('/imports/experts', csv);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ created: 1, updated: 1 });
    expect(await n('SELECT count(*) AS n FROM persons')).toBe(persons + 1);
    const [same] = await t.db.query(`SELECT in_pool, title, application_codes FROM persons WHERE id = $1`, [member.id]);
    expect(same).toEqual({ in_pool: true, title: '主任医师', application_codes: ['H18'] });
    const e = await t.gql<{
      experts: {
        total: number;
        items: {
          name: string;
          disciplines: string[];
          affiliations: { institution: string; from: string; to: string | null }[];
        }[];
      };
    }>(
      `{ experts(search: "wangyi@") { total items { name disciplines affiliations { institution from to } } } }`,
      {},
      officer,
    );
    expect(e.data!.experts.total).toBe(1);
    expect(e.data!.experts.items[0]).toEqual({
      name: '王一',
      disciplines: ['MATH', 'IT'],
      affiliations: [
        { institution: '北京大学', from: '2015-09-01', to: null },
        { institution: '清华大学', from: '2008-01-01', to: '2015-08-31' },
      ],
    });
    // re-import by ORCID alone (a new e-mail): the same expert, e-mails merged
    const again = await post(
      '/imports/experts',
      `${HEAD}\n,王一,,wang.yi@tsinghua.edu.cn,0000-0002-1825-0097,,MATH,,,,,\n`,
    );
    expect(again.body).toMatchObject({ created: 0, updated: 1 });
    const [w] = await t.db.query(`SELECT emails FROM persons WHERE orcid = '0000-0002-1825-0097'`);
    expect(w.emails).toEqual(['wang.yi@tsinghua.edu.cn', 'wangyi@pku.edu.cn']);
  });

  it('searches and filters the pool by discipline, keyword and institution, a page at a time', async () => {
    type Page = {
      experts: { total: number; offset: number; items: { name: string; disciplines: string[]; keywords: string[] }[] };
    };
    const all = await t.gql<Page>(
      '{ experts(limit: 200) { total offset items { name disciplines keywords } } }',
      {},
      officer,
    );
    const pool = await n('SELECT count(*) AS n FROM persons WHERE in_pool');
    expect(all.data!.experts.total).toBe(pool);
    const med = await t.gql<Page>(
      '{ experts(discipline: MEDICINE, limit: 200) { total items { name disciplines keywords } } }',
      {},
      officer,
    );
    expect(med.data!.experts.total).toBe(
      await n(`SELECT count(*) AS n FROM persons WHERE in_pool AND 'MEDICINE' = ANY(disciplines)`),
    );
    expect(med.data!.experts.items.every((x) => x.disciplines.includes('MEDICINE'))).toBe(true);
    const page2 = await t.gql<Page>('{ experts(offset: 5, limit: 5) { total offset items { name } } }', {}, officer);
    expect(page2.data!.experts.items.map((x) => x.name)).toEqual(
      all.data!.experts.items.slice(5, 10).map((x) => x.name),
    );
    const inst = await t.gql<Page>(
      '{ experts(institution: "Tsinghua", limit: 200) { total items { name } } }',
      {},
      officer,
    );
    expect(inst.data!.experts.items.map((x) => x.name)).toContain('王一');
    const kw = await t.gql<Page>(
      '{ experts(keyword: "随机矩阵", limit: 200) { total items { keywords } } }',
      {},
      officer,
    );
    expect(kw.data!.experts.total).toBeGreaterThan(0);
    expect(kw.data!.experts.items.every((x) => x.keywords.some((k) => k.includes('随机矩阵')))).toBe(true);
    const bad = await t.gql('{ experts(limit: 0) { total } }', {}, officer);
    expect(bad.errors?.[0].extensions?.field).toBe('limit');
    // a search term is text, never a pattern
    const pct = await t.gql<Page>('{ experts(search: "%") { total } }', {}, officer);
    expect(pct.data!.experts.total).toBe(0);
  });

  it('edits an expert in the web: a current affiliation at a project’s institution becomes a conflict at once', async () => {
    // a reviewer with an account and a project of the open round led elsewhere
    const [pair] = await t.db.query(
      `SELECT u.id AS reviewer, u.person_id, a.id AS app, i.name AS inst
         FROM review_rounds r JOIN round_projects rp ON rp.round_id = r.id JOIN applications a ON a.id = rp.application_id
         JOIN institutions i ON i.id = a.lead_institution_id
         CROSS JOIN users u
        WHERE r.status = 'OPEN' AND u.person_id IS NOT NULL AND 'REVIEWER' = ANY(u.roles)
          AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.round_id = r.id AND c.reviewer_id = u.id AND c.application_id = a.id)
        ORDER BY u.email, a.external_id LIMIT 1`,
    );
    const { data } = await t.gql<{
      expert: {
        name: string;
        emails: string[];
        disciplines: string[];
        keywords: string[];
        affiliations: { institution: string; from: string | null; to: string | null }[];
      };
    }>(
      'query($id:ID!){ expert(id:$id) { name emails disciplines keywords affiliations { institution from to } } }',
      { id: pair.person_id },
      officer,
    );
    const ex = data!.expert;
    const input = {
      name: ex.name,
      emails: ex.emails,
      disciplines: ex.disciplines,
      keywords: ex.keywords,
      affiliations: [...ex.affiliations, { institution: pair.inst, from: '2026-01' }],
    };
    const r = await t.gql<{ updateExpert: { affiliations: { institution: string }[] } }>(
      'mutation($p:ID!,$i:ExpertInput!){ updateExpert(personId:$p, input:$i) { affiliations { institution } } }',
      { p: pair.person_id, i: input },
      officer,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.updateExpert.affiliations.map((a) => a.institution)).toContain(pair.inst);
    const c = await t.db.query(`SELECT rule FROM conflicts WHERE reviewer_id = $1 AND application_id = $2`, [
      pair.reviewer,
      pair.app,
    ]);
    expect(c.length).toBeGreaterThan(0);
    // bad input names the field and changes nothing
    const bad = await t.gql(
      'mutation($p:ID!,$i:ExpertInput!){ updateExpert(personId:$p, input:$i) { id } }',
      { p: pair.person_id, i: { ...input, affiliations: [{ institution: '火星大学' }] } },
      officer,
    );
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.field).toBe('affiliations[0].institution');
    expect(await n('SELECT count(*) AS n FROM affiliations WHERE person_id = $1', [pair.person_id])).toBe(
      input.affiliations.length,
    );
  });

  it('refuses a second record of one person, naming who holds the e-mail', async () => {
    const r = await t.gql(
      'mutation($i:ExpertInput!){ createExpert(input:$i) { id } }',
      { i: { name: '王一二', emails: ['WangYi@pku.edu.cn'], disciplines: ['MATH'] } },
      officer,
    );
    expect(r.errors?.[0].extensions?.field).toBe('emails');
    expect(r.errors?.[0].message).toMatch(/王一/);
  });

  it('an expert becomes a reviewer account without retyping, linked to the person, and signs in', async () => {
    const [p] = await t.db.query(`SELECT id FROM persons WHERE orcid = '0000-0002-1825-0097'`);
    const r = await t.gql<{ createExpertAccount: { email: string; name: string; roles: string[] } }>(
      'mutation($p:ID!){ createExpertAccount(personId:$p, password:"Wy-2026-review!", email:"wangyi@pku.edu.cn") { email name roles } }',
      { p: p.id },
      officer,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.createExpertAccount).toEqual({ email: 'wangyi@pku.edu.cn', name: '王一', roles: ['REVIEWER'] });
    const [u] = await t.db.query(`SELECT person_id FROM users WHERE email = 'wangyi@pku.edu.cn'`);
    expect(u.person_id).toBe(p.id);
    await t.login('wangyi@pku.edu.cn', 'Wy-2026-review!');
    const twice = await t.gql(
      'mutation($p:ID!){ createExpertAccount(personId:$p, password:"Wy-2026-review!") { id } }',
      { p: p.id },
      officer,
    );
    expect(twice.errors?.[0].extensions?.field).toBe('personId');
    const pool = await t.gql<{ reviewerPool: { email: string }[] }>('{ reviewerPool { email } }', {}, officer);
    expect(pool.data!.reviewerPool.map((x) => x.email)).toContain('wangyi@pku.edu.cn');
  });

  it('applications name excluded experts by e-mail, ORCID or id (at most 3), and the screen knows one person by e-mail', async () => {
    const rows = demoApplicationRows()
      .filter((r) => r.application_id === 'APP-2023-001' || r.application_id === 'APP-2023-002')
      .map((r) => ({ ...r, application_id: r.application_id!.replace('2023', '2099') }));
    // the two applications' PIs: different ids in the file, one e-mail: one person, PI twice
    // (two new records in one file: the import stores two persons, the screen sees one)
    const pis = rows.filter((r) => r.member_role === 'PI');
    pis.forEach((r, i) => Object.assign(r, { member_person_id: `PER-X${i}`, member_email: 'shared.pi@szu.edu.cn' }));
    const first = rows.filter((r) => r.application_id === 'APP-2099-001');
    first.forEach((r) => (r.excluded_reviewers = 'wangyi@pku.edu.cn;0000-0002-1825-0097;REV-003'));
    const upload = (b: Buffer) =>
      t.http
        .post(`/imports/applications?programId=${programId}`)
        .set('authorization', `Bearer ${officer}`)
        .attach('file', b, 'a.csv');
    const tooMany = first.map((r) => ({ ...r, excluded_reviewers: 'a@b.cn;c@d.cn;e@f.cn;g@h.cn' }));
    const r1 = await upload(rowsToCsv([...tooMany, ...rows.filter((r) => r.application_id !== 'APP-2099-001')]));
    expect(r1.status).toBe(400);
    expect(r1.body.errors.map((e: { field: string }) => e.field)).toContain('excluded_reviewers');
    const unknown = first.map((r) => ({ ...r, excluded_reviewers: 'nobody@nowhere.cn' }));
    const r2 = await upload(rowsToCsv([...unknown, ...rows.filter((r) => r.application_id !== 'APP-2099-001')]));
    expect(r2.status).toBe(400);
    expect(r2.body.errors[0]).toMatchObject({ field: 'excluded_reviewers', line: 2 });
    const ok = await upload(rowsToCsv(rows));
    expect(ok.body.errors).toBeUndefined();
    expect(ok.status).toBe(201);
    const ex = await t.db.query(
      `SELECT p.name FROM applicant_exclusions e JOIN applications a ON a.id = e.application_id JOIN persons p ON p.id = e.person_id
        WHERE a.external_id = 'APP-2099-001' ORDER BY p.name`,
    );
    // an e-mail and an ORCID of one expert name one person: two persons excluded
    expect(ex).toHaveLength(2);
    expect(ex.map((x: { name: string }) => x.name)).toContain('王一');
    const [app] = await t.db.query(`SELECT id FROM applications WHERE external_id = 'APP-2099-001'`);
    const seen = await t.gql<{ project: { excludedExperts: { name: string }[] } }>(
      'query($id:ID!){ project(id:$id) { excludedExperts { name } } }',
      { id: app.id },
      officer,
    );
    expect(seen.data!.project.excludedExperts.map((x) => x.name).sort()).toEqual(
      ex.map((x: { name: string }) => x.name).sort(),
    );
    // a reviewer reaches projects through assignments, and never learns who was excluded
    const rev = (await t.login('reviewer1@demo.local', 'demo-reviewer')).accessToken;
    const hidden = await t.gql('{ myAssignments { project { excludedExperts { id } } } }', {}, rev);
    expect(hidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await n(`SELECT count(*) AS n FROM persons WHERE emails @> ARRAY['shared.pi@szu.edu.cn']`)).toBe(2);
    await t.gql('mutation($p:ID!){ screenApplications(programId:$p){ screened } }', { p: programId }, officer);
    const failed = await t.db.query(
      `SELECT external_id, eligibility_failures FROM applications WHERE external_id LIKE 'APP-2099-%' ORDER BY external_id`,
    );
    for (const a of failed)
      expect(a.eligibility_failures.map((f: { rule: string }) => f.rule)).toContain('ONE_APPLICATION_PER_APPLICANT');
  });

  it('previews a publications import by e-mail: the conflicts it would add, nothing stored; then imports', async () => {
    const [pair] = await t.db.query(
      `SELECT u.email AS reviewer, p.emails[1] AS member, a.external_id
         FROM review_rounds r JOIN round_projects rp ON rp.round_id = r.id JOIN applications a ON a.id = rp.application_id
         JOIN team_members tm ON tm.application_id = a.id JOIN persons p ON p.id = tm.person_id
         CROSS JOIN users u
        WHERE r.status = 'OPEN' AND u.person_id IS NOT NULL AND 'REVIEWER' = ANY(u.roles) AND array_length(p.emails, 1) > 0
          AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.round_id = r.id AND c.reviewer_id = u.id AND c.application_id = a.id)
        ORDER BY u.email, a.external_id LIMIT 1`,
    );
    const [rev] = await t.db.query(
      `SELECT p.emails[1] AS email FROM users u JOIN persons p ON p.id = u.person_id WHERE u.email = $1`,
      [pair.reviewer],
    );
    const csv = `publication_id,year,title,authors\ndoi:10.1000/preview.1,2025,预览,${rev.email};${pair.member.toUpperCase()}\n`;
    const pubs = await n('SELECT count(*) AS n FROM publications');
    const dry = await post('/imports/publications?dryRun=true', csv);
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ dryRun: true, imported: 1, created: 1 });
    expect(dry.body.conflicts.addedCount).toBeGreaterThan(0);
    expect(dry.body.conflicts.added).toEqual([
      expect.objectContaining({ project: pair.external_id, rule: 'COAUTHOR', reviewer: expect.any(String) }),
    ]);
    expect(await n('SELECT count(*) AS n FROM publications')).toBe(pubs);
    const real = await post('/imports/publications', csv);
    expect(real.body.conflicts.addedCount).toBe(dry.body.conflicts.addedCount);
    expect(await n('SELECT count(*) AS n FROM publications')).toBe(pubs + 1);
  });

  it('takes an expert out of the pool and an import brings them back, the same person', async () => {
    const [p] = await t.db.query(`SELECT id FROM persons WHERE orcid = '0000-0002-1825-0097'`);
    const total = async () =>
      (await t.gql<{ experts: { total: number } }>('{ experts { total } }', {}, officer)).data!.experts.total;
    const before = await total();
    const r = await t.gql('mutation($p:ID!){ removeExpert(personId:$p) }', { p: p.id }, officer);
    expect(r.data).toEqual({ removeExpert: true });
    expect(await total()).toBe(before - 1);
    const again = await t.gql('mutation($p:ID!){ removeExpert(personId:$p) }', { p: p.id }, officer);
    expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const back = await post('/imports/experts', `${HEAD}\n,王一,,,0000-0002-1825-0097,,MATH,,,,,\n`);
    expect(back.body.experts[0]).toMatchObject({ action: 'UPDATE', personId: p.id });
    expect(await total()).toBe(before);
  });

  it('as an attacker tries: an oversized file, a broken workbook, and two officers importing one new expert at once', async () => {
    const persons = await n('SELECT count(*) AS n FROM persons');
    const big = await post('/imports/experts', Buffer.alloc(11 * 1024 * 1024, 0x61), 'big.csv');
    expect(big.status).toBe(413);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    const broken = await post('/imports/experts', zip, 'x.xlsx');
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].field).toBe('file');
    expect(await n('SELECT count(*) AS n FROM persons')).toBe(persons);
    // the same new person from two officers at the same moment: one record, created once, then updated
    const csv = `${HEAD}\n,孙并发,,sun.race@szu.edu.cn,,,IT,,,深圳大学,2020,\n`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => post('/imports/experts', csv)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(answers.filter((a) => a.body.created === 1)).toHaveLength(1);
    expect(await n(`SELECT count(*) AS n FROM persons WHERE emails @> ARRAY['sun.race@szu.edu.cn']`)).toBe(1);
  });

  it('serves both templates in CSV and XLSX and refuses an unknown one by field', async () => {
    for (const table of ['experts', 'institutions']) {
      const csv = await t.http.get(`/imports/${table}/template.csv`).set('authorization', `Bearer ${officer}`);
      expect(csv.status).toBe(200);
      expect(csv.text.split('\n')[0]).toMatch(table === 'experts' ? /^\uFEFFexpert_id,name/ : /^\uFEFFname,name_en/);
      const x = await t.http
        .get(`/imports/${table}/template.xlsx`)
        .set('authorization', `Bearer ${officer}`)
        .buffer(true);
      expect(x.headers['content-type']).toMatch(/spreadsheetml/);
    }
    const bad = await t.http.get('/imports/secrets/template.csv').set('authorization', `Bearer ${officer}`);
    expect(bad.status).toBe(400);
    expect(bad.body.field ?? bad.body.extensions?.field ?? JSON.stringify(bad.body)).toMatch(/table/);
  });
});
