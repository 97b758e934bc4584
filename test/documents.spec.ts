import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';
import { onePagePdf } from './helpers/pdf';

const PDF = onePagePdf();
/** each page's text as poppler's pdftotext reads it (an independent PDF reader) */
const pagesText = (buf: Buffer): string[] =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: buf, encoding: 'utf8' }).split('\f').slice(0, -1);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A proposal of `n` pages, A4 and landscape mixed, each saying which page it is. */
async function proposal(n: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= n; i++) {
    const page = doc.addPage(i % 2 ? [595, 842] : [842, 595]);
    page.drawText(`Original page ${i} of ${n}`, { x: 50, y: page.getHeight() - 80, size: 14, font });
  }
  return Buffer.from(await doc.save());
}

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
    // a header alone is not enough: it must be a PDF with pages, without a password, to be stamped later
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM documents`))[0].n;
    const broken = await upload(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'broken.pdf');
    expect([broken.status, broken.body.field, broken.body.message]).toEqual([
      400,
      'file',
      expect.stringMatching(/^file: the PDF cannot be read/),
    ]);
    const locked = Buffer.from(
      onePagePdf()
        .toString('latin1')
        .replace(
          'trailer << /Root 1 0 R >>',
          '4 0 obj << /Filter /Standard /V 1 /R 2 >> endobj\ntrailer << /Root 1 0 R /Encrypt 4 0 R >>',
        ),
      'latin1',
    );
    const enc = await upload(locked, 'locked.pdf');
    expect([enc.status, enc.body.message]).toEqual([
      400,
      expect.stringMatching(/^file: the PDF is password-protected/),
    ]);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM documents`))[0].n).toBe(before);
    expect((await upload(PDF, 'x.pdf', officer, 'SECRET')).body.message).toMatch(/^kind:/);
    const big = Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024)]);
    expect((await upload(big, 'big.pdf')).status).toBe(413);
    const reviewer = (await t.login(a.email, 'demo-reviewer')).accessToken;
    expect((await upload(PDF, 'x.pdf', reviewer)).status).toBe(403);
  });
});

