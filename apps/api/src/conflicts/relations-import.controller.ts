import { Controller, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor, type UploadedMultipartFile } from '@nestjs/platform-fastify';
import { asImportAnswer } from '../applications/import.service';
import { IMPORT_LIMITS } from '../applications/import-limits';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { dryRunParam } from '../common/database/dry-run';
import { badInput } from '../common/graphql/errors';
import { JobsService, type Progress } from '../jobs/jobs.service';
import { RelationsImportService } from './relations-import.service';

const LIMITS = { limits: { fileSize: IMPORT_LIMITS.bytes, files: 1, fields: 10 } };

/** Evidence for conflict detection, uploaded by officers (CSV or JSON). */
@Controller('imports')
@Roles(Role.PROGRAM_OFFICER)
export class RelationsImportController {
  constructor(
    private readonly imports: RelationsImportService,
    private readonly jobs: JobsService,
  ) {}

  /** `?run=<uuid>`: the web watches the run (stage, per cent) and may cancel it while it waits. */
  private async run<T>(
    kind: string,
    user: AuthUser,
    file: UploadedMultipartFile | undefined,
    q: { dryRun?: string; run?: string },
    fn: (b: Buffer, dryRun: boolean, progress: Progress) => Promise<T>,
  ): Promise<T> {
    const preview = dryRunParam(q.dryRun);
    if (!file)
      throw badInput('file', 'attach the CSV or JSON file as multipart field "file" / 请上传 CSV 或 JSON 文件');
    return asImportAnswer(() =>
      this.jobs.trackIf(q.run, kind, user.id, (progress) => fn(file.buffer!, preview, progress)),
    );
  }

  /** publication_id, year, title, authors (persons by id, e-mail or ORCID, separated by ;); `?dryRun=true` previews */
  @Post('publications')
  @UseInterceptors(FileInterceptor('file', LIMITS))
  publications(
    @UploadedFile() file: UploadedMultipartFile | undefined,
    @Query('dryRun') dryRun: string | undefined,
    @Query('run') run: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.run('import.publications', user, file, { dryRun, run }, (b, d, p) =>
      this.imports.importPublications(b, user, d, p),
    );
  }

  /** type (ADVISOR: person_a advised person_b; FAMILY), person_a, person_b; `?dryRun=true` previews */
  @Post('relations')
  @UseInterceptors(FileInterceptor('file', LIMITS))
  relations(
    @UploadedFile() file: UploadedMultipartFile | undefined,
    @Query('dryRun') dryRun: string | undefined,
    @Query('run') run: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.run('import.relations', user, file, { dryRun, run }, (b, d, p) =>
      this.imports.importRelations(b, user, d, p),
    );
  }
}
