import { createHash, randomInt } from 'node:crypto';
import {
  buildPreview,
  buildRoundInstance,
  checkRunOptions,
  pickReplacement,
  solveAssignment,
  type Preview,
  type RoundWorld,
  type RunOptions,
} from '@app/assignment';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager } from 'typeorm';
import { AnyOf } from '../common/database/any-of';
import { ApplicationEntity } from '../applications/application.entity';
import { AuditService } from '../audit/audit.service';
import { isAssignee, isOfficer, mayReadAssignment } from '../common/auth/access';
import type { AuthUser } from '../common/auth/decorators';
import { DomainError, badInput, forbidden, notFound } from '../common/graphql/errors';
import { ConflictsService, pairKey } from '../conflicts/conflicts.service';
import { roundPool } from '../invitations/round-pool';
import { type Notice, NoticesService } from '../notices/notices.service';
import { beijingTime } from '../common/i18n/texts';
import type { JobEntity } from '../jobs/job.entity';
import { JobsService } from '../jobs/jobs.service';
import { PersonEntity } from '../people/people.entity';
import { DirectionEntity, ProgramEntity } from '../programs/program.entity';
import { RoundEntity, RoundProjectEntity } from '../rounds/round.entity';
import { ReviewEntity } from '../reviews/review.entity';
import { AssignmentEntity } from './assignment.entity';
import { UserEntity } from '../users/user.entity';
import { preparedQuery } from '../common/database/prepared';
import { pairBlocked } from '../conflicts/conflict-sql';
import { Stages } from '../common/stages';
import { copyInto, copyText } from '../common/database/copy';
import { checkFirst, pageOf } from '../common/graphql/page';
import { decodeCursor, encodeCursor } from '../common/graphql/cursor';
import { likePattern } from '../common/database/like';
import { UUID, checkIds } from '../common/graphql/ids';

/** A preview's coverage row whose panel lacks one of the three disciplines (SQL over its jsonb `e`). */
const LACKS_A_DISCIPLINE = (e: string) => `NOT (${e}->'covers' @> '["MATH","MEDICINE","IT"]')`;

export type AssignmentOptionsInput = RunOptions;

export const ASSIGNMENT_QUEUE = 'assignment';

/** The preview of a run as stored with the job (the lib's preview plus where the round stood). */
export interface AssignmentPreview extends Preview {
  fingerprint: string;
  appliedAt?: string | null;
}

/** A run's preview as served: scalars, counts and chart figures; its lists are read by page. */
export type PreviewView = Omit<AssignmentPreview, 'added' | 'removed' | 'coverage' | 'loads'> & {
  runId: string;
  addedCount: number;
  removedCount: number;
  coverageCount: number;
  loadsCount: number;
  incompleteCount: number;
  disciplineCoverage: { discipline: string; projects: number }[];
  loadHistogram: { load: number; reviewers: number }[];
};

export interface RunView {
  job: JobEntity;
  preview: PreviewView | null;
}

/** What a run stores as its result: the preview and the solution to apply. */
export interface AssignmentRunResult {
  roundId: string;
  preview: AssignmentPreview;
  assignments: { project: string; reviewer: string; covers: string | null }[];
}

interface LoadedRound {
  round: RoundEntity;
  world: RoundWorld;
  active: AssignmentEntity[];
}

/**
 * A solution's new pairs as ACTIVE solver assignments, streamed with COPY in blocks of 10,000 rows
 * (a round at scale adds 100,000 pairs: no parameters to bind and parse), in the caller's transaction.
 */
async function insertSolverPairs(
  m: EntityManager,
  roundId: string,
  pairs: { project: string; reviewer: string; covers: string | null }[],
  affinityOf: Map<string, number>,
): Promise<void> {
  function* blocks() {
    for (let i = 0; i < pairs.length; i += 10_000) {
      let block = '';
      for (const a of pairs.slice(i, i + 10_000)) {
        const affinity = affinityOf.get(pairKey(a.project, a.reviewer));
        block += `${roundId}\t${a.project}\t${a.reviewer}\t${a.covers === null ? '\\N' : copyText(a.covers)}\tf\tSOLVER\tACTIVE\t${affinity ?? '\\N'}\n`;
      }
      yield block;
    }
  }
  await copyInto(
    m,
    'assignments',
    ['round_id', 'application_id', 'reviewer_id', 'covers', 'locked', 'source', 'status', 'affinity'],
    blocks(),
  );
}

