import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { rawResponse } from '../common/http';
import { Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { badInput } from '../common/graphql/errors';
import { beijingTime, type Lang } from '../common/i18n/texts';
import { DECISION, GRADE, inLang, RULE, SOURCE, word, YES_NO } from './labels';
import { ExportsService } from './exports.service';
import { writeSummaryPdf } from './pdf';
import { type Table, writeCsv, writeXlsx } from './tabular';
import { CONFLICT_BLOCKS } from '../conflicts/conflict-sql';

const METHODS = ['mean', 'zscore', 'calibrated'] as const;
type Method = (typeof METHODS)[number];
const FORMATS = ['csv', 'xlsx'] as const;
const MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

const method = (m: string | undefined): Method => {
  const v = (m ?? 'calibrated').toLowerCase();
  if (!(METHODS as readonly string[]).includes(v))
    throw badInput('method', 'must be mean, zscore or calibrated / 须为 mean、zscore 或 calibrated');
  return v as Method;
};

/** `?lang=zh` (the default) or `?lang=en`: every header, code and date of the file in that language. */
const exportLang = (l: string | undefined): Lang => {
  const v = (l ?? 'zh').toLowerCase();
  if (v === 'zh' || v === 'zh-cn') return 'zh';
  if (v === 'en' || v === 'en-us') return 'en';
  throw badInput('lang', 'must be zh or en / 须为 zh 或 en');
};

/** Exports for programme officers (REST, bearer token): 401 without a token, 403 for other roles. */
@Controller('exports/rounds/:roundId')
@Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  private async send(reply: FastifyReply, table: Table, name: string, format: string) {
    if (!(FORMATS as readonly string[]).includes(format))
      throw badInput('format', 'must be csv or xlsx / 须为 csv 或 xlsx');
    const res = rawResponse(reply);
    res.setHeader('Content-Type', MIME[format as 'csv' | 'xlsx']);
    res.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') await writeCsv(table, res);
    else await writeXlsx(table, res);
  }

  @Get('reviewer-summaries.:format')
  async summaries(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('format') format: string,
    @Query('confidential') confidential: string | undefined,
    @Query('method') m: string | undefined,
    @Query('lang') l: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const conf = confidential === 'true' || confidential === '1';
    const lang = exportLang(l);
    if (format === 'pdf') {
      const how = method(m);
      const round = await this.exports.round(roundId);
      const res = rawResponse(reply);
      res.setHeader('Content-Type', MIME.pdf);
      res.setHeader('Content-Disposition', `attachment; filename="reviewer-summaries.pdf"`);
      res.setHeader('Cache-Control', 'no-store');
      await writeSummaryPdf(
        res,
        { roundZh: round.nameZh, roundEn: round.nameEn },
        round.criteria,
        this.exports.summaries(roundId, how),
        conf,
        lang,
      );
      return;
    }
    await this.send(
      reply,
      await this.exports.reviewerSummaryTable(roundId, method(m), conf, lang),
      'reviewer-summaries',
      format,
    );
  }

  /** The dossier of one project for the panel meeting: its summary page, confidential comments included. */
  @Get('projects/:projectId/dossier.pdf')
  async dossier(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('projectId', new ParseUUIDPipe()) projectId: string,
    @Query('method') m: string | undefined,
    @Query('lang') l: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const lang = exportLang(l);
    const round = await this.exports.round(roundId);
    const all = this.exports.summaries(roundId, method(m));
    let found = false;
    const one = async function* () {
      for await (const p of all)
        if (p.projectId === projectId) {
          found = true;
          yield p;
        }
    };
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (c: Buffer) => chunks.push(c));
    await writeSummaryPdf(sink, { roundZh: round.nameZh, roundEn: round.nameEn }, round.criteria, one(), true, lang);
    if (!found) throw badInput('projectId', 'the project is not in this round / 该项目不在本轮次中');
    return reply
      .header('Content-Type', MIME.pdf)
      .header('Content-Disposition', `attachment; filename="dossier.pdf"`)
      .header('Cache-Control', 'no-store')
      .send(Buffer.concat(chunks));
  }

  @Get('ranking.:format')
  async ranking(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('format') format: string,
    @Query('method') m: string | undefined,
    @Query('lang') l: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    await this.send(reply, await this.exports.rankingTable(roundId, method(m), exportLang(l)), 'ranking', format);
  }

  @Get('decisions.:format')
  async decisions(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('format') format: string,
    @Query('lang') l: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const lang = exportLang(l);
    const t = inLang(lang);
    await this.exports.round(roundId);
    const table = await this.exports.queryTable(
      t('资助决定', 'Decisions'),
      [
        { key: 'direction', header: t('方向', 'Direction'), width: 8 },
        { key: 'external_id', header: t('申请编号', 'Application'), width: 16 },
        { key: 'title', header: t('项目名称', 'Title'), width: 40 },
        { key: 'decision', header: t('决定', 'Decision'), width: 12 },
        { key: 'amount', header: t('金额（元）', 'Amount (CNY)'), numFmt: '#,##0', width: 14 },
        { key: 'grade', header: t('等级', 'Grade'), width: 10 },
        { key: 'note', header: t('说明', 'Note'), width: 40 },
        { key: 'decided_at', header: t('决定时间（北京时间）', 'Decided at (Beijing time)'), width: 20 },
      ],
      `SELECT d.number AS direction, a.external_id, a.title_zh, a.title_en, f.decision, f.amount::float AS amount, f.grade, f.note, f.decided_at
         FROM funding_decisions f JOIN applications a ON a.id = f.application_id JOIN directions d ON d.id = a.direction_id
        WHERE f.round_id = $1 ORDER BY d.number, a.external_id`,
      [roundId],
      (r) => ({
        ...r,
        title: lang === 'en' ? r.title_en || r.title_zh : r.title_zh,
        decision: word(DECISION, r.decision as string, lang),
        grade: word(GRADE, r.grade as string | null, lang),
        decided_at: beijingTime(r.decided_at as Date | null),
      }),
    );
    await this.send(reply, table, 'decisions', format);
  }

  @Get('workload.:format')
  async workload(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('format') format: string,
    @Query('lang') l: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const t = inLang(exportLang(l));
    await this.exports.round(roundId);
    const table = await this.exports.queryTable(
      t('工作量', 'Workload'),
      [
        { key: 'name', header: t('专家', 'Reviewer'), width: 16 },
        { key: 'email', header: t('邮箱', 'E-mail'), width: 26 },
        { key: 'assigned', header: t('分配', 'Assigned'), width: 10 },
        { key: 'drafts', header: t('草稿', 'Drafts'), width: 10 },
        { key: 'submitted', header: t('已提交', 'Submitted'), width: 10 },
      ],
      `SELECT u.name, u.email, count(a.id)::int AS assigned,
              count(r.id) FILTER (WHERE r.status = 'DRAFT')::int AS drafts,
              count(r.id) FILTER (WHERE r.status = 'SUBMITTED')::int AS submitted
         FROM assignments a JOIN users u ON u.id = a.reviewer_id LEFT JOIN reviews r ON r.assignment_id = a.id
        WHERE a.round_id = $1 AND a.status = 'ACTIVE' GROUP BY u.name, u.email ORDER BY u.email`,
      [roundId],
    );
    await this.send(reply, table, 'workload', format);
  }

  @Get('conflicts.:format')
  async conflicts(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('format') format: string,
    @Query('lang') l: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const lang = exportLang(l);
    const t = inLang(lang);
    await this.exports.round(roundId);
    const table = await this.exports.queryTable(
      t('回避', 'Conflicts'),
      [
        { key: 'external_id', header: t('申请编号', 'Application'), width: 16 },
        { key: 'reviewer', header: t('专家', 'Reviewer'), width: 16 },
        { key: 'rule', header: t('规则', 'Rule'), width: 20 },
        { key: 'evidence', header: t('证据', 'Evidence'), width: 60 },
        { key: 'source', header: t('来源', 'Source'), width: 10 },
        { key: 'overridden', header: t('已豁免', 'Overridden'), width: 10 },
      ],
      `SELECT a.external_id, u.name AS reviewer, c.rule, c.evidence, c.evidence_zh, c.source,
              CASE WHEN ${CONFLICT_BLOCKS} THEN 'no' ELSE 'yes' END AS overridden
         FROM conflicts c JOIN applications a ON a.id = c.application_id JOIN users u ON u.id = c.reviewer_id
        WHERE c.round_id = $1 ORDER BY a.external_id, u.email, c.rule`,
      [roundId],
      (r) => ({
        ...r,
        rule: word(RULE, r.rule as string, lang),
        evidence: lang === 'zh' ? r.evidence_zh || r.evidence : r.evidence,
        source: word(SOURCE, r.source as string, lang),
        overridden: word(YES_NO, r.overridden as string, lang),
      }),
    );
    await this.send(reply, table, 'conflicts', format);
  }
}
