import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { seedDemo } from '../apps/api/src/seed/seed';
import { csvCell } from '../apps/api/src/exports/tabular';
import { startTestApp, type TestApp } from './helpers/app';

const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('exports of reviewer summaries, rankings and decisions', () => {
  let t: TestApp;
  let officer: string;
  let roundId: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    roundId = (await t.db.query(`SELECT id FROM review_rounds WHERE kind = 'INITIAL'`))[0].id;
    // hostile text in a comment: stored verbatim, exported inert
    await t.db.query(
      `UPDATE reviews SET comment_to_applicant = '=HYPERLINK("http://evil")' WHERE id = (SELECT r.id FROM reviews r JOIN assignments a ON a.id = r.assignment_id WHERE a.round_id = $1 AND r.status = 'SUBMITTED' ORDER BY r.id LIMIT 1)`,
      [roundId],
    );
  });
  afterAll(() => t.close());

  const get = (path: string, token: string | null = officer) => {
    const r = t.http.get(path).buffer(true).parse(binary);
    return token ? r.set('authorization', `Bearer ${token}`) : r;
  };

  it('refuses without a token (401) and for reviewers (403)', async () => {
    expect((await get(`/exports/rounds/${roundId}/reviewer-summaries.csv`, null)).status).toBe(401);
    const rev = await t.login('reviewer1@demo.local', 'demo-reviewer');
    expect((await get(`/exports/rounds/${roundId}/reviewer-summaries.csv`, rev.accessToken)).status).toBe(403);
    expect((await get(`/exports/rounds/not-a-uuid/reviewer-summaries.csv`)).status).toBe(400);
  });

  it('names the bad parameter in a JSON 400 for every format, the streamed ones included', async () => {
    for (const path of [
      `reviewer-summaries.pdf?method=median`,
      `reviewer-summaries.csv?method=median`,
      `ranking.xlsx?method=median`,
      `ranking.docx`,
    ]) {
      const res = await get(`/exports/rounds/${roundId}/${path}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      const body = JSON.parse((res.body as Buffer).toString('utf8'));
      expect(body).toMatchObject({ code: 'BAD_USER_INPUT', field: path.includes('method') ? 'method' : 'format' });
    }
  });

  it('CSV: BOM, one row per submitted review matching the database, reviewer codes only, injection escaped', async () => {
    const res = await get(`/exports/rounds/${roundId}/reviewer-summaries.csv`);
    expect(res.status).toBe(200);
    // streamed straight to the socket, yet with the same headers as every other answer
    expect(res.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="reviewer-summaries.csv"',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': expect.stringContaining("default-src 'self'"),
    });
    const buf = res.body as Buffer;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(buf.toString('utf8'), { bom: true });
    const header = rows[0];
    const data = rows.slice(1);
    const submitted = await t.db.query(
      `SELECT count(*)::int AS n FROM reviews r JOIN assignments a ON a.id = r.assignment_id WHERE a.round_id = $1 AND r.status = 'SUBMITTED'`,
      [roundId],
    );
    expect(data.length).toBe(submitted[0].n);
    const reviewerCol = header.indexOf('评审专家');
    expect(new Set(data.map((r) => r[reviewerCol]))).toEqual(new Set(['R1', 'R2', 'R3', 'R4', 'R5']));
    const text = buf.toString('utf8');
    const names: { name: string; email: string }[] = await t.db.query(
      `SELECT name, email FROM users WHERE 'REVIEWER' = ANY(roles)`,
    );
    for (const n of names) {
      expect(text).not.toContain(n.email);
      expect(text).not.toContain(n.name);
    }
    expect(text).not.toContain('保密意见');
    expect(text).toContain(`'=HYPERLINK`);
    for (const r of data) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // each project's rank is the one the ranking query gives for the same method
    const ranking = await t.gql<{ ranking: { rank: number; project: { externalId: string } }[] }>(
      'query($r:ID!){ ranking(roundId:$r, method: CALIBRATED){ rank project { externalId } } }',
      { r: roundId },
      officer,
    );
    const rankCol = header.findIndex((h) => h.startsWith('排名'));
    const appCol = header.indexOf('申请编号');
    const exported = new Map(data.map((r) => [r[appCol], Number(r[rankCol])]));
    expect(exported.size).toBe(ranking.data!.ranking.length);
    for (const r of ranking.data!.ranking) expect(exported.get(r.project.externalId)).toBe(r.rank);
    const totalCol = header.indexOf('总分');
    const sumCsv = data.reduce((a, r) => a + Number(r[totalCol]), 0);
    const sumDb = await t.db.query(
      `SELECT sum(r.total)::float AS s FROM reviews r JOIN assignments a ON a.id = r.assignment_id WHERE a.round_id = $1 AND r.status = 'SUBMITTED'`,
      [roundId],
    );
    expect(sumCsv).toBeCloseTo(sumDb[0].s, 4);
    const conf = await get(`/exports/rounds/${roundId}/reviewer-summaries.csv?confidential=true`);
    expect((conf.body as Buffer).toString('utf8')).toContain('保密意见');
    // one language at a time: Chinese by default, English with ?lang=en; codes become words
    expect(header).not.toContain('Reviewer');
    const ratingCol = header.indexOf('评价');
    for (const r of data) expect(['优', '良', '中', '差', '']).toContain(r[ratingCol]);
    const en = parse((await get(`/exports/rounds/${roundId}/reviewer-summaries.csv?lang=en`)).body.toString('utf8'), {
      bom: true,
    }) as string[][];
    expect(en[0]).toEqual(expect.arrayContaining(['Application', 'Reviewer', 'Total', 'Rating', 'Recommendation']));
    const recCol = en[0].indexOf('Recommendation');
    for (const r of en.slice(1)) expect(r[recCol]).not.toMatch(/^[A-Z_]+$/);
    expect((await get(`/exports/rounds/${roundId}/reviewer-summaries.csv?lang=fr`)).status).toBe(400);
  });

  it('csvCell neutralises every formula prefix', () => {
    for (const p of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${p}1+1`).replace(/^"/, '')[0]).toBe("'");
    expect(csvCell(-3)).toBe('-3'); // numbers stay numbers
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
  });

  it('XLSX: a real workbook with a summary sheet and one sheet per direction, frozen header', async () => {
    const res = await get(`/exports/rounds/${roundId}/reviewer-summaries.xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('汇总');
    const directions = await t.db.query(
      `SELECT DISTINCT d.number FROM round_projects rp JOIN applications a ON a.id = rp.application_id JOIN directions d ON d.id = a.direction_id WHERE rp.round_id = $1`,
      [roundId],
    );
    expect(names.length).toBe(1 + directions.length);
    const summary = wb.worksheets[0];
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const submitted = await t.db.query(
      `SELECT count(*)::int AS n FROM reviews r JOIN assignments a ON a.id = r.assignment_id WHERE a.round_id = $1 AND r.status = 'SUBMITTED'`,
      [roundId],
    );
    expect(summary.actualRowCount).toBe(submitted[0].n + 1);
    const perDirection = wb.worksheets.slice(1).reduce((a, w) => a + w.actualRowCount - 1, 0);
    expect(perDirection).toBe(submitted[0].n);
  });

  it('PDF: Chinese comments extractable as text, bilingual headings, page numbers', async () => {
    const res = await get(`/exports/rounds/${roundId}/reviewer-summaries.pdf?confidential=true`);
    expect(res.status).toBe(200);
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
    try {
      const f = join(dir, 's.pdf');
      writeFileSync(f, res.body as Buffer);
      const text = execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
      expect(text).toContain('评审意见汇总');
      expect(text).not.toContain('Reviewer summaries');
      expect(text).toMatch(/数学问题提炼清楚|研究内容较为分散|医学与信息团队分工合理/);
      expect(text).toContain('保密意见');
      expect(text).toMatch(/第 1 页，共 \d+ 页/);
      const fonts = execFileSync('pdffonts', [f], { encoding: 'utf8' });
      expect(fonts).toMatch(/NotoSansSC/);
      expect(fonts).toMatch(/yes\s+yes/); // embedded subset
      // in English: the headings, not the reviewers' own words
      const en = await get(`/exports/rounds/${roundId}/reviewer-summaries.pdf?confidential=true&lang=en`);
      writeFileSync(f, en.body as Buffer);
      const enText = execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
      expect(enText).toContain('Reviewer summaries');
      expect(enText).toContain('Confidential comments');
      expect(enText).toMatch(/Page 1 of \d+/);
      expect(enText).not.toMatch(/评审意见汇总|保密意见|第 1 页/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ranking, decisions, workload and conflicts as CSV and XLSX', async () => {
    for (const name of ['ranking', 'decisions', 'workload', 'conflicts']) {
      for (const fmt of ['csv', 'xlsx']) {
        const res = await get(`/exports/rounds/${roundId}/${name}.${fmt}`);
        expect(res.status).toBe(200);
        expect((res.body as Buffer).length).toBeGreaterThan(100);
      }
    }
    const dec = parse((await get(`/exports/rounds/${roundId}/decisions.csv`)).body.toString('utf8'), {
      bom: true,
    }) as string[][];
    const n = await t.db.query(`SELECT count(*)::int AS n FROM funding_decisions WHERE round_id = $1`, [roundId]);
    expect(dec.length - 1).toBe(n[0].n);
    const conf = (await get(`/exports/rounds/${roundId}/conflicts.csv`)).body.toString('utf8');
    expect(conf).toContain('doi:10.1000/demo.2024.17');
    // Chinese by default: rules, sources and evidence in words, no codes
    expect(conf).toContain('合作发表 doi:10.1000/demo.2024.17');
    expect(conf).toContain('合作者');
    expect(conf).not.toMatch(/COAUTHOR|DETECTED|co-authored/);
    const confEn = (await get(`/exports/rounds/${roundId}/conflicts.csv?lang=en`)).body.toString('utf8');
    expect(confEn).toContain('co-authored doi:10.1000/demo.2024.17');
    expect(confEn).toContain('Co-author');
    expect(confEn).not.toMatch(/合作发表|COAUTHOR/);
    // decisions: words for codes, instants in Beijing time with the date
    const decZh = parse((await get(`/exports/rounds/${roundId}/decisions.csv`)).body.toString('utf8'), {
      bom: true,
    }) as string[][];
    const decCol = decZh[0].indexOf('决定');
    const atCol = decZh[0].indexOf('决定时间（北京时间）');
    for (const r of decZh.slice(1)) {
      expect(['资助', '不资助', '继续资助', '结题', '终止']).toContain(r[decCol]);
      expect(r[atCol]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    }
    const rankEn = (await get(`/exports/rounds/${roundId}/ranking.csv?lang=en`)).body.toString('utf8');
    expect(rankEn).not.toMatch(/FEW_REVIEWS|HIGH_DISAGREEMENT|排名/);
    expect((await get(`/exports/rounds/${roundId}/ranking.json`)).status).toBe(400);
    expect((await get(`/exports/rounds/${roundId}/ranking.pdf`)).status).toBe(400);
    // one route serves the registry of tables: a name outside it is refused, naming the field
    const unknown = await get(`/exports/rounds/${roundId}/constructor.csv`);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body.toString('utf8'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'table' });
  });

  it('a per-project dossier PDF for the panel meeting', async () => {
    const [p] = await t.db.query(`SELECT application_id FROM round_projects WHERE round_id = $1 LIMIT 1`, [roundId]);
    const res = await get(`/exports/rounds/${roundId}/projects/${p.application_id}/dossier.pdf`);
    expect(res.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
    let text: string;
    try {
      writeFileSync(join(dir, 'd.pdf'), res.body as Buffer);
      text = execFileSync('pdftotext', [join(dir, 'd.pdf'), '-'], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(text).toContain('保密意见');
    expect(text).toMatch(/第 1 页，共 1 页/);
    const [other] = await t.db.query(
      `SELECT id FROM applications WHERE id NOT IN (SELECT application_id FROM round_projects WHERE round_id = $1) LIMIT 1`,
      [roundId],
    );
    expect((await get(`/exports/rounds/${roundId}/projects/${other.id}/dossier.pdf`)).status).toBe(400);
  });
});
