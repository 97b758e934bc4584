import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Lang } from '../common/i18n/texts';
import type { CriterionDef } from '../rounds/round.entity';
import { DECISION, GRADE, inLang, RATING, RECOMMENDATION, word } from './labels';
import type { ProjectSummary } from './exports.service';

/** Noto Sans SC (OFL) from npm: it arrives with `npm ci`, no system font needed; embedded as a subset. */
function fontPath(weight: '400Regular' | '700Bold') {
  const pkg = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  return join(pkg, weight, `NotoSansSC_${weight}.ttf`);
}

type Doc = PDFKit.PDFDocument;

/** An A4 document with the CJK font registered, piped into `out`; `done` settles when it is written. */
async function openPdf(out: Writable, title: string) {
  // pdfkit is loaded on first use (~11 MB resident)
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    bufferPages: true,
    info: { Title: title, Producer: 'Tianyuan review platform' },
  });
  doc.registerFont('cjk', fontPath('400Regular'));
  doc.registerFont('cjk-bold', fontPath('700Bold'));
  doc.pipe(out);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  return { doc, done };
}

/** "Page i of n" at the foot of every page. */
function numberPages(doc: Doc, t: (zh: string, en: string) => string) {
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
  const { doc, done } = await openPdf(out, `${t(heading.roundZh, heading.roundEn)} ${title}`);
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
  numberPages(doc, t);
  doc.end();
  await done;
}

export interface MinutesMeeting {
  titleZh: string;
  titleEn: string;
  kind: 'SELECTION' | 'DEFENCE';
  startsAt: string;
  location: string | null;
  rules: string;
  members: { name: string; role: string; present: boolean }[];
  items: {
    position: number;
    externalId: string;
    title: string;
    recused: string[];
    notes: string | null;
    grade: string | null;
    gradeReason: string | null;
    ballots: {
      proposedGrade: string | null;
      eligible: number;
      yes: number | null;
      no: number | null;
      abstain: number | null;
      result: string;
      closedAt: string;
    }[];
  }[];
}

/**
 * 会议纪要 as a PDF: per meeting its members and attendance, then per item who was recused, each
 * ballot's tally and result, the grade (mid-term) and the chair's notes. Tallies only: nothing
 * stored says who voted how, so nothing here can.
 */
export async function writeMinutesPdf(
  out: Writable,
  heading: { roundZh: string; roundEn: string },
  meetings: MinutesMeeting[],
  lang: Lang = 'zh',
): Promise<void> {
  const t = inLang(lang);
  const title = t('会议评审纪要', 'Panel minutes');
  const { doc, done } = await openPdf(out, `${t(heading.roundZh, heading.roundEn)} ${title}`);
  doc.font('cjk-bold').fontSize(18).text(title);
  doc.font('cjk').fontSize(11).fillColor('#444').text(t(heading.roundZh, heading.roundEn)).fillColor('black');
  if (meetings.length === 0) doc.moveDown().text(t('本轮次尚无会议评审', 'This round has no panel meeting yet'));
  const ROLE: Record<string, [string, string]> = {
    CHAIR: ['组长', 'Chair'],
    VICE_CHAIR: ['副组长', 'Vice-chair'],
    MEMBER: ['成员', 'Member'],
    SUBSTITUTE: ['候补', 'Substitute'],
  };
  meetings.forEach((m, k) => {
    if (k > 0) doc.addPage();
    doc.moveDown();
    doc.font('cjk-bold').fontSize(14).text(t(m.titleZh, m.titleEn));
    doc
      .font('cjk')
      .fontSize(10)
      .fillColor('#444')
      .text(
        [
          m.kind === 'DEFENCE' ? t('中期答辩', 'Mid-term defence') : t('会议评审', 'Selection panel'),
          m.startsAt,
          m.location ?? '',
        ]
          .filter(Boolean)
          .join('    '),
      )
      .text(m.rules)
      .fillColor('black');
    doc.moveDown(0.5);
    const present = m.members.filter((x) => x.present).length;
    doc
      .font('cjk-bold')
      .fontSize(11)
      .text(
        t(`专家组成员（出席 ${present} / ${m.members.length}）`, `Members (present ${present} of ${m.members.length})`),
      );
    doc.font('cjk').fontSize(10);
    for (const x of m.members)
      doc.text(
        `${x.name}（${t(...(ROLE[x.role] ?? [x.role, x.role]))}）${t('：', ': ')}${x.present ? t('出席', 'present') : t('缺席', 'absent')}`,
      );
    for (const it of m.items) {
      doc.moveDown(0.7);
      doc.font('cjk-bold').fontSize(11).text(`${it.position}. ${it.externalId}  ${it.title}`);
      doc.font('cjk').fontSize(10);
      doc.text(t('回避：', 'Recused: ') + (it.recused.length ? it.recused.join(t('、', ', ')) : t('无', 'none')));
      if (it.ballots.length === 0) doc.text(t('未表决', 'No ballot'));
      it.ballots.forEach((b, i) =>
        doc.text(
          t(
            `表决 ${i + 1}${b.proposedGrade ? `（拟评等级：${word(GRADE, b.proposedGrade, lang)}）` : ''}：有表决权 ${b.eligible} 人，赞成 ${b.yes ?? '—'}，反对 ${b.no ?? '—'}，弃权 ${b.abstain ?? '—'}；${b.result}；${b.closedAt}`,
            `Ballot ${i + 1}${b.proposedGrade ? ` (grade proposed: ${word(GRADE, b.proposedGrade, lang)})` : ''}: ${b.eligible} eligible, yes ${b.yes ?? '—'}, no ${b.no ?? '—'}, abstain ${b.abstain ?? '—'}; ${b.result}; ${b.closedAt}`,
          ),
        ),
      );
      if (it.grade)
        doc.text(
          t('专家组评定等级：', 'Panel grade: ') +
            word(GRADE, it.grade, lang) +
            (it.gradeReason ? t(`（${it.gradeReason}）`, ` (${it.gradeReason})`) : ''),
        );
      if (it.notes) doc.text(t('组长记录：', 'Chair’s notes: ') + it.notes);
    }
  });
  numberPages(doc, t);
  doc.end();
  await done;
}

