import {
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor, type UploadedMultipartFile } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

  /**
   * A document to read in the page (`inline`), or to keep with `?download=1`. Officers and a
   * project's leads get the original (officers a stamped copy with `?watermark=1`); reviewers and
   * panel members a copy stamped with their name, account and the time, to keep only where the
   * round allows it. Each view and download is recorded with the caller's address.
   */
  @Get(':documentId')
  async read(
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @Query('download') download: string | undefined,
    @Query('watermark') watermark: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const keep = flag('download', download);
    const { doc, body, size, watermarked } = await this.docs.openForRead(documentId, user, {
      download: keep,
      watermark: flag('watermark', watermark),
      ip: req.ip,
    });
    const name = watermarked ? doc.filename.replace(/(\.pdf)?$/i, '（水印）.pdf') : doc.filename;
    if (size !== null) reply.header('Content-Length', String(size));
    return reply
      .header('Content-Type', 'application/pdf')
      .header(
        'Content-Disposition',
        `${keep ? 'attachment' : 'inline'}; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .header('Cache-Control', 'private, no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .header('X-Watermarked', watermarked ? 'true' : 'false')
      .send(body);
  }
}

/** `?x=1|true|0|false` or absent. */
function flag(field: string, v: string | undefined): boolean {
  if (v === undefined || v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw badInput(field, 'must be 1, true, 0 or false / 须为 1、true、0 或 false');
}
