import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { APP_CONFIG, type AppConfig } from '../common/config/config';
import { badInput, notFound } from '../common/graphql/errors';
import { documentStoreFor, type DocumentStore } from '../documents/document-store';
import { JobsService } from '../jobs/jobs.service';
import { ProgramEntity } from '../programs/program.entity';
import { purgeExpired, retentionStates, type PurgeResult, type RetentionState } from './purge';
import { UUID } from '../common/graphql/ids';

const PURGE_QUEUE = 'retention.purge';

/** Each call's retention (set by officers), and the purge that runs every night at 03:30 Beijing. */
@Injectable()
export class RetentionService implements OnModuleInit {
  private readonly log = new Logger('Retention');
  private readonly store: DocumentStore;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
  ) {
    this.store = documentStoreFor(config);
  }

  onModuleInit() {
    this.jobs.defineJob(
      { name: PURGE_QUEUE, retryLimit: 2, retryDelaySeconds: 600, expireInSeconds: 3600 },
      async () => {
        const done = await this.purge(new Date(), false, null);
        if (done.length) this.log.log(`purged past retention: ${JSON.stringify(done)}`);
      },
      { cron: '30 3 * * *' },
    );
  }

  async states(programId: string | null): Promise<RetentionState[]> {
    if (programId !== null && !UUID.test(programId)) throw notFound('program', programId);
    const s = await retentionStates(this.db.manager, programId);
    if (programId !== null && s.length === 0) throw notFound('program', programId);
    return s;
  }

  async set(programId: string, materialsYears: number, reviewsYears: number, actor: AuthUser) {
    for (const [field, v] of [
      ['materialsYears', materialsYears],
      ['reviewsYears', reviewsYears],
    ] as const)
      if (!Number.isInteger(v) || v < 1 || v > 50) throw badInput(field, 'whole years from 1 to 50 / 须为 1–50 年');
    if (reviewsYears < materialsYears)
      throw badInput(
        'reviewsYears',
        'reviews are kept at least as long as the materials / 评审意见的保存期限不得短于评审材料',
      );
    if (!UUID.test(programId)) throw notFound('program', programId);
    await this.db.transaction(async (m) => {
      const p = await m.findOne(ProgramEntity, { where: { id: programId }, lock: { mode: 'pessimistic_write' } });
      if (!p) throw notFound('program', programId);
      await m.update(
        ProgramEntity,
        { id: programId },
        { materialsRetentionYears: materialsYears, reviewsRetentionYears: reviewsYears },
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'retention.set',
          entity: 'program',
          entityId: programId,
          before: { materialsYears: p.materialsRetentionYears, reviewsYears: p.reviewsRetentionYears },
          after: { materialsYears, reviewsYears },
        },
        m,
      );
    });
    return (await this.states(programId))[0];
  }

  purge(now: Date, dryRun: boolean, actorId: string | null): Promise<PurgeResult[]> {
    return purgeExpired(this.db, this.audit, this.store, { now, dryRun, actorId });
  }

  /** The anonymised summaries of a round's purged reviews. */
  summaries(roundId: string) {
    if (!UUID.test(roundId)) throw notFound('round', roundId);
    return this.db.query(
      `SELECT s.application_id AS "projectId", a.external_id AS "externalId", s.reviews, s.mean, s.criteria, s.recommendations
         FROM review_summaries s JOIN applications a ON a.id = s.application_id WHERE s.round_id = $1 ORDER BY a.external_id`,
      [roundId],
    );
  }
}