/**
 * 评审结果通知: the letter a funded team downloads once a round is finalized — the decision, the
 * panel's result and the comments to the applicant under reviewer codes. Built from what
 * FeedbackService selects, which holds no identity, score or confidential comment.
 */
export async function writeFeedbackLetter(
  out: Writable,
  project: { externalId: string; titleZh: string; titleEn: string },
  f: {
    nameZh: string;
    nameEn: string;
    kind: string;
    decision: string | null;
    amount: number | null;
    grade: string | null;
    panelResult: string | null;
    comments: { code: string; comment: string }[];
  },
  lang: Lang = 'zh',
): Promise<void> {
  const t = inLang(lang);
  const title = t('评审结果通知', 'Review outcome');
  const { doc, done } = await openPdf(out, `${project.externalId} ${title}`);
  doc
    .font('cjk')
    .fontSize(10)
    .fillColor('#444')
    .text(
      t(
        '国家自然科学基金数学天元基金—深圳“数学与智能+”重点专项',
        'NSFC Tianyuan Mathematics Fund – Shenzhen “Mathematics and Intelligence+” key projects',
      ),
    )
    .fillColor('black');
  doc.moveDown(0.5);
  doc.font('cjk-bold').fontSize(18).text(title);
  doc.moveDown(0.5);
  doc
    .font('cjk-bold')
    .fontSize(12)
    .text(`${project.externalId}  ${t(project.titleZh, project.titleEn)}`);
  doc
    .font('cjk')
    .fontSize(11)
    .text(t(`评审轮次：${f.nameZh}`, `Round: ${f.nameEn}`));
  doc.moveDown(0.5);
  const decision = f.decision ? word(DECISION, f.decision, lang) : t('尚无决定', 'no decision recorded');
  doc.text(t(`决定：${decision}`, `Decision: ${decision}`));
  if (f.amount != null)
    doc.text(t(`资助金额：${f.amount.toLocaleString('zh-CN')} 元`, `Amount: CNY ${f.amount.toLocaleString('en')}`));
  if (f.grade)
    doc.text(t(`中期评估等级：${word(GRADE, f.grade, lang)}`, `Mid-term grade: ${word(GRADE, f.grade, lang)}`));
  if (f.panelResult)
    doc.text(
      f.panelResult === 'PASSED'
        ? t('会议评审：专家组表决通过', 'Panel meeting: passed by the panel’s ballot')
        : t('会议评审：专家组表决未通过', 'Panel meeting: not passed by the panel’s ballot'),
    );
  doc.moveDown();
  doc.font('cjk-bold').fontSize(12).text(t('评审意见', 'Reviewers’ comments'));
  doc.font('cjk').fontSize(10.5);
  if (f.comments.length === 0) doc.text(t('无', 'None'));
  for (const c of f.comments) {
    doc.moveDown(0.3);
    doc.font('cjk-bold').text(t(`专家 ${c.code}`, `Reviewer ${c.code}`));
    doc.font('cjk').text(c.comment);
  }
  doc.moveDown();
  doc
    .fontSize(9)
    .fillColor('#666')
    .text(
      t(
        '评审专家以编号表示；本通知不含专家身份与保密意见。',
        'Reviewers are shown by code; this letter holds no reviewer identity and no confidential comment.',
      ),
    );
  numberPages(doc, t);
  doc.end();
  await done;
}
