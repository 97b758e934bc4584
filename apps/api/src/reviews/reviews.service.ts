import { criterionScoreProblem, weightedTotal } from '@app/scoring';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PledgesService } from '../pledges/pledges.service';
import { ReviewEntity } from './review.entity';
import { AuditService } from '../audit/audit.service';
import { isAssignee } from '../common/auth/access';
import type { AuthUser } from '../common/auth/decorators';
import { DomainError, badInput, notFound, pgErrorCode } from '../common/graphql/errors';
import { checkIds } from '../common/graphql/ids';
import { pairBlocked } from '../conflicts/conflict-sql';
import { ConflictsService } from '../conflicts/conflicts.service';
import { RATINGS } from '../rounds/defaults';
import type { RoundEntity } from '../rounds/round.entity';
import { RoundsService } from '../rounds/rounds.service';

/** What writing a review needs of its round. */
type WritableRound = Pick<
  RoundEntity,
  'id' | 'status' | 'opensAt' | 'closesAt' | 'criteria' | 'recommendationOptions' | 'settings'
>;

export interface ReviewInputData {
  scores: { criterionKey: string; score: number }[];
  rating?: string | null;
  recommendation?: string | null;
  commentToApplicant?: string | null;
  confidentialComment?: string | null;
}

const MAX_COMMENT = 20000;

/** What the audit trail keeps of a review before and after a change (each a column of the same name). */
const VIEW = ['status', 'version', 'scores', 'total', 'rating', 'recommendation'] as const;
const view = (r: ReviewEntity) => Object.fromEntries(VIEW.map((k) => [k, r[k]]));
const viewSql = (t: string) => `jsonb_build_object(${VIEW.map((k) => `'${k}', ${t}.${k}`).join(', ')})`;

/** A draft review as ReviewEntity's properties, from a row of `reviews` aliased `t`. */
const reviewColumns = (t: string) =>
  `${t}.id, ${t}.assignment_id AS "assignmentId", ${t}.status, ${t}.version, ${t}.scores, ${t}.total, ${t}.rating,
   ${t}.recommendation, ${t}.comment_to_applicant AS "commentToApplicant",
   ${t}.confidential_comment AS "confidentialComment", ${t}.submitted_at AS "submittedAt",
   ${t}.created_at AS "createdAt", ${t}.updated_at AS "updatedAt"`;

/**
 * Saves a draft: locks the assignment's review as it reads it (old), updates it when it is a draft
 * of the expected version ($8, or any), and appends the audit entry, all in one statement. No row:
 * no review yet. A row with saved false: the stored status and version say why nothing was written.
 */
const SAVE_DRAFT = `
  WITH old AS (SELECT id, ${VIEW.join(', ')} FROM reviews WHERE assignment_id = $1 FOR UPDATE),
  upd AS (
    UPDATE reviews r SET scores = $2::jsonb, total = $3::float8, rating = $4, recommendation = $5,
           comment_to_applicant = $6, confidential_comment = $7, version = r.version + 1, updated_at = now()
      FROM old
     WHERE r.id = old.id AND r.status = 'DRAFT' AND ($8::int IS NULL OR r.version = $8::int)
    RETURNING r.*),
  aud AS (
    INSERT INTO audit_log (actor_id, action, entity, entity_id, before, after)
    SELECT $9::uuid, 'review.save', 'review', upd.id::text, ${viewSql('old')}, ${viewSql('upd')}
      FROM upd JOIN old ON old.id = upd.id)
  SELECT old.status AS "oldStatus", old.version AS "oldVersion", upd.id IS NOT NULL AS saved, ${reviewColumns('upd')}
    FROM old LEFT JOIN upd ON upd.id = old.id`;

