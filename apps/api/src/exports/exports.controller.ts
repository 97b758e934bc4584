import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { rawResponse } from '../common/http';
import { Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { badInput } from '../common/graphql/errors';
import { ExportsService } from './exports.service';
import { writeSummaryPdf } from './pdf';
import { langOf, methodOf, tableNamed } from './tables';
import { writeCsv, writeXlsx } from './tabular';

const MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

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
    const isPdf = format === 'pdf' && name === 'reviewer-summaries';
    if (!isPdf && format !== 'csv' && format !== 'xlsx')
      throw badInput('format', 'must be csv or xlsx (reviewer summaries also pdf) / 须为 csv 或 xlsx');
    const round = await this.exports.round(roundId);
    // built before the reply is taken over: a refusal still answers as a coded error
    const t = isPdf ? null : await table.build(this.exports, q);
    const res = rawResponse(reply);
    res.setHeader('Content-Type', MIME[isPdf ? 'pdf' : format === 'csv' ? 'csv' : 'xlsx']);
    res.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (!t) {
      await writeSummaryPdf(
        res,
        { roundZh: round.nameZh, roundEn: round.nameEn },
        round.criteria,
        this.exports.summaries(roundId, q.method),
        q.confidential,
        q.lang,
      );
      return;
    }
    if (format === 'csv') await writeCsv(t, res);
    else await writeXlsx(t, res);
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
    const table = await this.exports.budgetTable(programId, langOf(l));
    const res = rawResponse(reply);
    res.setHeader('Content-Type', MIME[format]);
    res.setHeader('Content-Disposition', `attachment; filename="budget.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') await writeCsv(table, res);
    else await writeXlsx(table, res);
  }
}
