import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('proposal and mid-term report documents', () => {
  let t: TestApp;
  let officer: string;
  let a: { id: string; application_id: string; email: string; round_id: string };
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    [a] = await t.db.query(
      `SELECT a.id, a.application_id, a.round_id, u.email FROM assignments a JOIN users u ON u.id = a.reviewer_id JOIN review_rounds r ON r.id = a.round_id
        WHERE r.kind = 'MIDTERM' AND a.status = 'ACTIVE' ORDER BY u.email LIMIT 1`,
    );
  });
  afterAll(() => t.close());

  const upload = (buf: Buffer, name: string, token = officer, kind = 'MIDTERM_REPORT') =>
    t.http
      .post(`/documents/projects/${a.application_id}?kind=${kind}`)
      .set('authorization', `Bearer ${token}`)
      .attach('file', buf, name);

  it('stores a PDF by content and lets officers and the assigned reviewer download it, nobody else', async () => {
    const up = await upload(PDF, '../../etc/中期报告.pdf');
    expect(up.status).toBe(201);
    expect(up.body.filename).toBe('中期报告.pdf'); // the client's path is never used
    const id = up.body.id;
    const asOfficer = await t.http.get(`/documents/${id}`).set('authorization', `Bearer ${officer}`).buffer(true);
    expect(asOfficer.status).toBe(200);
    expect(asOfficer.headers['content-type']).toBe('application/pdf');
    const reviewer = (await t.login(a.email, 'demo-reviewer')).accessToken;
    const asReviewer = await t.http.get(`/documents/${id}`).set('authorization', `Bearer ${reviewer}`).buffer(true);
    expect(asReviewer.status).toBe(200);
    const [other] = await t.db.query(
      // neither assigned to the project nor on a panel that meets on it (panel members read mid-term reports)
      `SELECT u.email FROM users u WHERE 'REVIEWER' = ANY(u.roles) AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.application_id = $1 AND x.reviewer_id = u.id AND x.status = 'ACTIVE')
          AND NOT EXISTS (SELECT 1 FROM panel_members pm JOIN panel_items i ON i.meeting_id = pm.meeting_id WHERE pm.user_id = u.id AND i.application_id = $1)
        ORDER BY u.email LIMIT 1`,
      [a.application_id],
    );
    const stranger = (await t.login(other.email, 'demo-reviewer')).accessToken;
    expect((await t.http.get(`/documents/${id}`).set('authorization', `Bearer ${stranger}`)).status).toBe(404);
    expect((await t.http.get(`/documents/${id}`)).status).toBe(401);
    // a conflict found later closes the door
    await t.db.query(
      `INSERT INTO conflicts (round_id, application_id, reviewer_id, rule, evidence, source) SELECT $1, $2, id, 'FAMILY', 'test', 'DETECTED' FROM users WHERE email = $3`,
      [a.round_id, a.application_id, a.email],
    );
    expect((await t.http.get(`/documents/${id}`).set('authorization', `Bearer ${reviewer}`)).status).toBe(404);
    const listed = await t.gql<{ project: { documents: { kind: string; size: number }[] } }>(
      'query($p:ID!){ project(id:$p){ documents { kind size } } }',
      { p: a.application_id },
      officer,
    );
    expect(listed.data!.project.documents).toEqual([{ kind: 'MIDTERM_REPORT', size: PDF.length }]);
  });

  it('checks type by content, kind and size; reviewers cannot upload', async () => {
    const fake = await upload(Buffer.from('MZ\x90\x00 this is an exe'), 'report.pdf');
    expect(fake.status).toBe(400);
    expect(fake.body.message).toMatch(/^file: not a PDF/);
    expect((await upload(PDF, 'x.pdf', officer, 'SECRET')).body.message).toMatch(/^kind:/);
    const big = Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024)]);
    expect((await upload(big, 'big.pdf')).status).toBe(413);
    const reviewer = (await t.login(a.email, 'demo-reviewer')).accessToken;
    expect((await upload(PDF, 'x.pdf', reviewer)).status).toBe(403);
  });
});