@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly rounds: RoundsService,
    private readonly conflicts: ConflictsService,
    private readonly pledges: PledgesService,
  ) {}

  /**
   * The assignment of the caller, with its round, checked for every rule of writing a review, in
   * one statement: the assignment, its round, whether the pair is blocked by a conflict and which
   * pledge versions the caller signed for the round. The checks run in the order a reviewer would
   * meet them: someone else's assignment (indistinguishable from a missing one), an ended
   * assignment, a closed round, a conflict, an unsigned pledge.
   */
  private async writable(m: EntityManager, assignmentId: string, actor: AuthUser): Promise<{ round: WritableRound }> {
    checkIds({ assignmentId });
    const [row] = (await m.query(
      `SELECT a.reviewer_id AS "reviewerId", a.status AS "assignmentStatus", r.id, r.status, r.opens_at AS "opensAt",
              r.closes_at AS "closesAt", r.criteria, r.recommendation_options AS "recommendationOptions", r.settings,
              ${pairBlocked('a')} AS blocked,
              ARRAY(SELECT p.version FROM pledges p WHERE p.round_id = a.round_id AND p.user_id = $2) AS "signedVersions"
         FROM assignments a JOIN review_rounds r ON r.id = a.round_id
        WHERE a.id = $1`,
      [assignmentId, actor.id],
    )) as (WritableRound & {
      reviewerId: string;
      assignmentStatus: string;
      blocked: boolean;
      signedVersions: number[];
    })[];
    if (!row || !isAssignee(actor, row)) throw notFound('assignment', assignmentId);
    if (row.assignmentStatus !== 'ACTIVE') throw badInput('assignmentId', `the assignment is ${row.assignmentStatus}`);
    const { reviewerId: _r, assignmentStatus: _s, blocked, signedVersions, ...round } = row;
    this.rounds.assertWritable(round);
    this.conflicts.assertNotConflicted(blocked);
    this.pledges.assertSignedAmong(round, actor, signedVersions);
    return { round };
  }

  private validate(round: WritableRound, input: ReviewInputData) {
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
    const { round } = await this.writable(this.db.manager, assignmentId, actor);
    const { scores, total } = this.validate(round, input);
    const values = {
      scores,
      total,
      rating: input.rating ?? null,
      recommendation: input.recommendation ?? null,
      commentToApplicant: input.commentToApplicant ?? '',
      confidentialComment: input.confidentialComment ?? '',
    };
    // The draft's update and its audit entry in one statement, the row locked as it is read: every
    // autosave of a review queues on that lock, so it is held for one statement, not for round trips.
    const [row] = (await this.db.query(SAVE_DRAFT, [
      assignmentId,
      JSON.stringify(scores),
      total,
      values.rating,
      values.recommendation,
      values.commentToApplicant,
      values.confidentialComment,
      expectedVersion ?? null,
      actor.id,
    ])) as (Partial<ReviewEntity> & { oldStatus: string; oldVersion: number; saved: boolean })[];
    if (!row) return this.create(assignmentId, values, expectedVersion, actor);
    const { oldStatus, oldVersion, saved, ...review } = row;
    if (saved) return Object.assign(new ReviewEntity(), review);
    if (oldStatus === 'SUBMITTED')
      throw badInput('assignmentId', 'the review is submitted; withdraw the submission to edit it / 已提交，请先撤回');
    throw new DomainError(
      'VERSION_CONFLICT',
      `the review changed meanwhile (version ${oldVersion}, expected ${expectedVersion}); reload it / 评审意见已被修改，请刷新`,
      { currentVersion: oldVersion },
    );
  }

  /** The first save of a review: its draft at version 1 (expectedVersion, when given, must be 0). */
  private async create(
    assignmentId: string,
    values: Pick<
      ReviewEntity,
      'scores' | 'total' | 'rating' | 'recommendation' | 'commentToApplicant' | 'confidentialComment'
    >,
    expectedVersion: number | null | undefined,
    actor: AuthUser,
  ): Promise<ReviewEntity> {
    if (expectedVersion != null && expectedVersion !== 0)
      throw new DomainError('VERSION_CONFLICT', `expected version ${expectedVersion} but no review exists yet`, {
        currentVersion: 0,
      });
    return this.db.transaction(async (m) => {
      const created = m.create(ReviewEntity, {
        assignmentId,
        status: 'DRAFT',
        version: 1,
        ...values,
        updatedAt: new Date(),
      });
      try {
        await m.insert(ReviewEntity, created);
      } catch (e) {
        if (pgErrorCode(e) === '23505')
          throw new DomainError(
            'VERSION_CONFLICT',
            'the review was created meanwhile; reload it / 评审意见已在其他窗口创建，请刷新',
            { currentVersion: 1 },
          );
        throw e;
      }
      await this.audit.record(
        { actorId: actor.id, action: 'review.create', entity: 'review', entityId: created.id, after: view(created) },
        m,
      );
      return created;
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
