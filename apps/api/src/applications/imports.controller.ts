import { Controller, Get, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor, type UploadedMultipartFile } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { badInput } from '../common/graphql/errors';
import { templateCsv, templateXlsx } from './import-format';
import { asImportAnswer, ImportService } from './import.service';
import { IMPORT_LIMITS } from './import-limits';
import { UUID } from '../common/graphql/ids';
import { JobsService } from '../jobs/jobs.service';

const MAX_BYTES = IMPORT_LIMITS.bytes;

/** Bulk intake for programme officers: multipart upload of CSV or XLSX, all or nothing. */
@Controller('imports')
@Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
export class ImportsController {
  constructor(
    private readonly imports: ImportService,
    private readonly jobs: JobsService,
  ) {}

  @Post('applications')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_BYTES, files: 1, fields: 10 } }))
  async importApplications(
    @UploadedFile() file: UploadedMultipartFile | undefined,
    @Query('programId') programId: string,
    @Query('run') run: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    if (!programId || !UUID.test(programId))
      throw badInput(
        'programId',
        'the query parameter programId must be a programme id / 查询参数 programId 须为资助计划编号',
      );
    if (!file) throw badInput('file', 'attach the CSV or XLSX file as multipart field "file" / 请上传文件');
    // `?run=<uuid>`: the web watches the run (stage, per cent) and may cancel it while it waits
    return asImportAnswer(() =>
      this.jobs.trackIf(run, 'import.applications', user.id, (progress) =>
        this.imports.importApplications(programId, file.buffer!, user, undefined, progress),
      ),
    );
  }

  @Get('applications/template.csv')
  templateCsv(@Res() reply: FastifyReply) {
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="applications-template.csv"')
      .send(templateCsv());
  }

  @Get('applications/template.xlsx')
  async templateXlsx(@Res() reply: FastifyReply) {
    const body = await templateXlsx();
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', 'attachment; filename="applications-template.xlsx"')
      .send(body);
  }
}
