import { Controller, Get, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor, type UploadedMultipartFile } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { asImportAnswer } from '../applications/import.service';
import { type TableSpec, templateCsv, templateXlsx } from '../applications/import-format';
import { IMPORT_LIMITS } from '../applications/import-limits';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { dryRunParam } from '../common/database/dry-run';
import { badInput } from '../common/graphql/errors';
import { JobsService } from '../jobs/jobs.service';
import { EXPERTS_TABLE, ExpertsService } from './experts.service';
import { INSTITUTIONS_TABLE, InstitutionsService } from './institutions.service';

const LIMITS = { limits: { fileSize: IMPORT_LIMITS.bytes, files: 1, fields: 10 } };
const TABLES: Record<string, TableSpec> = { experts: EXPERTS_TABLE, institutions: INSTITUTIONS_TABLE };

/** The expert pool and the institutions, imported by officers from CSV or XLSX (all or nothing; `?dryRun=true` previews). */
@Controller('imports')
@Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
export class ExpertsImportController {
  constructor(
    private readonly experts: ExpertsService,
    private readonly institutions: InstitutionsService,
    private readonly jobs: JobsService,
  ) {}

  @Post('experts')
  @UseInterceptors(FileInterceptor('file', LIMITS))
  importExperts(
    @UploadedFile() file: UploadedMultipartFile | undefined,
    @Query('dryRun') dryRun: string | undefined,
    @Query('run') run: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    const preview = dryRunParam(dryRun);
    if (!file) throw badInput('file', 'attach the CSV or XLSX file as multipart field "file" / 请上传文件');
    return asImportAnswer(() =>
      this.jobs.trackIf(run, 'import.experts', user.id, (progress) =>
        this.experts.importFile(file.buffer!, user, preview, progress),
      ),
    );
  }

  @Post('institutions')
  @UseInterceptors(FileInterceptor('file', LIMITS))
  importInstitutions(
    @UploadedFile() file: UploadedMultipartFile | undefined,
    @Query('dryRun') dryRun: string | undefined,
    @Query('run') run: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    const preview = dryRunParam(dryRun);
    if (!file) throw badInput('file', 'attach the CSV or XLSX file as multipart field "file" / 请上传文件');
    return asImportAnswer(() =>
      this.jobs.trackIf(run, 'import.institutions', user.id, (progress) =>
        this.institutions.importFile(file.buffer!, user, preview, progress),
      ),
    );
  }

  @Get(':table/template.:format')
  async template(@Param('table') table: string, @Param('format') format: string, @Res() reply: FastifyReply) {
    const spec = TABLES[table];
    if (!spec) throw badInput('table', `no template '${table}': experts or institutions / 没有该模板`);
    if (format === 'csv')
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${table}-template.csv"`)
        .send(templateCsv(spec));
    if (format === 'xlsx')
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', `attachment; filename="${table}-template.xlsx"`)
        .send(await templateXlsx(spec));
    throw badInput('format', 'csv or xlsx / 须为 csv 或 xlsx');
  }
}
