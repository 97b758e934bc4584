import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import type { CriterionDef } from '../rounds/round.entity';
import type { ProjectSummary } from './exports.service';

/** Noto Sans SC (OFL) from npm: it arrives with `npm ci`, no system font needed; embedded as a subset. */
function fontPath(weight: '400Regular' | '700Bold') {
  const pkg = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  return join(pkg, weight, `NotoSansSC_${weight}.ttf`);
}

const RATING_ZH: Record<string, string> = { EXCELLENT: '优', GOOD: '良', FAIR: '中', POOR: '差' };

/**
 * Reviewer summaries as a PDF for the panel meeting: one section per project, bilingual headings,
 * the scores of R1, R2 … per criterion, comments, page numbers.
 */
export async function writeSummaryPdf(
  out: Writable,
  heading: { roundZh: string; roundEn: string },
  criteria: CriterionDef[],
  projects: AsyncIterable<ProjectSummary>,
  confidential: boolean,
): Promise<void> {
  // pdfkit is loaded on first use (~11 MB resident)
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    bufferPages: true,
    info: { Title: `${heading.roundZh} 评审意见汇总 / Reviewer summaries`, Producer: 'Tianyuan review platform' },
  });
  doc.registerFont('cjk', fontPath('400Regular'));
  doc.registerFont('cjk-bold', fontPath('700Bold'));
  doc.pipe(out);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  doc.font('cjk-bold').fontSize(18).text('评审意见汇总 / Reviewer summaries');
  doc.font('cjk').fontSize(11).fillColor('#444').text(`${heading.roundZh} / ${heading.roundEn}`).fillColor('black');
  doc.moveDown();
  let first = true;
  for await (const p of projects) {
    if (!first) doc.addPage();
    first = false;
    doc.font('cjk-bold').fontSize(14).text(`${p.externalId}  ${p.title}`);
    doc.font('cjk').fontSize(10).fillColor('#444').text(`方向 Direction ${p.direction}：${p.directionTitle}`);
    doc
      .text(
        `排名 Rank: ${p.rank ?? '—'}    排序值 Value: ${p.value ?? '—'}    平均分 Mean: ${p.mean ?? '—'}    标准差 SD: ${p.sd ?? '—'}    评审数 N: ${p.n}`,
      )
      .fillColor('black');
    doc.moveDown(0.5);
    doc.font('cjk-bold').fontSize(11).text('评分 / Scores');
    doc.font('cjk').fontSize(9);
    const header = ['', ...p.reviews.map((r) => r.code)];
    const lines = [
      header,
      ...criteria.map((c) => [
        `${c.labelZh} (${c.weight})`,
        ...p.reviews.map((r) => (r.scores[c.key] ?? '—').toString()),
      ]),
      ['总分 Total', ...p.reviews.map((r) => (r.total ?? '—').toString())],
      ['评价 Rating', ...p.reviews.map((r) => (r.rating ? `${RATING_ZH[r.rating] ?? ''} ${r.rating}` : '—'))],
      ['建议 Recommendation', ...p.reviews.map((r) => r.recommendation ?? '—')],
    ];
    const x0 = doc.page.margins.left;
    const firstW = 170;
    const colW = Math.max(
      50,
      (doc.page.width - doc.page.margins.left - doc.page.margins.right - firstW) / Math.max(1, p.reviews.length),
    );
    for (const row of lines) {
      const y = doc.y;
      row.forEach((cell, i) =>
        doc.text(cell, i === 0 ? x0 : x0 + firstW + (i - 1) * colW, y, {
          width: i === 0 ? firstW - 6 : colW - 6,
          lineBreak: false,
          ellipsis: true,
        }),
      );
      doc.x = x0;
      doc.y = y + 14;
    }
    doc.moveDown(0.5);
    doc.font('cjk-bold').fontSize(11).text('给申请人的意见 / Comments to the applicant', x0);
    doc.font('cjk').fontSize(10);
    for (const r of p.reviews) if (r.commentToApplicant) doc.text(`${r.code}：${r.commentToApplicant}`, x0);
    if (confidential) {
      doc.moveDown(0.5);
      doc.font('cjk-bold').fontSize(11).text('保密意见 / Confidential comments', x0);
      doc.font('cjk').fontSize(10);
      for (const r of p.reviews) if (r.confidentialComment) doc.text(`${r.code}：${r.confidentialComment}`, x0);
    }
    if (p.reviews.length === 0)
      doc.font('cjk').fontSize(10).text('尚无已提交的评审意见 / No submitted reviews yet', x0);
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('cjk')
      .fontSize(8)
      .fillColor('#666')
      .text(`第 ${i + 1} / ${range.count} 页 · Page ${i + 1} of ${range.count}`, 0, doc.page.height - 30, {
        align: 'center',
        width: doc.page.width,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
}
