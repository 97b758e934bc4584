import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { rawResponse } from '../common/http';
import { Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { badInput } from '../common/graphql/errors';
import { ExportsService } from './exports.service';
import { writeMinutesPdf, writeSummaryPdf } from './pdf';
import { langOf, methodOf, tableNamed } from './tables';
import { type Table, writeCsv, writeXlsx } from './tabular';

const MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** Takes the reply over and writes a file to it, with its type, name and no caching. */
function attachment(reply: FastifyReply, type: keyof typeof MIME, filename: string) {
  const res = rawResponse(reply);
  res.setHeader('Content-Type', MIME[type]);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  return res;
}

/** A table as CSV or XLSX into the reply. */
async function sendTable(reply: FastifyReply, t: Table, name: string, format: 'csv' | 'xlsx') {
  const res = attachment(reply, format, `${name}.${format}`);
  if (format === 'csv') await writeCsv(t, res);
  else await writeXlsx(t, res);
}

/**
 * Exports for programme officers (REST, bearer token): 401 without a token, 403 for other roles.
 * Every table of exports/tables.ts as CSV or XLSX from one route; reviewer summaries also as PDF.
 */
@Controller('exports/rounds/:roundId')
@Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** The dossier of one project for the panel meeting: its summary page, confidential comments included. */
  @Get('projects/:projectId/dossier.pdf')
  async dossier(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('projectId', new ParseUUIDPipe()) projectId: string,
    @Query('method') m: string | undefined,
    @Query('lang') l: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const lang = langOf(l);
    const round = await this.exports.round(roundId);
    const all = this.exports.summaries(roundId, methodOf(m));
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

  @Get(':table.:format')
  async table(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('table') name: string,
    @Param('format') format: string,
    @Query('confidential') confidential: string | undefined,
    @Query('method') m: string | undefined,
    @Query('lang') l: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const table = tableNamed(name);
    const q = {
      roundId,
      lang: langOf(l),
      method: methodOf(m),
      confidential: confidential === 'true' || confidential === '1',
    };
    const isPdf = format === 'pdf' && (name === 'reviewer-summaries' || name === 'panel-minutes');
    if (!isPdf && format !== 'csv' && format !== 'xlsx')
      throw badInput(
        'format',
        'must be csv or xlsx (reviewer summaries and panel minutes also pdf) / 须为 csv 或 xlsx（评审意见汇总与会议纪要也可为 pdf）',
      );
    const round = await this.exports.round(roundId);
    if (isPdf && name === 'panel-minutes') {
      const meetings = await this.exports.minutes(roundId, q.lang);
      await writeMinutesPdf(
        attachment(reply, 'pdf', `${name}.pdf`),
        { roundZh: round.nameZh, roundEn: round.nameEn },
        meetings,
        q.lang,
      );
      return;
    }
    if (isPdf) {
      await writeSummaryPdf(
        attachment(reply, 'pdf', `${name}.pdf`),
        { roundZh: round.nameZh, roundEn: round.nameEn },
        round.criteria,
        this.exports.summaries(roundId, q.method),
        q.confidential,
        q.lang,
      );
      return;
    }
    // built before the reply is taken over: a refusal still answers as a coded error
    await sendTable(reply, await table.build(this.exports, q), name, format === 'csv' ? 'csv' : 'xlsx');
  }
}

/** A call's exports (REST, bearer token): its budget by phase and year. */
@Controller('exports/programs/:programId')
@Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
export class ProgramExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('budget.:format')
  async budget(
    @Param('programId', new ParseUUIDPipe()) programId: string,
    @Param('format') format: string,
    @Query('lang') l: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    if (format !== 'csv' && format !== 'xlsx') throw badInput('format', 'must be csv or xlsx / 须为 csv 或 xlsx');
    await sendTable(reply, await this.exports.budgetTable(programId, langOf(l)), 'budget', format);
  }
}
