import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { AuditService } from '../audit/audit.service';
import { mayReadDocument } from '../common/auth/access';
import type { AuthUser } from '../common/auth/decorators';
import { APP_CONFIG, type AppConfig } from '../common/config/config';
import { DomainError, badInput, notFound } from '../common/graphql/errors';
import { DocumentEntity } from './document.entity';
import { documentStoreFor, type DocumentStore } from './document-store';
import { pairBlocked } from '../conflicts/conflict-sql';
import { pledgeInForceSql } from '../pledges/pledge-access';
import { isOfficer } from '../common/auth/access';
import { leadProjectIds } from '../teams/leads';

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
   * Officers, and reviewers with an active assignment on the project in a round under way (OPEN or
   * CLOSED, not finalized) without a conflict in that round.
   */
  async openForRead(documentId: string, actor: AuthUser) {
    const doc = await this.db.getRepository(DocumentEntity).findOneBy({ id: documentId });
    if (!doc) throw notFound('document', documentId);
    const reviewsItNow = async () => {
      const rows: unknown[] = await this.db.query(
        `SELECT 1 FROM assignments a JOIN review_rounds r ON r.id = a.round_id
          WHERE a.application_id = $1 AND a.reviewer_id = $2 AND a.status = 'ACTIVE' AND r.status IN ('OPEN', 'CLOSED')
            AND NOT ${pairBlocked('a')}
            AND ${pledgeInForceSql('r', 'a.reviewer_id')}
          LIMIT 1`,
        [doc.applicationId, actor.id],
      );
      return rows.length > 0;
    };
    // the project's own leads; members of a mid-term defence under way that has the project on its
    // agenda read its mid-term report and evidence (never with a conflict on the project, in any round)
    const teamOrPanel = async () =>
      (await leadProjectIds(this.db.manager, actor)).includes(doc.applicationId) ||
      (doc.kind !== 'PROPOSAL' &&
        (
          await this.db.query(
            `SELECT 1 FROM panel_members pm JOIN panel_meetings mt ON mt.id = pm.meeting_id
               JOIN review_rounds r ON r.id = mt.round_id AND r.kind = 'MIDTERM' AND r.status <> 'FINALIZED'
               JOIN panel_items i ON i.meeting_id = mt.id AND i.application_id = $1
              WHERE pm.user_id = $2
                AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.application_id = $1 AND c.reviewer_id = $2)
              LIMIT 1`,
            [doc.applicationId, actor.id],
          )
        ).length > 0);
    // not yours: indistinguishable from a missing document
    if (!(await mayReadDocument(actor, async () => (await reviewsItNow()) || (await teamOrPanel()))))
      throw notFound('document', documentId);
    const stream = /^[0-9a-f]{64}$/.test(doc.sha256)
      ? await this.storeCall('download', () => this.store.open(doc.sha256))
      : null;
    if (!stream) throw notFound('document file', documentId);
    return { doc, stream };
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

  list(projectId: string) {
    return this.db
      .getRepository(DocumentEntity)
      .find({ where: { applicationId: projectId }, order: { uploadedAt: 'ASC' } });
  }
}
