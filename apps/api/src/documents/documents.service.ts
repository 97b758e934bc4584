import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { APP_CONFIG, type AppConfig } from '../common/config/config';
import { DomainError, badInput, notFound } from '../common/graphql/errors';
import { DocumentEntity } from './document.entity';
import { documentStoreFor, type DocumentStore } from './document-store';
import { isOfficer } from '../common/auth/access';
import { ByteCache } from '../common/byte-cache';
import { decodeCursor, encodeCursor } from '../common/graphql/cursor';
import { coversKind, materialAccess } from './material-access';
import { unreadable, UnreadablePdf, watermarkPdf } from './watermark';
import { leadProjectIds } from '../teams/leads';
import { checkFirst } from '../common/graphql/page';
import { checkIds } from '../common/graphql/ids';

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const KINDS = ['PROPOSAL', 'MIDTERM_REPORT', 'EVIDENCE'] as const;
/** what a funded team attaches to its progress report */
const TEAM_KINDS = ['MIDTERM_REPORT', 'EVIDENCE'];

/**
 * Proposals and mid-term reports (PDF). Files are stored by content hash, under DATA_DIR/documents
 * or in an S3-compatible bucket (document-store.ts): the key never comes from the client, so
 * nothing is written outside the store. Type is checked by content (%PDF-), not by name. The bytes
 * are stored before the row that points at them, so a row never names a missing file.
 */
