import { criterionScoreProblem, weightedTotal } from '@app/scoring';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PledgesService } from '../pledges/pledges.service';
import { ReviewEntity } from './review.entity';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { AuditService } from '../audit/audit.service';
import { isAssignee } from '../common/auth/access';
import type { AuthUser } from '../common/auth/decorators';
import { DomainError, badInput, notFound } from '../common/graphql/errors';
import { ConflictsService } from '../conflicts/conflicts.service';
import { RATINGS } from '../rounds/defaults';
import { RoundEntity } from '../rounds/round.entity';
import { RoundsService } from '../rounds/rounds.service';

export interface ReviewInputData {
  scores: { criterionKey: string; score: number }[];
  rating?: string | null;
  recommendation?: string | null;
  commentToApplicant?: string | null;
  confidentialComment?: string | null;
}

const MAX_COMMENT = 20000;
const view = (r: ReviewEntity) => ({
  status: r.status,
  version: r.version,
  scores: r.scores,
  total: r.total,
  rating: r.rating,
  recommendation: r.recommendation,
});

@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly rounds: RoundsService,
    private readonly conflicts: ConflictsService,
    private readonly pledges: PledgesService,
  ) {}

  /** The assignment of the caller, with its round, checked for every rule of writing a review. */
  private async writable(m: EntityManager, assignmentId: string, actor: AuthUser) {
    const a = await m.findOneBy(AssignmentEntity, { id: assignmentId });
    // Another reviewer's assignment is indistinguishable from a missing one.
    if (!a || !isAssignee(actor, a)) throw notFound('assignment', assignmentId);
    if (a.status !== 'ACTIVE') throw badInput('assignmentId', `the assignment is ${a.status}`);
    const round = await m.findOneByOrFail(RoundEntity, { id: a.roundId });
    this.rounds.assertWritable(round);
    if (await this.conflicts.isBlocked(a.roundId, a.applicationId, a.reviewerId, m))
      this.conflicts.assertNotConflicted(true);
    await this.pledges.assertSigned(round, actor, m);
    return { a, round };
  }

  private validate(round: RoundEntity, input: ReviewInputData) {
    if (!Array.isArray(input.scores))
      throw badInput('scores', 'must be a list of { criterionKey, score } / 须为评分列表');
    const byKey = new Map(round.criteria.map((c) => [c.key, c]));
    const scores: Record<string, number> = {};
    for (const [i, s] of input.scores.entries()) {
      const c = byKey.get(s.criterionKey);
      if (!c)
        throw badInput(
          `scores[${i}].criterionKey`,
          `unknown criterion '${s.criterionKey}' (one of ${[...byKey.keys()].join(', ')})`,
        );
      if (s.criterionKey in scores)
        throw badInput(`scores[${i}].criterionKey`, `criterion ${s.criterionKey} is given twice`);
      const problem = criterionScoreProblem(c, s.score);
      if (problem) throw badInput(`scores.${s.criterionKey}`, problem);
      scores[s.criterionKey] = s.score;
    }
    if (input.rating != null && !(RATINGS as readonly string[]).includes(input.rating))
      throw badInput('rating', `must be one of ${RATINGS.join(', ')} (优/良/中/差)`);
    if (input.recommendation != null && !round.recommendationOptions.includes(input.recommendation)) {
      throw badInput('recommendation', `must be one of ${round.recommendationOptions.join(', ')}`);
    }
    for (const k of ['commentToApplicant', 'confidentialComment'] as const) {
      const v = input[k];
      if (v != null && typeof v !== 'string') throw badInput(k, 'must be text / 须为文本');
      if (v && v.length > MAX_COMMENT) throw badInput(k, `at most ${MAX_COMMENT} characters / 最多 ${MAX_COMMENT} 字`);
    }
    const complete = round.criteria.every((c) => c.key in scores);
    const total = complete ? weightedTotal(round.criteria, scores) : null;
    return { scores, total };
  }

  /**
   * Creates or updates the caller's draft. With expectedVersion, the write happens only if the
   * stored version is still that one (VERSION_CONFLICT otherwise): no update is ever lost.
   */
  async save(
    assignmentId: string,
    input: ReviewInputData,
    expectedVersion: number | null | undefined,
    actor: AuthUser,
  ): Promise<ReviewEntity> {
    return this.db.transaction(async (m) => {
      const { round } = await this.writable(m, assignmentId, actor);
      const { scores, total } = this.validate(round, input);
      const existing = await m.findOne(ReviewEntity, { where: { assignmentId }, lock: { mode: 'pessimistic_write' } });
      if (!existing) {
        if (expectedVersion != null && expectedVersion !== 0)
          throw new DomainError('VERSION_CONFLICT', `expected version ${expectedVersion} but no review exists yet`, {
            currentVersion: 0,
          });
        const created = m.create(ReviewEntity, {
          assignmentId,
          status: 'DRAFT',
          version: 1,
          scores,
          total,
          rating: input.rating ?? null,
          recommendation: input.recommendation ?? null,
          commentToApplicant: input.commentToApplicant ?? '',
          confidentialComment: input.confidentialComment ?? '',
          updatedAt: new Date(),
        });
        try {
          await m.insert(ReviewEntity, created);
        } catch (e) {
          if ((e as { code?: string }).code === '23505')
            throw new DomainError(
              'VERSION_CONFLICT',
              'the review was created meanwhile; reload it / 评审意见已在其他窗口创建，请刷新',
              {
                currentVersion: 1,
              },
            );
          throw e;
        }
        await this.audit.record(
          { actorId: actor.id, action: 'review.create', entity: 'review', entityId: created.id, after: view(created) },
          m,
        );
        return created;
      }
      if (existing.status === 'SUBMITTED')
        throw badInput(
          'assignmentId',
          'the review is submitted; withdraw the submission to edit it / 已提交，请先撤回',
        );
      if (expectedVersion != null && expectedVersion !== existing.version) {
        throw new DomainError(
          'VERSION_CONFLICT',
          `the review changed meanwhile (version ${existing.version}, expected ${expectedVersion}); reload it / 评审意见已被修改，请刷新`,
          { currentVersion: existing.version },
        );
      }
      const before = view(existing);
      const changes = {
        scores,
        total,
        rating: input.rating ?? null,
        recommendation: input.recommendation ?? null,
        commentToApplicant: input.commentToApplicant ?? '',
        confidentialComment: input.confidentialComment ?? '',
        version: existing.version + 1,
        updatedAt: new Date(),
      };
      // One UPDATE by id (save() would read the row again first, while this transaction holds its lock)
      await m.update(ReviewEntity, { id: existing.id }, changes);
      Object.assign(existing, changes);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'review.save',
          entity: 'review',
          entityId: existing.id,
          before,
          after: view(existing),
        },
        m,
      );
      return existing;
    });
  }

  /** Submits a complete draft; submitting an already submitted review answers it unchanged (idempotent). */
  async submit(assignmentId: string, expectedVersion: number, actor: AuthUser): Promise<ReviewEntity> {
    return this.db.transaction(async (m) => {
      const { round } = await this.writable(m, assignmentId, actor);
      const r = await m.findOne(ReviewEntity, { where: { assignmentId }, lock: { mode: 'pessimistic_write' } });
      if (!r)
        throw badInput(
          'assignmentId',
          'there is no draft to submit; save the review first / 尚无可提交的草稿，请先保存',
        );
      if (r.status === 'SUBMITTED' && (expectedVersion === r.version || expectedVersion === r.version - 1)) return r;
      if (expectedVersion !== r.version)
        throw new DomainError(
          'VERSION_CONFLICT',
          `the review changed meanwhile (version ${r.version}, expected ${expectedVersion}); reload it`,
          { currentVersion: r.version },
        );
      const missing = round.criteria.filter((c) => !(c.key in r.scores)).map((c) => c.key);
      if (missing.length)
        throw badInput(`scores.${missing[0]}`, `not scored yet (missing: ${missing.join(', ')}) / 尚有评分项未填写`);
      if (!r.rating) throw badInput('rating', 'choose a rating (优/良/中/差) before submitting / 提交前请选择总体评价');
      if (!r.recommendation)
        throw badInput(
          'recommendation',
          `choose a recommendation (${round.recommendationOptions.join(', ')}) before submitting`,
        );
      const before = view(r);
      r.status = 'SUBMITTED';
      r.submittedAt = new Date();
      r.version += 1;
      r.total = weightedTotal(round.criteria, r.scores);
      await m.save(r);
      await this.audit.record(
        { actorId: actor.id, action: 'review.submit', entity: 'review', entityId: r.id, before, after: view(r) },
        m,
      );
      return r;
    });
  }

  /** Back to draft while the round is open. */
  async withdraw(assignmentId: string, expectedVersion: number, actor: AuthUser): Promise<ReviewEntity> {
    return this.db.transaction(async (m) => {
      await this.writable(m, assignmentId, actor);
      const r = await m.findOne(ReviewEntity, { where: { assignmentId }, lock: { mode: 'pessimistic_write' } });
      if (!r || r.status !== 'SUBMITTED')
        throw badInput('assignmentId', 'the review is not submitted / 评审意见尚未提交');
      if (expectedVersion !== r.version)
        throw new DomainError(
          'VERSION_CONFLICT',
          `the review changed meanwhile (version ${r.version}, expected ${expectedVersion})`,
          { currentVersion: r.version },
        );
      const before = view(r);
      r.status = 'DRAFT';
      r.submittedAt = null;
      r.version += 1;
      await m.save(r);
      await this.audit.record(
        { actorId: actor.id, action: 'review.withdraw', entity: 'review', entityId: r.id, before, after: view(r) },
        m,
      );
      return r;
    });
  }

  byAssignment(assignmentId: string) {
    return this.db.getRepository(ReviewEntity).findOneBy({ assignmentId });
  }
}