describe('confidential reading: watermarks, download permission, access records, access ending with the work', () => {
  let t: TestApp;
  let officer: string;
  let reviewer: string;
  let b: { application_id: string; round_id: string; email: string; name: string; reviewer_id: string };
  let docId: string;
  let original: Buffer;
  const read = (token: string, query = '') =>
    t.http
      .get(`/documents/${docId}${query}`)
      .set('authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  /** the documents the reviewer's page lists for the project (none when the assignment is gone from it) */
  const listed = async (token: string) => {
    const r = await t.gql<{
      myAssignments: {
        project: { id: string; documents: { id: string; downloadable: boolean; watermarked: boolean }[] };
      }[];
    }>(
      'query($r:ID){ myAssignments(roundId:$r){ project { id documents { id downloadable watermarked } } } }',
      { r: b.round_id },
      token,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.myAssignments.find((x) => x.project.id === b.application_id)?.project.documents ?? [];
  };
  const settings = (s: Record<string, unknown>) =>
    t.gql(
      'mutation($r:ID!,$s:RoundSettingsInput!){ updateRound(roundId:$r, input:{settings:$s}){ id } }',
      { r: b.round_id, s },
      officer,
    );

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    [b] = await t.db.query(
      `SELECT a.application_id, a.round_id, u.email, u.name, u.id AS reviewer_id FROM assignments a JOIN users u ON u.id = a.reviewer_id
         JOIN review_rounds r ON r.id = a.round_id
        WHERE r.status = 'OPEN' AND a.status = 'ACTIVE'
          AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.application_id = a.application_id AND c.reviewer_id = a.reviewer_id)
        ORDER BY u.email DESC LIMIT 1`,
    );
    reviewer = (await t.login(b.email, 'demo-reviewer')).accessToken;
    original = await proposal(3);
    const up = await t.http
      .post(`/documents/projects/${b.application_id}?kind=PROPOSAL`)
      .set('authorization', `Bearer ${officer}`)
      .attach('file', original, '申请书.pdf');
    expect(up.status).toBe(201);
    docId = up.body.id;
  });
  afterAll(() => t.close());

  it('a reviewer reads a copy with their name, account and the time on every page; the original is never changed', async () => {
    const r = await read(reviewer);
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toMatch(/^inline;/);
    expect(r.headers['x-watermarked']).toBe('true');
    const pages = pagesText(r.body as Buffer);
    expect(pages).toHaveLength(3);
    pages.forEach((text, i) => {
      expect(text).toContain(`Original page ${i + 1} of 3`);
      expect(text).toContain(`仅供 ${b.name}（${b.email}）评审使用`);
      expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
    });
    // the officer gets the stored bytes, unchanged; a stamped copy with their own name on request
    const asOfficer = await read(officer);
    expect([asOfficer.headers['x-watermarked'], sha(asOfficer.body as Buffer)]).toEqual(['false', sha(original)]);
    const stamped = await read(officer, '?watermark=1');
    expect(pagesText(stamped.body as Buffer)[0]).toContain('officer@demo.local');
    expect(pagesText(stamped.body as Buffer)[0]).not.toContain(b.email);
    const [{ sha256 }] = await t.db.query(`SELECT sha256 FROM documents WHERE id = $1`, [docId]);
    expect(sha256).toBe(sha(original));
    // a bad flag is named
    const bad = await read(reviewer, '?download=yes');
    expect([bad.status, JSON.parse((bad.body as Buffer).toString()).field]).toEqual([400, 'download']);
  });

  it('downloading is a separate permission of the round, off by default for reviewers', async () => {
    expect(await listed(reviewer)).toEqual([{ id: docId, downloadable: false, watermarked: true }]);
    const refused = await read(reviewer, '?download=1');
    const body = JSON.parse((refused.body as Buffer).toString());
    expect([refused.status, body.code, body.field]).toEqual([403, 'FORBIDDEN', 'download']);
    expect((await settings({ reviewerDownload: true })).errors).toBeUndefined();
    expect(await listed(reviewer)).toEqual([{ id: docId, downloadable: true, watermarked: true }]);
    const kept = await read(reviewer, '?download=1');
    expect(kept.status).toBe(200);
    expect(kept.headers['content-disposition']).toMatch(/^attachment;.*%EF%BC%88%E6%B0%B4%E5%8D%B0%EF%BC%89\.pdf$/); // （水印）.pdf
    expect(pagesText(kept.body as Buffer)[1]).toContain(b.email);
    expect((await settings({ reviewerDownload: false })).errors).toBeUndefined();
    expect((await read(reviewer, '?download=1')).status).toBe(403);
    const wrong = await settings({ materialsGraceHours: 1000 });
    expect(wrong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('every view and download is recorded: officers see them per document and per reviewer, a page at a time, and export them', async () => {
    type Page = {
      items: { action: string; userEmail: string; ip: string | null; watermarked: boolean; externalId: string }[];
      total: number;
      hasMore: boolean;
      endCursor: string | null;
    };
    const q = (vars: Record<string, unknown>, token = officer) =>
      t.gql<{ documentAccesses: Page }>(
        'query($d:ID,$u:ID,$r:ID,$f:Int,$a:String){ documentAccesses(documentId:$d, userId:$u, roundId:$r, first:$f, after:$a){ items { action userEmail ip watermarked externalId } total hasMore endCursor } }',
        vars,
        token,
      );
    const byReviewer = (await q({ u: b.reviewer_id })).data!.documentAccesses;
    // views: 1 in the first test, 2 refused downloads are not reads; 1 download
    expect(byReviewer.items.map((i) => i.action)).toEqual(['DOWNLOAD', 'VIEW']);
    expect(
      byReviewer.items.every((i) => i.userEmail === b.email && i.watermarked && /127\.0\.0\.1/.test(i.ip ?? '')),
    ).toBe(true);
    const perDoc = (await q({ d: docId })).data!.documentAccesses;
    expect(perDoc.total).toBe(4); // the reviewer's view and download, the officer's two
    const first = (await q({ d: docId, f: 3 })).data!.documentAccesses;
    expect([first.items.length, first.hasMore]).toEqual([3, true]);
    const rest = (await q({ d: docId, f: 3, a: first.endCursor })).data!.documentAccesses;
    expect([rest.items.length, rest.hasMore]).toEqual([1, false]);
    expect([...first.items, ...rest.items]).toEqual(perDoc.items);
    expect((await q({ r: b.round_id })).data!.documentAccesses.total).toBeGreaterThanOrEqual(4);
    expect((await q({ d: docId }, reviewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await q({ d: docId, a: 'not-a-cursor' })).errors?.[0].message).toMatch(/^after:/);
    const csv = await t.http
      .get(`/exports/rounds/${b.round_id}/document-access.csv`)
      .set('authorization', `Bearer ${officer}`);
    expect(csv.status).toBe(200);
    const lines = csv.text.split('\n').filter((l) => l.includes(b.email));
    expect(lines.length).toBe(2);
    expect(lines.some((l) => l.includes('下载'))).toBe(true);
  });

  it('access ends when the round closes (after its grace period), and at once with a conflict', async () => {
    const close = await t.gql('mutation($r:ID!){ closeRound(roundId:$r){ status } }', { r: b.round_id }, officer);
    expect(close.errors).toBeUndefined();
    expect((await read(reviewer)).status).toBe(404);
    expect(await listed(reviewer)).toEqual([]);
    // a grace period of a day: still readable
    expect((await settings({ materialsGraceHours: 24 })).errors).toBeUndefined();
    expect((await read(reviewer)).status).toBe(200);
    expect(await listed(reviewer)).toHaveLength(1);
    // … which has passed when the round closed two days ago
    await t.db.query(`UPDATE review_rounds SET closed_at = now() - interval '2 days' WHERE id = $1`, [b.round_id]);
    expect((await read(reviewer)).status).toBe(404);
    await t.db.query(`UPDATE review_rounds SET closed_at = now() WHERE id = $1`, [b.round_id]);
    expect((await read(reviewer)).status).toBe(200);
    // a conflict declared by the reviewer ends it at once, the grace period notwithstanding
    await t.db.query(
      `INSERT INTO conflicts (round_id, application_id, reviewer_id, rule, evidence, source) VALUES ($1, $2, $3, 'COLLABORATOR', 'declared', 'DECLARED')`,
      [b.round_id, b.application_id, b.reviewer_id],
    );
    expect((await read(reviewer)).status).toBe(404);
    expect(await listed(reviewer)).toEqual([]);
    // the officer still reads it
    expect((await read(officer)).status).toBe(200);
  });
});
