import { dirname, join } from 'node:path';
import type { DataSource } from 'typeorm';
import { Role } from '../common/auth/role.enum';
import type { DocumentsService } from '../documents/documents.service';
import { UserEntity } from '../users/user.entity';

async function pdf(lines: string[]): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const font = join(
    dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json')),
    '400Regular',
    'NotoSansSC_400Regular.ttf',
  );
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', font);
    doc.font('cjk').fontSize(16).text(lines[0]);
    doc.fontSize(11).moveDown();
    for (const l of lines.slice(1)) doc.text(l).moveDown(0.5);
    doc.end();
  });
}

/** A short proposal for every application in a round and a mid-term report for every project under evaluation. */
export async function seedDemoDocuments(db: DataSource, documents: DocumentsService): Promise<number> {
  const officer = await db.getRepository(UserEntity).findOneByOrFail({ email: 'officer@demo.local' });
  const actor = {
    id: officer.id,
    email: officer.email,
    name: officer.name,
    roles: [Role.PROGRAM_OFFICER],
    personId: null,
  };
  const rows: { id: string; external_id: string; title_zh: string; status: string }[] = await db.query(
    `SELECT DISTINCT a.id, a.external_id, a.title_zh, a.status FROM applications a JOIN round_projects rp ON rp.application_id = a.id ORDER BY a.external_id`,
  );
  let n = 0;
  for (const a of rows) {
    await documents.upload(
      a.id,
      'PROPOSAL',
      `${a.external_id}-申请书.pdf`,
      await pdf([
        `${a.external_id} 申请书（演示）`,
        a.title_zh,
        '一、立项依据与研究内容',
        '二、研究方案与可行性',
        '三、数学—医学—信息团队分工',
        '（演示数据，内容从略。）',
      ]),
      actor,
    );
    n++;
    if (a.status === 'MIDTERM') {
      await documents.upload(
        a.id,
        'MIDTERM_REPORT',
        `${a.external_id}-中期报告.pdf`,
        await pdf([
          `${a.external_id} 中期报告（演示）`,
          a.title_zh,
          '一、计划执行情况',
          '二、主要成果',
          '三、深圳转化落地进展',
          '四、经费使用情况',
        ]),
        actor,
      );
      n++;
    }
  }
  return n;
}