@Injectable()
export class DocumentsService {
  readonly store: DocumentStore;
  private readonly log = new Logger('Documents');
  private readonly stampCache = new ByteCache(64 * 1024 * 1024, 15 * 60_000);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.store = documentStoreFor(config);
  }

  async upload(
    projectId: string,
    kind: string,
    filename: string,
    buf: Buffer,
    actor: AuthUser,
  ): Promise<DocumentEntity> {
    if (!(KINDS as readonly string[]).includes(kind))
      throw badInput(
        'kind',
        'must be PROPOSAL, MIDTERM_REPORT or EVIDENCE / 须为申请书（PROPOSAL）、中期报告（MIDTERM_REPORT）或佐证材料（EVIDENCE）',
      );
    if (!isOfficer(actor)) {
      // a project's lead attaches the mid-term report and evidence, while its report is not submitted
      if (!(await leadProjectIds(this.db.manager, actor)).includes(projectId)) throw notFound('project', projectId);
      if (!TEAM_KINDS.includes(kind))
        throw badInput('kind', 'a team uploads MIDTERM_REPORT or EVIDENCE / 项目组可上传中期报告或佐证材料');
      const [locked] = await this.db.query(
        `SELECT 1 FROM progress_reports p JOIN review_rounds r ON r.id = p.round_id
          WHERE p.application_id = $1 AND p.status = 'SUBMITTED' AND r.status <> 'FINALIZED' LIMIT 1`,
        [projectId],
      );
      if (locked)
        throw new DomainError(
          'BAD_USER_INPUT',
          'the report is submitted; the programme office may return it for changes / 报告已提交；如需修改请联系项目主管退回',
          { field: 'projectId', reason: 'REPORT_SUBMITTED' },
        );
    }
    if (buf.length === 0) throw badInput('file', 'the file is empty / 文件为空');
    if (buf.length > MAX_DOCUMENT_BYTES)
      throw badInput(
        'file',
        `at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB / 不能超过 ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`,
      );
    if (buf.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw badInput('file', 'not a PDF (the content does not start with %PDF-) / 仅接受 PDF 文件');
    // read now, so that every stored file can be shown in the page with a watermark later
    const problem = await unreadable(buf);
    if (problem) throw badInput('file', problem);
    const app = await this.db.getRepository(ApplicationEntity).findOneBy({ id: projectId });
    if (!app) throw notFound('project', projectId);
    const sha256 = createHash('sha256').update(buf).digest('hex');
    await this.storeCall('upload', () => this.store.put(sha256, buf));
    const safeName = (filename || 'document.pdf').replace(/[\\/\u0000-\u001f"]/g, '_').slice(0, 200);
    return this.db.transaction(async (m) => {
      const doc = await m.save(
        DocumentEntity,
        m.create(DocumentEntity, {
          applicationId: projectId,
          kind: kind as DocumentEntity['kind'],
          filename: safeName,
          contentType: 'application/pdf',
          size: buf.length,
          sha256,
          uploadedBy: actor.id,
        }),
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'document.upload',
          entity: 'document',
          entityId: doc.id,
          after: { projectId, kind, filename: safeName, size: buf.length, sha256 },
        },
        m,
      );
      return doc;
    });
  }

  /**
   * A document to read (`download`: to keep) for `actor`, as {@link materialAccess} allows: officers
   * and a project's leads get the original; reviewers and panel members a copy stamped with their
   * name, account and the time, and a file to keep only where the round allows it. Every view and
   * download is recorded in the audit trail (who, which document, when, from which address).
   * `watermark` asks for a stamped copy where the original would be served (officers' exports).
   */
  async openForRead(
    documentId: string,
    actor: AuthUser,
    opts: { download?: boolean; watermark?: boolean; ip?: string | null } = {},
  ): Promise<{ doc: DocumentEntity; body: Buffer | Readable; size: number | null; watermarked: boolean }> {
    const doc = await this.db.getRepository(DocumentEntity).findOneBy({ id: documentId });
    if (!doc) throw notFound('document', documentId);
    const [access] = await materialAccess(this.db.manager, actor, [doc.applicationId]);
    // not yours (any more): indistinguishable from a missing document
    if (!coversKind(access, doc.kind)) throw notFound('document', documentId);
    if (opts.download && !access.download)
      throw new DomainError(
        'FORBIDDEN',
        'download: this round’s materials are read in the page only / 本轮评审材料仅限在线阅读，不提供下载',
        { field: 'download', reason: 'DOWNLOAD_NOT_ALLOWED' },
      );
    const watermark = access.watermark || (opts.watermark === true && access.how === 'officer');
    let body: Buffer | Readable;
    let size: number | null = doc.size;
    if (watermark) {
      body = await this.stamped(doc, actor);
      size = body.length;
    } else {
      const stream = /^[0-9a-f]{64}$/.test(doc.sha256)
        ? await this.storeCall('download', () => this.store.open(doc.sha256))
        : null;
      if (!stream) throw notFound('document file', documentId);
      body = stream;
    }
    await this.audit.record({
      actorId: actor.id,
      action: opts.download ? 'document.download' : 'document.view',
      entity: 'document',
      entityId: doc.id,
      after: {
        projectId: doc.applicationId,
        kind: doc.kind,
        roundId: access.roundId,
        as: access.how,
        watermarked: watermark,
        ip: opts.ip ?? null,
      },
    });
    return { doc, body, size, watermarked: watermark };
  }

  /**
   * The copy stamped for `actor`, cached per reader and file for a quarter of an hour (its time is
   * when it was stamped), within a bounded memory budget.
   */
  private async stamped(doc: DocumentEntity, actor: AuthUser): Promise<Buffer> {
    const key = `${doc.sha256}|${actor.id}`;
    const hit = this.stampCache.get(key);
    if (hit) return hit;
    const stream = /^[0-9a-f]{64}$/.test(doc.sha256)
      ? await this.storeCall('download', () => this.store.open(doc.sha256))
      : null;
    if (!stream) throw notFound('document file', doc.id);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    try {
      const out = await watermarkPdf(Buffer.concat(chunks), {
        name: actor.name || actor.email,
        account: actor.email,
        at: new Date(),
      });
      this.stampCache.set(key, out);
      return out;
    } catch (e) {
      if (!(e instanceof UnreadablePdf)) throw e;
      this.log.error(`document ${doc.id} cannot be stamped: ${e.message}`);
      throw new DomainError(
        'INFEASIBLE',
        'this file cannot be shown with a watermark; ask the programme office to upload it again / 该文件无法加水印显示，请联系项目主管重新上传',
        { id: doc.id, reason: 'UNREADABLE_PDF' },
      );
    }
  }

  /** A store that cannot be reached is the caller's 503, not a stack trace; nothing is recorded. */
  private async storeCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      this.log.error(`document store (${this.store.kind}) ${what} failed: ${(e as Error).message}`);
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        'the document store is unavailable, nothing was changed; try again later / 文件存储暂不可用，请稍后重试',
      );
    }
  }

  /**
   * Views and downloads of documents, newest first, a page at a time (keyset on the audit entry):
   * of a round's projects, of one document, or by one reader.
   */
  async accesses(
    f: { roundId: string | null; documentId: string | null; userId: string | null },
    first: number,
    after: string | null,
  ) {
    checkIds(f);
    checkFirst(first);
    const before = after === null ? null : decodeCursor(after, 'after', 1)[0];
    if (before !== null && !/^\d{1,19}$/.test(before))
      throw badInput('after', 'is not a cursor this list gave / 不是本列表给出的游标');
    const where = `l.entity = 'document' AND l.action IN ('document.view', 'document.download')
        AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM round_projects rp WHERE rp.round_id = $1 AND rp.application_id = d.application_id))
        AND ($2::text IS NULL OR l.entity_id = $2) AND ($3::uuid IS NULL OR l.actor_id = $3)`;
    const params = [f.roundId, f.documentId, f.userId];
    const [rows, [{ total }]] = await Promise.all([
      this.db.query(
        `SELECT l.id, l.at, l.actor_id AS "userId", u.name AS "userName", u.email AS "userEmail",
                CASE l.action WHEN 'document.download' THEN 'DOWNLOAD' ELSE 'VIEW' END AS action,
                d.id AS "documentId", d.kind, d.filename, a.id AS "projectId", a.external_id AS "externalId",
                l.after->>'ip' AS ip, COALESCE((l.after->>'watermarked')::boolean, false) AS watermarked
           FROM audit_log l JOIN documents d ON d.id::text = l.entity_id JOIN applications a ON a.id = d.application_id
           LEFT JOIN users u ON u.id = l.actor_id
          WHERE ${where} AND ($4::bigint IS NULL OR l.id < $4)
          ORDER BY l.id DESC LIMIT $5`,
        [...params, before, first + 1],
      ),
      this.db.query(
        `SELECT count(*)::int AS total FROM audit_log l JOIN documents d ON d.id::text = l.entity_id WHERE ${where}`,
        params,
      ),
    ]);
    const items = (rows as { id: string }[]).slice(0, first);
    const hasMore = rows.length > first;
    return {
      items: items as never[],
      total: total as number,
      hasMore,
      endCursor: hasMore ? encodeCursor([items[items.length - 1].id]) : null,
    };
  }

  list(projectId: string) {
    return this.db
      .getRepository(DocumentEntity)
      .find({ where: { applicationId: projectId }, order: { uploadedAt: 'ASC' } });
  }
}
