import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

/**
 * Uploads that used to stall or kill the server (an officer account is one mistake or one stolen
 * password away): a long thin XLSX took a minute of event loop, a small XLSX unpacking to
 * gigabytes exhausted the heap, a large relations file answered with an 80 MB error list, and
 * more than 65,535 persons overflowed PostgreSQL's bind parameters. Each is now refused or
 * answered within the limits of docs/SECURITY.md, and /health keeps answering meanwhile.
 */

/** A ZIP archive (stored central directory, deflated parts) from name → content. */
function zip(parts: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(parts)) {
    const data = deflateRawSync(content);
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length >>> 0, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(content.length >>> 0, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

describe('uploads that cannot hurt the server', () => {
  let t: TestApp;
  let officer: string;
  let programId: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app, { rounds: false });
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    programId = (await t.db.query(`SELECT id FROM programs LIMIT 1`))[0].id;
  });
  afterAll(() => t.close());

  const upload = (path: string, body: Buffer, name: string) =>
    t.http.post(path).set('authorization', `Bearer ${officer}`).attach('file', body, name);

  it('reads a long, thin XLSX in linear time and lists at most 100 of its row errors', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow([
      'application_id',
      'direction',
      'title_zh',
      'member_person_id',
      'member_name',
      'member_role',
      'member_discipline',
    ]);
    for (let i = 0; i < 10_000; i++) ws.addRow([`X-${i}`]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const pending = upload(`/imports/applications?programId=${programId}`, buf, 'thin.xlsx');
    // the server keeps answering others while it reads the file
    const health = await t.http.get('/health');
    expect(health.status).toBe(200);
    const r = await pending;
    expect(r.status).toBe(400);
    expect(r.body.errors).toHaveLength(100);
    expect(r.body.errorCount).toBeGreaterThanOrEqual(10_000);
  }, 60_000);

  it('refuses an XLSX that unpacks to hundreds of megabytes before reading it', async () => {
    const bomb = zip({
      '[Content_Types].xml': Buffer.from('<Types/>'),
      'xl/sharedStrings.xml': Buffer.alloc(300 * 1024 * 1024, 'a'),
    });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const r = await upload(`/imports/applications?programId=${programId}`, bomb, 'bomb.xlsx');
    expect(r.status).toBe(400);
    expect(r.body.messageEn).toMatch(/unpacks to more than 32 MB/);
    expect(r.body.messageZh).toMatch(/文件解压后过大/);
    // the test server runs in this process: it did not take the 300 MB
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expect((await t.http.get('/health')).status).toBe(200);
  }, 60_000);

  it('limits relations and publications to 10 MB and lists at most 100 errors of a large bad file', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 'a');
    const tooBig = await upload('/imports/relations', big, 'big.csv');
    expect(tooBig.status).toBeGreaterThanOrEqual(400);
    expect(tooBig.status).toBeLessThan(500);
    const rows = [
      'type,person_a,person_b',
      ...Array.from({ length: 40_000 }, (_, i) => `ADVISOR,NOPE-${i},NOPE-${i}b`),
    ];
    const r = await upload('/imports/relations', Buffer.from(rows.join('\n')), 'bad.csv');
    expect(r.status).toBe(400);
    expect(r.body.errors).toHaveLength(100);
    expect(r.body.errorCount).toBe(80_000);
    expect(JSON.stringify(r.body).length).toBeLessThan(100_000);
  }, 60_000);

  it('looks up any number of persons (more than PostgreSQL’s 65,535 bind parameters)', async () => {
    const rows = [
      'type,person_a,person_b',
      ...Array.from({ length: 35_000 }, (_, i) => `FAMILY,P${2 * i},P${2 * i + 1}`),
    ];
    const r = await upload('/imports/relations', Buffer.from(rows.join('\n')), 'many.csv');
    expect(r.status).toBe(400); // unknown persons, named, not "database unavailable"
    expect(r.body.code).toBe('BAD_USER_INPUT');
    expect(r.body.errorCount).toBe(70_000);
  }, 60_000);
});
