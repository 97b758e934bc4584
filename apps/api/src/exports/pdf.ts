import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Lang } from '../common/i18n/texts';
import type { CriterionDef } from '../rounds/round.entity';
import { inLang, RATING, RECOMMENDATION, word } from './labels';
import type { ProjectSummary } from './exports.service';

/** Noto Sans SC (OFL) from npm: it arrives with `npm ci`, no system font needed; embedded as a subset. */
function fontPath(weight: '400Regular' | '700Bold') {
  const pkg = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  return join(pkg, weight, `NotoSansSC_${weight}.ttf`);
}

/**
 * Reviewer summaries as a PDF for the panel meeting: one section per project, headings in one
 * language, the scores of R1, R2 … per criterion, comments, page numbers.
 */
export async function writeSummaryPdf(
  out: Writable,
  heading: { roundZh: string; roundEn: string },
  criteria: CriterionDef[],
  projects: AsyncIterable<ProjectSummary>,
  confidential: boolean,
  lang: Lang = 'zh',
): Promise<void> {
  const t = inLang(lang);
  const title = t('评审意见汇总', 'Reviewer summaries');
  // pdfkit is loaded on first use (~11 MB resident)
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    bufferPages: true,
    info: { Title: `${t(heading.roundZh, heading.roundEn)} ${title}`, Producer: 'Tianyuan review platform' },
  });
  doc.registerFont('cjk', fontPath('400Regular'));
  doc.registerFont('cjk-bold', fontPath('700Bold'));
  doc.pipe(out);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  doc.font('cjk-bold').fontSize(18).text(title);
  doc.font('cjk').fontSize(11).fillColor('#444').text(t(heading.roundZh, heading.roundEn)).fillColor('black');
  doc.moveDown();
  let first = true;
  for await (const p of projects) {
    if (!first) doc.addPage();
    first = false;
    doc.font('cjk-bold').fontSize(14).text(`${p.externalId}  ${p.title}`);
    doc
      .font('cjk')
      .fontSize(10)
      .fillColor('#444')
      .text(t(`方向 ${p.direction}：${p.directionTitle}`, `Direction ${p.direction}: ${p.directionTitleEn}`));
    doc
      .text(
        t(
          `排名：${p.rank ?? '—'}    排序值：${p.value ?? '—'}    平均分：${p.mean ?? '—'}    标准差：${p.sd ?? '—'}    评审数：${p.n}`,
          `Rank: ${p.rank ?? '—'}    Value: ${p.value ?? '—'}    Mean: ${p.mean ?? '—'}    SD: ${p.sd ?? '—'}    N: ${p.n}`,
        ),
      )
      .fillColor('black');
    doc.moveDown(0.5);
    doc.font('cjk-bold').fontSize(11).text(t('评分', 'Scores'));
    doc.font('cjk').fontSize(9);
    const header = ['', ...p.reviews.map((r) => r.code)];
    const lines = [
      header,
      ...criteria.map((c) => [
        `${t(c.labelZh, c.labelEn)} (${c.weight})`,
        ...p.reviews.map((r) => (r.scores[c.key] ?? '—').toString()),
      ]),
      [t('总分', 'Total'), ...p.reviews.map((r) => (r.total ?? '—').toString())],
      [t('评价', 'Rating'), ...p.reviews.map((r) => word(RATING, r.rating, lang) ?? '—')],
      [t('建议', 'Recommendation'), ...p.reviews.map((r) => word(RECOMMENDATION, r.recommendation, lang) ?? '—')],
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
    doc.font('cjk-bold').fontSize(11).text(t('给申请人的意见', 'Comments to the applicant'), x0);
    doc.font('cjk').fontSize(10);
    for (const r of p.reviews)
      if (r.commentToApplicant) doc.text(`${r.code}${t('：', ': ')}${r.commentToApplicant}`, x0);
    if (confidential) {
      doc.moveDown(0.5);
      doc.font('cjk-bold').fontSize(11).text(t('保密意见', 'Confidential comments'), x0);
      doc.font('cjk').fontSize(10);
      for (const r of p.reviews)
        if (r.confidentialComment) doc.text(`${r.code}${t('：', ': ')}${r.confidentialComment}`, x0);
    }
    if (p.reviews.length === 0)
      doc.font('cjk').fontSize(10).text(t('尚无已提交的评审意见', 'No submitted reviews yet'), x0);
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
      .text(t(`第 ${i + 1} 页，共 ${range.count} 页`, `Page ${i + 1} of ${range.count}`), 0, doc.page.height - 30, {
        align: 'center',
        width: doc.page.width,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
}
