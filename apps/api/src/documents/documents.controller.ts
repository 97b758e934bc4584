import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor, type UploadedMultipartFile } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { badInput } from '../common/graphql/errors';
import { DocumentsService, MAX_DOCUMENT_BYTES } from './documents.service';

@Controller('documents')
export class DocumentsController {
  constructor(private readonly docs: DocumentsService) {}

  /**
   * Officers upload a proposal, mid-term report or evidence (PDF, multipart field "file"); a funded
   * project's leads upload its mid-term report and evidence while its report is not submitted.
   */
  @Post('projects/:projectId')
  @Roles(Role.PROGRAM_OFFICER, Role.PI)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 5 } }))
  async upload(
    @Param('projectId', new ParseUUIDPipe()) projectId: string,
    @Query('kind') kind: string | undefined,
    @UploadedFile() file: UploadedMultipartFile | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    if (!file) throw badInput('file', 'attach the PDF as multipart field "file" / 请上传 PDF 文件');
    const d = await this.docs.upload(projectId, kind ?? 'PROPOSAL', file.originalname, file.buffer!, user);
    return { id: d.id, kind: d.kind, filename: d.filename, size: d.size, sha256: d.sha256 };
  }

  /** Officers, or reviewers assigned to the project without a conflict. */
  @Get(':documentId')
  async download(
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ) {
    const { doc, stream } = await this.docs.openForRead(documentId, user);
    return reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Length', String(doc.size))
      .header(
        'Content-Disposition',
        `attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
      )
      .header('Cache-Control', 'private, no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .send(stream);
  }
}