@Injectable()
export class AssignmentsService implements OnModuleInit {
  private readonly logger = new Logger('Assignments');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly conflicts: ConflictsService,
    private readonly jobs: JobsService,
    private readonly notices: NoticesService,
  ) {}

  onModuleInit() {
    // one run per round at a time (singleton key: the round); a run whose worker died is retried once
    this.jobs.defineRun<{ roundId: string; options: RunOptions }>(
      { name: ASSIGNMENT_QUEUE, policy: 'singleton', retryLimit: 1, retryDelaySeconds: 5, expireInSeconds: 900 },
      ({ roundId, options }, progress) => this.compute(this.db.manager, roundId, options, progress),
    );
  }

  /** The round read from the database into the plain shape the assignment lib plans on. */
  private async load(m: EntityManager, roundId: string): Promise<LoadedRound> {
    const round = await m.findOneBy(RoundEntity, { id: roundId });
    if (!round) throw notFound('round', roundId);
    const program = await m.findOneByOrFail(ProgramEntity, { id: round.programId });
    const ids = (await m.findBy(RoundProjectEntity, { roundId })).map((r) => r.applicationId);
    const projects = ids.length
      ? await m.find(ApplicationEntity, { where: { id: AnyOf(ids) }, order: { externalId: 'ASC' } })
      : [];
    const { reviewers: pool, loadCap } = await roundPool(m, roundId);
    const active = await m.find(AssignmentEntity, { where: { roundId, status: 'ACTIVE' } });
    const reviewed = new Set(
      active.length
        ? (await m.findBy(ReviewEntity, { assignmentId: AnyOf(active.map((a) => a.id)) })).map((r) => r.assignmentId)
        : [],
    );
    // someone outside the pool (staffed before the round invited anyone) keeps their locked or
    // reviewed projects and gets nothing new; their other pairs fall to the solver
    const kept = new Map<string, number>();
    for (const a of active)
      if (a.locked || reviewed.has(a.id)) kept.set(a.reviewerId, (kept.get(a.reviewerId) ?? 0) + 1);
    const inPool = new Set(pool.map((u) => u.id));
    const outside = [...kept.keys()].filter((id) => !inPool.has(id));
    const reviewers = outside.length
      ? [...pool, ...(await m.find(UserEntity, { where: { id: AnyOf(outside) }, order: { email: 'ASC' } }))]
      : pool;
    for (const id of outside) loadCap.set(id, kept.get(id)!);
    const persons = new Map(
      (await m.findBy(PersonEntity, { id: AnyOf(reviewers.map((r) => r.personId!)) })).map((p) => [p.id, p]),
    );
    const directions = new Map((await m.findBy(DirectionEntity, { programId: program.id })).map((d) => [d.id, d]));
    const blocked = await this.conflicts.blockedPairs(roundId, m);
    const seated = new Set(reviewers.map((u) => u.id));
    const world: RoundWorld = {
      reviewersPerProject: round.reviewersPerProject,
      requires: program.rules.requiredDisciplines,
      projects: projects.map((p) => ({
        id: p.id,
        titleZh: p.titleZh,
        titleEn: p.titleEn,
        keywords: p.keywords,
        directionZh: directions.get(p.directionId)?.titleZh,
        directionEn: directions.get(p.directionId)?.titleEn,
      })),
      reviewers: reviewers.map((u) => {
        const person = persons.get(u.personId!)!;
        return {
          id: u.id,
          name: u.name,
          disciplines: person.disciplines,
          keywords: person.keywords,
          maxLoad: loadCap.get(u.id) ?? null,
        };
      }),
      active: active
        .filter((a) => seated.has(a.reviewerId))
        .map((a) => ({
          project: a.applicationId,
          reviewer: a.reviewerId,
          covers: a.covers,
          keep: a.locked || reviewed.has(a.id),
        })),
      blocked: [...blocked].map((k) => k.split('|') as [string, string]).filter(([, reviewer]) => seated.has(reviewer)),
    };
    return { round, world, active };
  }

  private fingerprint(active: AssignmentEntity[]) {
    const h = createHash('sha256');
    for (const k of active.map((a) => pairKey(a.applicationId, a.reviewerId)).sort()) h.update(k + '\n');
    return h.digest('hex').slice(0, 16);
  }

  /** Queues a solver run; its progress and preview are read with assignmentRun(id). */
  async generate(roundId: string, options: AssignmentOptionsInput, actor: AuthUser): Promise<JobEntity> {
    const round = await this.db.getRepository(RoundEntity).findOneBy({ id: roundId });
    if (!round) throw notFound('round', roundId);
    if (round.status === 'FINALIZED' || round.status === 'CLOSED')
      throw badInput('roundId', `the round is ${round.status}`);
    checkRunOptions(options);
    // draw the seed now so that the run can be reproduced from what the audit trail shows
    if (options.objective === 'randomized') options = { ...options, seed: options.seed ?? randomInt(0, 2147483647) };
    const job = await this.jobs.startRun(ASSIGNMENT_QUEUE, { roundId, options }, actor.id, { singletonKey: roundId });
    await this.audit.record({
      actorId: actor.id,
      action: 'assignment.generate',
      entity: 'round',
      entityId: roundId,
      after: { jobId: job.id, options },
    });
    return job;
  }

  /** Builds the instance from the round, solves it and prepares the preview (no write). */
  async compute(
    m: EntityManager,
    roundId: string,
    options: AssignmentOptionsInput,
    progress: (pct: number, message?: string) => Promise<void> = async () => undefined,
  ): Promise<AssignmentRunResult> {
    const stages = new Stages();
    await progress(5, 'loading the round / 读取数据');
    const { world, active } = await this.load(m, roundId);
    stages.lap('load');
    await progress(20, 'computing affinities / 计算匹配度');
    const plan = buildRoundInstance(world, options);
    stages.lap('plan');
    await progress(40, 'solving / 求解最优分配');
    const sol = solveAssignment(plan.instance, { fair: { timeLimitMs: 10_000 } });
    stages.lap('library');
    await progress(90, 'preparing the preview / 生成预览');
    const preview = { ...buildPreview(world, plan, sol), fingerprint: this.fingerprint(active), appliedAt: null };
    stages.lap('preview');
    this.logger.log(
      `assignment.compute round=${roundId} projects=${world.projects.length} reviewers=${world.reviewers.length} candidates=${plan.instance.candidates.length}${plan.pruned ? ' (pruned)' : ''} pairs=${sol.assignments.length} ${stages}`,
    );
    return { roundId, preview, assignments: sol.assignments };
  }

  /** Solves and applies in one go, inside the caller's transaction (demo data, scripts). */
  async solveAndApply(m: EntityManager, roundId: string, actor: AuthUser | null, options: AssignmentOptionsInput = {}) {
    const result = await this.compute(m, roundId, options);
    if (result.preview.status !== 'optimal') throw new DomainError('INFEASIBLE', result.preview.reasons.join('; '));
    const affinityOf = new Map(result.preview.added.map((p) => [pairKey(p.projectId, p.reviewerId), p.affinity]));
    await m.delete(AssignmentEntity, { roundId, status: 'ACTIVE', locked: false });
    await insertSolverPairs(m, roundId, result.assignments, affinityOf);
    await this.audit.record(
      {
        actorId: actor?.id ?? null,
        action: 'assignment.apply',
        entity: 'round',
        entityId: roundId,
        after: { added: result.assignments.length, objective: result.preview.objective },
      },
      m,
    );
    return result.preview;
  }

  /**
   * Applies a finished run atomically: solver pairs not in the new solution are removed, new pairs
   * added, designations updated. Refused when the assignments changed since the preview.
   */
  async apply(jobId: string, actor: AuthUser) {
    return this.db.transaction(async (m) => {
      const stages = new Stages();
      const job = await m.query(`SELECT * FROM jobs WHERE id = $1 AND kind = 'assignment' FOR UPDATE`, [jobId]);
      if (!job[0]) throw notFound('assignment run', jobId);
      if (job[0].status !== 'DONE') throw badInput('runId', `the run is ${job[0].status}; wait until it is DONE`);
      const result = job[0].result as {
        roundId: string;
        preview: AssignmentPreview;
        assignments: { project: string; reviewer: string; covers: string | null }[];
      };
      if (result.preview.status !== 'optimal')
        throw new DomainError('INFEASIBLE', `no assignment meets every rule: ${result.preview.reasons.join('; ')}`);
      if (result.preview.appliedAt) throw badInput('runId', 'this run was applied already / 该分配方案已应用');
      const round = await m.findOne(RoundEntity, {
        where: { id: result.roundId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!round || round.status === 'FINALIZED' || round.status === 'CLOSED')
        throw badInput('roundId', `the round is ${round?.status ?? 'gone'}`);
      const active = await m.find(AssignmentEntity, { where: { roundId: round.id, status: 'ACTIVE' } });
      if (this.fingerprint(active) !== result.preview.fingerprint) {
        throw new DomainError(
          'VERSION_CONFLICT',
          'assignments changed since this preview was made; generate a new one / 分配已变化，请重新生成',
        );
      }
      // an invitee may have changed their answer since the preview (answers lock at the first assignment)
      const pool = await roundPool(m, round.id);
      const seated = new Set(pool.reviewers.map((u) => u.id));
      const planned = new Map<string, number>();
      for (const a of result.assignments) planned.set(a.reviewer, (planned.get(a.reviewer) ?? 0) + 1);
      for (const [reviewer, n] of planned)
        if (!seated.has(reviewer) || n > (pool.loadCap.get(reviewer) ?? Infinity))
          throw new DomainError(
            'VERSION_CONFLICT',
            'an expert’s answer to the invitation changed since this preview; generate a new one / 有专家更改了邀请答复，请重新生成分配',
          );
      stages.lap('read');
      const next = new Map(result.assignments.map((a) => [pairKey(a.project, a.reviewer), a]));
      const byKey = new Map(active.map((a) => [pairKey(a.applicationId, a.reviewerId), a]));
      const remove = active.filter((a) => !next.has(pairKey(a.applicationId, a.reviewerId)));
      if (remove.length) await m.delete(AssignmentEntity, { id: AnyOf(remove.map((a) => a.id)) });
      const affinityOf = new Map(
        [...result.preview.added].map((p) => [pairKey(p.projectId, p.reviewerId), p.affinity]),
      );
      const add = result.assignments.filter((a) => !byKey.has(pairKey(a.project, a.reviewer)));
      await insertSolverPairs(m, round.id, add, affinityOf);
      for (const a of result.assignments) {
        const cur = byKey.get(pairKey(a.project, a.reviewer));
        if (cur && cur.covers !== a.covers) await m.update(AssignmentEntity, { id: cur.id }, { covers: a.covers });
      }
      // a conflict detected since the preview: checked in SQL over what is now assigned (the
      // run's pairs and nothing else), before anything is told; the transaction rolls back
      const [clash] = await m.query(
        `SELECT 1 FROM assignments a WHERE a.round_id = $1 AND a.status = 'ACTIVE' AND ${pairBlocked('a')} LIMIT 1`,
        [round.id],
      );
      if (clash)
        throw new DomainError(
          'CONFLICT_OF_INTEREST',
          'a conflict was detected since this preview; generate a new one / 检测到新的回避，请重新生成分配',
        );
      stages.lap('write');
      await this.tellReviewers(
        m,
        round,
        add.map((a) => a.reviewer),
        remove.map((a) => a.reviewerId),
        actor.id,
      );
      stages.lap('notify');
      // the stored run says it was applied (set in place: the result is tens of MB at division scale)
      await m.query(
        `UPDATE jobs SET result = jsonb_set(result, '{preview,appliedAt}', to_jsonb($2::text)) WHERE id = $1`,
        [jobId, new Date().toISOString()],
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'assignment.apply',
          entity: 'round',
          entityId: round.id,
          after: { jobId, added: add.length, removed: remove.length, objective: result.preview.objective },
        },
        m,
      );
      stages.lap('record');
      this.logger.log(`assignment.apply round=${round.id} added=${add.length} removed=${remove.length} ${stages}`);
      return { added: add.length, removed: remove.length, unchanged: result.assignments.length - add.length };
    });
  }

  /** A manual assignment, locked against solver re-runs; refused for a conflicted pair. */
  async assign(
    roundId: string,
    applicationId: string,
    reviewerId: string,
    actor: AuthUser,
    source: 'MANUAL' | 'REPLACEMENT' = 'MANUAL',
    m?: EntityManager,
  ): Promise<AssignmentEntity> {
    const work = async (tx: EntityManager) => {
      const round = await tx.findOne(RoundEntity, { where: { id: roundId }, lock: { mode: 'pessimistic_read' } });
      if (!round) throw notFound('round', roundId);
      if (round.status === 'FINALIZED' || round.status === 'CLOSED')
        throw badInput('roundId', `the round is ${round.status}`);
      const inRound = await tx.findOneBy(RoundProjectEntity, { roundId, applicationId });
      if (!inRound) throw badInput('projectId', 'the project is not in this round / 该项目不在本轮次中');
      const pool = await roundPool(tx, roundId);
      const reviewer = pool.reviewers.find((u) => u.id === reviewerId);
      if (!reviewer)
        throw badInput(
          'reviewerId',
          pool.byInvitation
            ? 'this round is staffed by invitation: the expert has not accepted one / 本轮按邀请组建专家组，该专家尚未接受邀请'
            : 'not an active reviewer linked to a person / 不是已关联人员的有效评审专家',
        );
      const cap = pool.loadCap.get(reviewerId);
      if (cap !== undefined) {
        const [{ n }]: { n: number }[] = await tx.query(
          `SELECT count(*)::int AS n FROM assignments WHERE round_id = $1 AND reviewer_id = $2 AND status = 'ACTIVE'`,
          [roundId, reviewerId],
        );
        if (n >= cap)
          throw badInput(
            'reviewerId',
            `${reviewer.name} accepted at most ${cap} project(s) in this round and has ${n} / 该专家接受的评审量上限为 ${cap} 项，已分配 ${n} 项`,
          );
      }
      await this.conflicts.assertPairFree(roundId, applicationId, reviewerId, tx);
      const existing = await tx.findOneBy(AssignmentEntity, { roundId, applicationId, reviewerId, status: 'ACTIVE' });
      if (existing) throw badInput('reviewerId', 'already assigned to this project / 该专家已分配到此项目');
      const person = await tx.findOneByOrFail(PersonEntity, { id: reviewer.personId! });
      const program = await tx.findOneByOrFail(ProgramEntity, { id: round.programId });
      const others = await tx.findBy(AssignmentEntity, { roundId, applicationId, status: 'ACTIVE' });
      const covered = new Set(others.map((a) => a.covers).filter(Boolean));
      const covers =
        program.rules.requiredDisciplines.find((d) => person.disciplines.includes(d) && !covered.has(d)) ?? null;
      const saved = await tx.save(
        AssignmentEntity,
        tx.create(AssignmentEntity, {
          roundId,
          applicationId,
          reviewerId,
          covers,
          locked: true,
          source,
          status: 'ACTIVE',
        }),
      );
      await this.tellReviewers(tx, round, [reviewerId], [], actor.id);
      await this.audit.record(
        {
          actorId: actor.id,
          action: `assignment.${source.toLowerCase()}`,
          entity: 'assignment',
          entityId: saved.id,
          after: { roundId, applicationId, reviewerId, covers },
        },
        tx,
      );
      return saved;
    };
    return m ? work(m) : this.db.transaction(work);
  }

  /** Removes an assignment that has no review yet. */
  async remove(assignmentId: string, actor: AuthUser): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const a = await m.findOne(AssignmentEntity, { where: { id: assignmentId }, lock: { mode: 'pessimistic_write' } });
      if (!a) throw notFound('assignment', assignmentId);
      const round = await m.findOneByOrFail(RoundEntity, { id: a.roundId });
      if (round.status === 'FINALIZED') throw badInput('assignmentId', 'the round is finalized / 本轮次已定稿');
      const review = await m.findOneBy(ReviewEntity, { assignmentId });
      if (review)
        throw badInput(
          'assignmentId',
          `the reviewer has a ${review.status === 'SUBMITTED' ? 'submitted' : 'draft'} review for it; it cannot be removed / 已有评审意见，不能删除`,
        );
      await m.delete(AssignmentEntity, { id: assignmentId });
      await this.tellReviewers(m, round, [], [a.reviewerId], actor.id);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'assignment.remove',
          entity: 'assignment',
          entityId: assignmentId,
          before: { roundId: a.roundId, applicationId: a.applicationId, reviewerId: a.reviewerId },
        },
        m,
      );
      return true;
    });
  }

  /**
   * The reviewer leaves an assignment (declines, or declares a conflict): the assignment is ended
   * and the best free reviewer who may review the project (and holds the discipline it covered)
   * takes the seat; no other assignment moves.
   */
  async leave(
    m: EntityManager,
    a: AssignmentEntity,
    status: 'DECLINED' | 'WITHDRAWN',
    actor: AuthUser,
  ): Promise<AssignmentEntity | null> {
    await m.update(AssignmentEntity, { id: a.id }, { status });
    const { world } = await this.load(m, a.roundId);
    const everOn = new Set(
      (await m.findBy(AssignmentEntity, { roundId: a.roundId, applicationId: a.applicationId })).map(
        (x) => x.reviewerId,
      ),
    );
    const best = pickReplacement(world, { project: a.applicationId, covers: a.covers }, everOn);
    await this.audit.record(
      {
        actorId: actor.id,
        action: `assignment.${status.toLowerCase()}`,
        entity: 'assignment',
        entityId: a.id,
        before: { status: 'ACTIVE' },
        after: { status, replacement: best?.reviewer ?? null },
      },
      m,
    );
    if (!best) {
      // the officer is told the seat is empty (the audit trail, and the round's coverage)
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'assignment.unfilled',
          entity: 'assignment',
          entityId: a.id,
          after: { applicationId: a.applicationId, covers: a.covers },
        },
        m,
      );
      return null;
    }
    const r = await m.save(
      AssignmentEntity,
      m.create(AssignmentEntity, {
        roundId: a.roundId,
        applicationId: a.applicationId,
        reviewerId: best.reviewer,
        covers: a.covers,
        locked: false,
        source: 'REPLACEMENT',
        status: 'ACTIVE',
        affinity: best.score,
      }),
    );
    await this.tellReviewers(m, await m.findOneByOrFail(RoundEntity, { id: a.roundId }), [best.reviewer], [], actor.id);
    await this.audit.record(
      {
        actorId: actor.id,
        action: 'assignment.replacement',
        entity: 'assignment',
        entityId: r.id,
        after: { applicationId: a.applicationId, reviewerId: best.reviewer, replaces: a.id, covers: a.covers },
      },
      m,
    );
    return r;
  }

  /**
   * Tells reviewers of an OPEN round what changed in their work: one notice (and e-mail) per
   * reviewer with the number of projects added or taken away. Work assigned while the round is a
   * DRAFT is told when it opens (RoundsService).
   */
  async tellReviewers(
    m: EntityManager,
    round: RoundEntity,
    added: string[],
    removed: string[],
    actorId: string | null,
  ) {
    if (round.status !== 'OPEN') return;
    const count = (ids: string[]) => {
      const n = new Map<string, number>();
      for (const id of ids) n.set(id, (n.get(id) ?? 0) + 1);
      return n;
    };
    const deadline = beijingTime(round.closesAt);
    const notices: Notice[] = [];
    for (const [userId, n] of count(added))
      notices.push({
        userId,
        roundId: round.id,
        kind: 'ASSIGNED',
        titleZh: `新的评审任务：${round.nameZh}`,
        titleEn: `New review work: ${round.nameEn}`,
        bodyZh: `您在「${round.nameZh}」中新分配了 ${n} 个项目，请于 ${deadline}（北京时间）前完成评审。`,
        bodyEn: `${n} project(s) were assigned to you in "${round.nameEn}"; reviews are due by ${deadline} Beijing time.`,
        link: '/reviews',
      });
    for (const [userId, n] of count(removed))
      notices.push({
        userId,
        roundId: round.id,
        kind: 'WITHDRAWN',
        titleZh: `评审任务调整：${round.nameZh}`,
        titleEn: `Review work withdrawn: ${round.nameEn}`,
        bodyZh: `项目办公室撤回了您在「${round.nameZh}」中的 ${n} 个评审项目，无需再评审。`,
        bodyEn: `The programme office withdrew ${n} of your projects in "${round.nameEn}"; they need no review from you.`,
        link: '/reviews',
      });
    await this.notices.notify(m, notices, actorId);
  }

  /** A reviewer declares a conflict: it is recorded and the reviewer leaves the assignment, replaced. */
  async declareConflict(assignmentId: string, reason: string, actor: AuthUser) {
    return this.db.transaction(async (m) => {
      const a = await this.ownActive(m, assignmentId, actor);
      const conflict = await this.conflicts.declare(m, a.roundId, a.applicationId, a.reviewerId, reason);
      await this.leave(m, a, 'WITHDRAWN', actor);
      return conflict;
    });
  }

  async decline(assignmentId: string, reason: string, actor: AuthUser) {
    return this.db.transaction(async (m) => {
      const a = await this.ownActive(m, assignmentId, actor);
      const review = await m.findOneBy(ReviewEntity, { assignmentId });
      if (review?.status === 'SUBMITTED')
        throw badInput('assignmentId', 'the review is submitted; withdraw it first / 评审意见已提交，请先撤回');
      if (!reason?.trim()) throw badInput('reason', 'say briefly why / 请简要说明理由');
      await this.leave(m, a, 'DECLINED', actor);
      return true;
    });
  }

  /** The caller's own ACTIVE assignment, locked for update. */
  async ownActive(m: EntityManager, assignmentId: string, actor: AuthUser): Promise<AssignmentEntity> {
    const a = await m.findOne(AssignmentEntity, { where: { id: assignmentId }, lock: { mode: 'pessimistic_write' } });
    if (!a || !isAssignee(actor, a)) throw notFound('assignment', assignmentId);
    if (a.status !== 'ACTIVE') throw badInput('assignmentId', `the assignment is ${a.status}`);
    return a;
  }

  list(roundId: string) {
    return this.db
      .getRepository(AssignmentEntity)
      .find({ where: { roundId, status: 'ACTIVE' }, order: { createdAt: 'ASC' } });
  }

  /**
   * A run as the assignment tab polls it: its state and its preview's scalars, with the preview's
   * counts and chart figures computed in SQL — the stored lists (a big round's proposal is tens of
   * MB of JSON) never leave PostgreSQL here; {@link previewSlice} reads a page of one.
   */
  async runView(id: string): Promise<RunView | null> {
    const job = await this.jobs.get(id, { withResult: false }); // settles a run whose worker died
    if (!job || job.kind !== 'assignment') return null;
    const [row] = await this.db.query(
      `SELECT s.p - 'added' - 'removed' - 'coverage' - 'loads' AS preview,
              jsonb_array_length(s.p->'added') AS "addedCount", jsonb_array_length(s.p->'removed') AS "removedCount",
              jsonb_array_length(s.p->'coverage') AS "coverageCount", jsonb_array_length(s.p->'loads') AS "loadsCount",
              c.incomplete AS "incompleteCount", c.math, c.medicine, c.it, l.counts AS "loadCounts", l.top AS "loadTop"
         FROM jobs j
        CROSS JOIN LATERAL (SELECT j.result->'preview' AS p OFFSET 0) s
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE ${LACKS_A_DISCIPLINE('e')})::int AS incomplete,
                 count(*) FILTER (WHERE e->'covers' @> '["MATH"]')::int AS math,
                 count(*) FILTER (WHERE e->'covers' @> '["MEDICINE"]')::int AS medicine,
                 count(*) FILTER (WHERE e->'covers' @> '["IT"]')::int AS it
            FROM jsonb_array_elements(COALESCE(s.p->'coverage', '[]')) e) c
        CROSS JOIN LATERAL (
          SELECT COALESCE(jsonb_object_agg(h.load, h.n), '{}') AS counts, max(h.top) AS top
            FROM (SELECT (e->>'load')::int AS load, count(*)::int AS n,
                         max(GREATEST((e->>'load')::int, (e->>'maxLoad')::int)) AS top
                    FROM jsonb_array_elements(COALESCE(s.p->'loads', '[]')) e GROUP BY 1) h) l
        WHERE j.id = $1`,
      [id],
    );
    const p = row?.preview as Omit<AssignmentPreview, 'added' | 'removed' | 'coverage' | 'loads'> | null;
    const counts = (row?.loadCounts ?? {}) as Record<string, number>;
    return {
      job,
      preview: p
        ? {
            ...p,
            runId: id,
            addedCount: row.addedCount,
            removedCount: row.removedCount,
            coverageCount: row.coverageCount,
            loadsCount: row.loadsCount,
            incompleteCount: row.incompleteCount,
            disciplineCoverage: [
              { discipline: 'MATH', projects: row.math },
              { discipline: 'MEDICINE', projects: row.medicine },
              { discipline: 'IT', projects: row.it },
            ],
            loadHistogram: Array.from({ length: (row.loadTop ?? -1) + 1 }, (_, load) => ({
              load,
              reviewers: counts[String(load)] ?? 0,
            })),
          }
        : null,
    };
  }

  /**
   * A page of one of a run's preview lists, sliced in SQL (`first` null: from `offset` to the end);
   * `incomplete` keeps the coverage rows lacking a discipline.
   */
  async previewSlice(
    runId: string,
    list: 'added' | 'removed' | 'coverage' | 'loads',
    first: number | null,
    offset: number,
    incomplete = false,
  ): Promise<unknown[]> {
    // the stored list, read out of the run once (OFFSET 0 keeps PostgreSQL from unpacking it per use)
    const stored = `(SELECT j.result->'preview'->$2::text AS a FROM jobs j WHERE j.id = $1 OFFSET 0) s`;
    const [row] = incomplete
      ? await this.db.query(
          `SELECT COALESCE(jsonb_agg(x.v ORDER BY x.i), '[]') AS rows FROM (
             SELECT e.v, e.i FROM ${stored}, jsonb_array_elements(COALESCE(s.a, '[]')) WITH ORDINALITY e(v, i)
              WHERE ${LACKS_A_DISCIPLINE('e.v')}
              ORDER BY e.i OFFSET $3 LIMIT $4) x`,
          [runId, list, offset, first],
        )
      : // a plain page: its elements by position, without unpacking the rest
        await this.db.query(
          `SELECT (SELECT COALESCE(jsonb_agg(s.a->(i::int) ORDER BY i), '[]')
                     FROM generate_series($3::int, LEAST(COALESCE(jsonb_array_length(s.a), 0)::bigint, $3::bigint + COALESCE($4::int, 2147483647)) - 1) i) AS rows
             FROM ${stored}`,
          [runId, list, offset, first],
        );
    return row?.rows ?? [];
  }

  /**
   * One page of a round's active assignments, in (project number, id) order after the cursor's row,
   * with the filtered total: the officer's lists at any size of round (filters and order in SQL).
   * `review`: SUBMITTED or DRAFT for reviews in that state, NONE for none started.
   */
  async page(
    roundId: string,
    filter: { projectId?: string | null; reviewerId?: string | null; review?: string | null; search?: string | null },
    first: number,
    after: string | null | undefined,
  ) {
    checkFirst(first);
    if (filter.review && !['SUBMITTED', 'DRAFT', 'NONE'].includes(filter.review))
      throw badInput('review', 'must be SUBMITTED, DRAFT or NONE / 须为 SUBMITTED、DRAFT 或 NONE');
    checkIds({ roundId, projectId: filter.projectId, reviewerId: filter.reviewerId });
    if (!(await this.db.getRepository(RoundEntity).existsBy({ id: roundId }))) throw notFound('round', roundId);
    let cursor: [string, string] | [null, null] = [null, null];
    if (after) {
      const [ext, id] = decodeCursor(after, 'after', 2);
      if (!UUID.test(id)) throw badInput('after', 'is not a cursor this list gave / 不是本列表给出的游标');
      cursor = [ext, id];
    }
    const from = `FROM assignments a JOIN applications p ON p.id = a.application_id
                  JOIN users u ON u.id = a.reviewer_id
                  LEFT JOIN reviews r ON r.assignment_id = a.id
                 WHERE a.round_id = $1 AND a.status = 'ACTIVE'
                   AND ($2::uuid IS NULL OR a.application_id = $2::uuid)
                   AND ($3::uuid IS NULL OR a.reviewer_id = $3::uuid)
                   AND ($4::text IS NULL OR ($4 = 'NONE' AND r.id IS NULL) OR r.status = $4)
                   AND ($5::text IS NULL OR p.external_id ILIKE $5 OR p.title_zh ILIKE $5 OR p.title_en ILIKE $5
                        OR u.name ILIKE $5)`;
    const params = [
      roundId,
      filter.projectId ?? null,
      filter.reviewerId ?? null,
      filter.review ?? null,
      likePattern(filter.search),
    ];
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n ${from}`, params);
    const rows: (AssignmentEntity & { externalId: string })[] = await this.db.query(
      `SELECT a.id, a.round_id AS "roundId", a.application_id AS "applicationId", a.reviewer_id AS "reviewerId",
              a.covers, a.locked, a.source, a.status, a.affinity::float8 AS affinity, a.created_at AS "createdAt",
              p.external_id AS "externalId"
         ${from}
          AND ($6::text IS NULL OR (p.external_id, a.id) > ($6::text, $7::uuid))
        ORDER BY p.external_id, a.id
        LIMIT $8`,
      [...params, ...cursor, first + 1],
    );
    return pageOf(rows, first, n, (last) => encodeCursor([last.externalId, last.id]));
  }

  /**
   * A reviewer's active assignments in rounds under way, conflicted ones hidden. One prepared
   * statement (the hottest read of the platform: every reviewer page opens with it).
   */
  async mine(actor: AuthUser, roundId?: string | null): Promise<AssignmentEntity[]> {
    const rows = await preparedQuery<AssignmentEntity>(
      this.db,
      'my-assignments',
      `SELECT a.id, a.round_id AS "roundId", a.application_id AS "applicationId", a.reviewer_id AS "reviewerId",
              a.covers, a.locked, a.source, a.status, a.affinity::float8 AS affinity, a.created_at AS "createdAt"
         FROM assignments a JOIN review_rounds r ON r.id = a.round_id
        WHERE a.reviewer_id = $1 AND a.status = 'ACTIVE' AND ($2::uuid IS NULL OR a.round_id = $2::uuid)
          AND r.status <> 'DRAFT'
          AND NOT ${pairBlocked('a')}
        ORDER BY r.closes_at DESC, a.created_at ASC, a.id`,
      [actor.id, roundId ?? null],
    );
    return rows;
  }

  async get(id: string) {
    const a = await this.db.getRepository(AssignmentEntity).findOneBy({ id });
    if (!a) throw notFound('assignment', id);
    return a;
  }

  /** May this user see this assignment's project and review? Its reviewer (without conflict) or an officer. */
  async assertCanSee(a: AssignmentEntity, actor: AuthUser) {
    if (isOfficer(actor)) return;
    if (!mayReadAssignment(actor, a)) throw notFound('assignment', a.id);
    if (await this.conflicts.isBlocked(a.roundId, a.applicationId, a.reviewerId))
      throw forbidden('conflict of interest / 存在利益冲突');
  }
}
