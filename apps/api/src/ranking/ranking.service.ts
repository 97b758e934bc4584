import {
  rankProjects,
  reviewerScores,
  tally,
  type RankedProjectResult,
  type RankingMethodKey,
  type ReviewScore,
} from '@app/scoring';
import {
  checkInitialDecision,
  checkMidtermDecision,
  gradeMidterm,
  proposeAwards,
  budgetOf,
  type Grade,
  type RankedEntry,
} from '@app/decisions';
import { Injectable, Logger } from '@nestjs/common';
import { Stages } from '../common/stages';
import { AnyOf } from '../common/database/any-of';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { ApplicationStatus } from '../applications/application-status';
import { ApplicationEntity } from '../applications/application.entity';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { DomainError, badInput, notFound } from '../common/graphql/errors';
import { DirectionEntity, ProgramEntity } from '../programs/program.entity';
import { RoundEntity, RoundProjectEntity, type RoundSnapshot } from '../rounds/round.entity';
import { RoundsService } from '../rounds/rounds.service';
import { UserEntity } from '../users/user.entity';
import { phasesOf } from '../programs/calls';
import { DecisionEntity } from './decision.entity';
import type { ReviewerCalibration } from './models/ranking.model';
import { checkIds } from '../common/graphql/ids';
import { checkSlice } from '../common/graphql/page';

export interface RankedRow extends RankedProjectResult {
  application: ApplicationEntity;
  direction: DirectionEntity;
  rawRank: number;
  ratings: Record<string, number>;
  recommendations: Record<string, number>;
}

/** Ranks (ties share the smaller rank) and percentiles counted again within a subset, in its order. */
function rerank(rows: RankedProjectResult[]): RankedProjectResult[] {
  return rows.map((r, i) => {
    let rank = i + 1;
    for (let j = i - 1; j >= 0 && rows[j].value === r.value; j--) rank = j + 1;
    return { ...r, rank, percentile: Math.ceil((100 * (rank - 0.5)) / rows.length) };
  });
}

export type { Grade };

export interface MidtermGrade {
  /** the grade that counts: the panel's when set, else the thresholds' */
  grade: Grade;
  proposedGrade: Grade;
  panelGrade: Grade | null;
  panelGradeReason: string | null;
  continueShare: number;
  row: RankedRow;
}

/** A ranked row as the decision rules take it. */
const rankedEntry = (r: RankedRow): RankedEntry => ({
  project: r.project,
  externalId: r.application.externalId,
  directionId: r.direction.id,
  rank: r.rank,
  value: r.value,
});

const STATUS_OF: Record<DecisionEntity['decision'], ApplicationStatus> = {
  FUND: ApplicationStatus.FUNDED,
  DECLINE: ApplicationStatus.DECLINED,
  CONTINUE: ApplicationStatus.CONTINUED,
  COMPLETE: ApplicationStatus.COMPLETED,
  TERMINATE: ApplicationStatus.TERMINATED,
};

@Injectable()
export class RankingService {
  private readonly logger = new Logger('Ranking');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly rounds: RoundsService,
  ) {}

  /** What was computed from a round's submitted reviews, by key, with the state it was computed from. */
  private readonly computed = new Map<string, { fingerprint: string; value: unknown }>();

  /**
   * The submitted reviews' state: their count and latest change. A submission, a withdrawal or a
   * resubmission changes it; nothing else moves a ranking.
   */
  private async reviewsFingerprint(roundId: string): Promise<string> {
    const [{ fingerprint }]: { fingerprint: string }[] = await this.db.query(
      `SELECT count(*) || ':' || coalesce(max(r.updated_at)::text, '') AS fingerprint
         FROM reviews r JOIN assignments a ON a.id = r.assignment_id
        WHERE a.round_id = $1 AND r.status = 'SUBMITTED'`,
      [roundId],
    );
    return fingerprint;
  }

  /**
   * The round's ranking, computed again only when its submitted reviews change (an officer paging
   * through 20,000 projects, a panel's every screen after each vote). Projects and directions are
   * read as stored now, for the rows asked for.
   */
  async rankingCached(roundId: string, method: RankingMethodKey, directionNumber: number | null): Promise<RankedRow[]> {
    return this.perReviewState(`${roundId}|${method}|${directionNumber ?? ''}`, roundId, () =>
      this.ranking(roundId, method, directionNumber),
    );
  }

  /** `compute`'s value for the round's present submitted reviews: computed again only when they change. */
  private async perReviewState<T>(key: string, roundId: string, compute: () => Promise<T>): Promise<T> {
    const fingerprint = await this.reviewsFingerprint(roundId);
    const hit = this.computed.get(key);
    if (hit?.fingerprint === fingerprint) return hit.value as T;
    const value = await compute();
    if (this.computed.size >= 50) this.computed.clear();
    this.computed.set(key, { fingerprint, value });
    return value;
  }

  /** One page of a ranking, with its size and the range of its intervals (for drawing them to one scale). */
  async rankingPage(
    roundId: string,
    method: RankingMethodKey,
    directionNumber: number | null,
    first: number,
    offset: number,
  ): Promise<{ rows: RankedRow[]; total: number; low: number; high: number }> {
    checkSlice(first, offset);
    const all = await this.rankingCached(roundId, method, directionNumber);
    const slice = all.slice(offset, offset + first);
    const apps = new Map(
      (slice.length
        ? await this.db.getRepository(ApplicationEntity).findBy({ id: AnyOf(slice.map((r) => r.project)) })
        : []
      ).map((a) => [a.id, a]),
    );
    let low = Infinity;
    let high = -Infinity;
    for (const r of all) {
      low = Math.min(low, r.ciLow);
      high = Math.max(high, r.ciHigh);
    }
    return {
      rows: slice.map((r) => ({ ...r, application: apps.get(r.project) ?? r.application })),
      total: all.length,
      low: all.length ? low : 0,
      high: all.length ? high : 0,
    };
  }

  /**
   * The round's ranking from submitted reviews through libs/scoring: overall, or within one
   * direction; with the mean-based rank beside it so that calibration's effect is visible.
   */
  async ranking(
    roundId: string,
    method: RankingMethodKey,
    directionNumber: number | null | undefined,
    m: EntityManager = this.db.manager,
  ): Promise<RankedRow[]> {
    const stages = new Stages();
    const round = await m.findOneBy(RoundEntity, { id: roundId });
    if (!round) throw notFound('round', roundId);
    const rows: {
      application_id: string;
      reviewer_id: string;
      total: number;
      rating: string | null;
      recommendation: string | null;
    }[] = await m.query(
      `SELECT a.application_id, a.reviewer_id, r.total, r.rating, r.recommendation
         FROM reviews r JOIN assignments a ON a.id = r.assignment_id
        WHERE a.round_id = $1 AND r.status = 'SUBMITTED' AND r.total IS NOT NULL`,
      [roundId],
    );
    const directions = new Map((await m.findBy(DirectionEntity, { programId: round.programId })).map((d) => [d.id, d]));
    const ids = [...new Set(rows.map((r) => r.application_id))];
    const apps = new Map(
      (ids.length ? await m.findBy(ApplicationEntity, { id: AnyOf(ids) }) : []).map((a) => [a.id, a]),
    );
    // Calibration uses every review of the round (reviewer biases are better estimated from all of
    // them); a direction's ranking is the overall one restricted to it, ranks counted within it.
    const reviews = rows.map((r) => ({ project: r.application_id, reviewer: r.reviewer_id, score: Number(r.total) }));
    if (reviews.length === 0) return [];
    const seed = 1;
    const wanted = (appId: string) =>
      directionNumber == null || directions.get(apps.get(appId)!.directionId)?.number === directionNumber;
    stages.lap('load');
    const ranked = rerank(
      rankProjects({ method, reviews, seed, scale: { min: 0, max: 100 } }).ranking.filter((r) => wanted(r.project)),
    );
    stages.lap('library');
    this.logger.log(`ranking round=${roundId} method=${method} reviews=${reviews.length} ${stages}`);
    const raw = rerank(
      rankProjects({ method: 'mean', reviews, seed, scale: { min: 0, max: 100 }, bootstrap: 0 }).ranking.filter((r) =>
        wanted(r.project),
      ),
    );
    const rawRank = new Map(raw.map((r) => [r.project, r.rank]));
    const byProject = new Map<string, typeof rows>();
    for (const r of rows)
      (byProject.get(r.application_id) ?? byProject.set(r.application_id, []).get(r.application_id)!).push(r);
    return ranked.map((r) => {
      const application = apps.get(r.project)!;
      const rs = byProject.get(r.project) ?? [];
      return {
        ...r,
        application,
        direction: directions.get(application.directionId)!,
        rawRank: rawRank.get(r.project)!,
        ratings: tally(rs.map((x) => x.rating)),
        recommendations: tally(rs.map((x) => x.recommendation)),
      };
    });
  }

  /**
   * Rank and value of every ranked project of the round, without intervals or entities: what an
   * export needs (100,000 reviews rank in well under a second this way, in little memory).
   */
  async rankValues(
    roundId: string,
    method: RankingMethodKey,
    m: EntityManager = this.db.manager,
  ): Promise<Map<string, { rank: number; value: number }>> {
    const reviews = await this.submittedTotals(roundId, m);
    if (reviews.length === 0) return new Map();
    const { ranking } = rankProjects({ method, reviews, seed: 1, scale: { min: 0, max: 100 }, bootstrap: 0 });
    return new Map(ranking.map((r) => [r.project, { rank: r.rank, value: r.value }]));
  }

  /**
   * Per reviewer: the submitted totals of the round and the bias the calibrated ranking estimates
   * (positive = generous), most generous first; what officers look at to see calibration at work.
   */
  async calibration(roundId: string): Promise<ReviewerCalibration[]> {
    if (!(await this.db.getRepository(RoundEntity).existsBy({ id: roundId }))) throw notFound('round', roundId);
    const reviews = await this.submittedTotals(roundId);
    if (reviews.length === 0) return [];
    const bias =
      rankProjects({ method: 'calibrated', reviews, scale: { min: 0, max: 100 }, bootstrap: 0 }).reviewerBias ?? {};
    const stats = reviewerScores(reviews);
    const names = new Map(
      (await this.db.getRepository(UserEntity).findBy({ id: In(stats.map((x) => x.reviewer)) })).map((u) => [
        u.id,
        u.name,
      ]),
    );
    const round2 = (x: number) => Math.round(x * 100) / 100;
    return stats
      .map((x) => ({
        reviewerId: x.reviewer,
        reviewerName: names.get(x.reviewer) ?? '',
        n: x.n,
        mean: round2(x.mean),
        sd: round2(x.sd),
        scores: x.scores,
        bias: bias[x.reviewer] !== undefined ? round2(bias[x.reviewer]) : null,
      }))
      .sort((a, b) => (b.bias ?? 0) - (a.bias ?? 0));
  }

  /**
   * One page of the reviewers' score distributions, generous first, with their number and the
   * range of every score (to draw each page to one scale); computed again only when the round's
   * submitted reviews change, as the ranking is.
   */
  async calibrationPage(roundId: string, first: number, offset: number) {
    checkIds({ roundId });
    checkSlice(first, offset);
    const rows = await this.perReviewState(`${roundId}|calibration`, roundId, () => this.calibration(roundId));
    let minScore: number | null = null;
    let maxScore: number | null = null;
    for (const r of rows)
      for (const x of r.scores) {
        minScore = minScore === null ? x : Math.min(minScore, x);
        maxScore = maxScore === null ? x : Math.max(maxScore, x);
      }
    return { items: rows.slice(offset, offset + first), total: rows.length, minScore, maxScore };
  }

  /** Every submitted review's total in the round, as libs/scoring takes it. */
  private async submittedTotals(roundId: string, m: EntityManager = this.db.manager): Promise<ReviewScore[]> {
    const rows: { p: string; r: string; s: number }[] = await m.query(
      `SELECT a.application_id AS p, a.reviewer_id AS r, r.total::float8 AS s
         FROM reviews r JOIN assignments a ON a.id = r.assignment_id
        WHERE a.round_id = $1 AND r.status = 'SUBMITTED' AND r.total IS NOT NULL`,
      [roundId],
    );
    return rows.map((x) => ({ project: x.p, reviewer: x.r, score: Number(x.s) }));
  }

  /**
   * The proposed award list of an initial round: in each direction the top-ranked projects (by
   * default one) above the quality threshold, within the direction's funding and the call's cap.
   */
  async proposedAwards(roundId: string, m: EntityManager = this.db.manager) {
    const round = await this.rounds.get(roundId, m);
    if (round.kind !== 'INITIAL')
      throw badInput('roundId', 'award proposals belong to an initial round / 拟资助建议仅适用于初评');
    const program = await m.findOneByOrFail(ProgramEntity, { id: round.programId });
    const ranked = await this.ranking(roundId, 'calibrated', null, m);
    const rows = new Map(ranked.map((r) => [r.project, r]));
    const directions = new Map(ranked.map((r) => [r.direction.id, r.direction]));
    return proposeAwards(ranked.map(rankedEntry), directions, program.rules, round.settings.qualityThreshold).map(
      (p) => ({ row: rows.get(p.project)!, amount: p.amount }),
    );
  }

  /** Mid-term grades by the round's thresholds on the calibrated value and the CONTINUE share. */
  async grades(roundId: string, m: EntityManager = this.db.manager): Promise<Map<string, MidtermGrade>> {
    const round = await m.findOneByOrFail(RoundEntity, { id: roundId });
    if (round.kind !== 'MIDTERM') throw badInput('roundId', 'grades belong to a mid-term round / 等级仅适用于中期评估');
    const ranked = await this.ranking(roundId, 'calibrated', null, m);
    const graded = gradeMidterm(ranked, round.settings);
    const panel = new Map(
      (await m.findBy(RoundProjectEntity, { roundId })).filter((p) => p.panelGrade).map((p) => [p.applicationId, p]),
    );
    return new Map(
      ranked.map((row) => {
        const g = graded.get(row.project)!;
        const p = panel.get(row.project);
        return [
          row.project,
          {
            grade: p?.panelGrade ?? g.grade,
            proposedGrade: g.grade,
            panelGrade: p?.panelGrade ?? null,
            panelGradeReason: p?.panelGradeReason ?? null,
            continueShare: g.continueShare,
            row,
          },
        ];
      }),
    );
  }

  /**
   * The panel grades a mid-term project itself (or clears its grade: back to the thresholds'),
   * with a written reason; decisions then go by the panel's grade. Not once the round is final.
   */
  async setPanelGrade(
    roundId: string,
    projectId: string,
    grade: Grade | null,
    reason: string | null,
    actor: AuthUser,
    manager?: EntityManager,
  ) {
    const work = async (m: EntityManager) => {
      const round = await this.rounds.lock(m, roundId);
      if (round.kind !== 'MIDTERM')
        throw badInput('roundId', 'grades belong to a mid-term round / 等级仅适用于中期评估');
      if (round.status === 'FINALIZED')
        throw badInput('roundId', 'the round is finalized; its grades cannot change / 已定稿，不能修改');
      const why = reason?.trim() || null;
      if (grade && (!why || why.length < 2))
        throw badInput('reason', 'say why the panel departs from the thresholds / 请说明专家组评定等级的理由');
      if (why && why.length > 2000) throw badInput('reason', 'at most 2000 characters / 最多 2000 字');
      const rp = await m.findOneBy(RoundProjectEntity, { roundId, applicationId: projectId });
      if (!rp) throw badInput('projectId', 'the project is not in this round / 该项目不在本轮次中');
      const before = { panelGrade: rp.panelGrade, reason: rp.panelGradeReason };
      Object.assign(rp, {
        panelGrade: grade,
        panelGradeReason: grade ? why : null,
        panelGradedAt: grade ? new Date() : null,
      });
      await m.save(RoundProjectEntity, rp);
      await this.audit.record(
        {
          actorId: actor.id,
          action: grade ? 'grade.panel' : 'grade.panel.clear',
          entity: 'project',
          entityId: projectId,
          before,
          after: { roundId, panelGrade: grade },
          reason: why,
        },
        m,
      );
      return true;
    };
    return manager ? work(manager) : this.db.transaction(work);
  }

  /**
   * The call's money by phase and year (libs/decisions budgetOf): phase 1 from the initial rounds'
   * FUND decisions, phase 2 from the mid-term's CONTINUE amounts; each project's status follows its
   * mid-term outcome.
   */
  async budget(programId: string) {
    const program = await this.db.getRepository(ProgramEntity).findOneBy({ id: programId });
    if (!program) throw notFound('program', programId);
    const rows: { application_id: string; kind: string; decision: string; amount: number | null }[] =
      await this.db.query(
        `SELECT f.application_id, r.kind, f.decision, f.amount::float8 AS amount
         FROM funding_decisions f JOIN review_rounds r ON r.id = f.round_id
        WHERE r.program_id = $1 AND ((r.kind = 'INITIAL' AND f.decision = 'FUND') OR r.kind = 'MIDTERM')`,
        [programId],
      );
    const phase1 = new Map(
      rows.filter((r) => r.kind === 'INITIAL').map((r) => [r.application_id, Number(r.amount ?? 0)]),
    );
    const mid = new Map(rows.filter((r) => r.kind === 'MIDTERM').map((r) => [r.application_id, r]));
    const b = budgetOf(
      phasesOf(program),
      [...phase1].map(([project, amount]) => {
        const m = mid.get(project);
        return {
          project,
          phase1Amount: amount,
          outcome: (m?.decision as 'CONTINUE' | 'COMPLETE' | 'TERMINATE' | undefined) ?? null,
          phase2Amount: m?.decision === 'CONTINUE' && m.amount != null ? Number(m.amount) : null,
        };
      }),
    );
    const apps = phase1.size
      ? await this.db.getRepository(ApplicationEntity).find({ where: { id: In([...phase1.keys()]) } })
      : [];
    const directions = new Map(
      (await this.db.getRepository(DirectionEntity).findBy({ programId })).map((d) => [d.id, d.number]),
    );
    const projects = apps
      .map((a) => {
        const lines = b.lines.filter((l) => l.project === a.id);
        return {
          project: a,
          direction: directions.get(a.directionId) ?? 0,
          status: b.status[a.id],
          phase1Amount: phase1.get(a.id) ?? 0,
          phase2Amount: lines.some((l) => l.phase === 2)
            ? lines.filter((l) => l.phase === 2).reduce((x, l) => x + l.amount, 0)
            : null,
          years: lines.map((l) => ({ phase: l.phase, year: l.year, amount: l.amount, funders: l.funders })),
        };
      })
      .sort((x, y) => x.direction - y.direction || x.project.externalId.localeCompare(y.project.externalId));
    return { phase1Total: b.phase1Total, phase2Total: b.phase2Total, byYear: b.byYear, projects };
  }

  decisions(roundId: string) {
    return this.db.getRepository(DecisionEntity).find({ where: { roundId }, order: { decidedAt: 'ASC' } });
  }

  /**
   * Records one decision, enforcing the call's rules: awards and budgets per direction and in all,
   * a written reason for every departure from rank order; for a mid-term round CONTINUE only for
   * EXCELLENT projects and phase-2 funding only with a Shenzhen landing commitment.
   */
  async record(
    roundId: string,
    projectId: string,
    decision: DecisionEntity['decision'],
    amount: number | null | undefined,
    note: string | null | undefined,
    expectedVersion: number | null | undefined,
    actor: AuthUser,
    manager?: EntityManager,
  ): Promise<DecisionEntity> {
    const work = async (m: EntityManager) => {
      const round = await this.rounds.lock(m, roundId);
      if (round.status === 'FINALIZED')
        throw badInput('roundId', 'the round is finalized; its decisions cannot change / 已定稿，不能修改');
      if (round.status !== 'CLOSED')
        throw badInput('roundId', `decide after scoring has closed (the round is ${round.status})`);
      const inRound = await m.findOneBy(RoundProjectEntity, { roundId, applicationId: projectId });
      if (!inRound) throw badInput('projectId', 'the project is not in this round / 该项目不在本轮次中');
      const app = await m.findOneByOrFail(ApplicationEntity, { id: projectId });
      const direction = await m.findOneByOrFail(DirectionEntity, { id: app.directionId });
      const program = await m.findOneByOrFail(ProgramEntity, { id: round.programId });
      const why = note?.trim() || null;
      if (why && why.length > 4000) throw badInput('note', 'at most 4000 characters / 最多 4000 字');
      // the panel decides (条例 art. 15): departing from its ballot needs a written reason
      if (round.kind === 'INITIAL') {
        const [panel]: { passed: boolean }[] = await m.query(
          `SELECT b.passed FROM ballots b JOIN panel_items i ON i.id = b.item_id JOIN panel_meetings pm ON pm.id = i.meeting_id
            WHERE pm.round_id = $1 AND i.application_id = $2 AND b.status = 'CLOSED' AND b.quorum_met
            ORDER BY b.closed_at DESC LIMIT 1`,
          [roundId, projectId],
        );
        const departs = panel && ((decision === 'FUND' && !panel.passed) || (decision === 'DECLINE' && panel.passed));
        if (departs && (!why || why.length < 10))
          throw badInput(
            'note',
            `the panel’s ballot ${panel.passed ? 'passed' : 'did not pass'} this project: departing from it needs a written reason of at least 10 characters / 与会议评审表决结果不一致，须填写不少于 10 字的理由`,
          );
      }
      if (amount != null && (!Number.isFinite(amount) || amount < 0 || amount > 1e10))
        throw badInput('amount', 'must be an amount in CNY ≥ 0 / 须为不小于 0 的金额（元）');
      const existing = await m.findOne(DecisionEntity, {
        where: { roundId, applicationId: projectId },
        lock: { mode: 'pessimistic_write' },
      });
      if (expectedVersion != null && expectedVersion !== (existing?.version ?? 0)) {
        throw new DomainError(
          'VERSION_CONFLICT',
          `the decision changed meanwhile (version ${existing?.version ?? 0}, expected ${expectedVersion})`,
          { currentVersion: existing?.version ?? 0 },
        );
      }
      const others = (await m.findBy(DecisionEntity, { roundId })).filter((d) => d.applicationId !== projectId);
      let grade: Grade | null = null;
      let finalAmount: number | null;
      if (round.kind === 'INITIAL') {
        const othersApps = others.length
          ? await m.find(ApplicationEntity, { where: { id: In(others.map((d) => d.applicationId)) } })
          : [];
        const directionOf = new Map(othersApps.map((a) => [a.id, a.directionId]));
        const funding = decision === 'FUND';
        ({ amount: finalAmount } = checkInitialDecision({
          project: projectId,
          decision,
          amount,
          note: why,
          direction,
          rules: program.rules,
          others: others.map((d) => ({
            project: d.applicationId,
            directionId: directionOf.get(d.applicationId) ?? '',
            decision: d.decision,
            amount: d.amount,
          })),
          // the ranking is read only when it matters (funding)
          rankedInDirection: funding
            ? (await this.ranking(roundId, 'calibrated', direction.number, m)).map(rankedEntry)
            : [],
          qualityThreshold: round.settings.qualityThreshold,
        }));
      } else {
        grade = (await this.grades(roundId, m)).get(projectId)?.grade ?? null;
        ({ amount: finalAmount } = checkMidtermDecision({
          decision,
          amount,
          note: why,
          grade,
          shenzhenLanding: app.shenzhenLanding,
          phase2Min: round.settings.phase2Amount ?? program.rules.phase2.minAmount,
        }));
      }
      const before = existing
        ? { decision: existing.decision, amount: existing.amount, version: existing.version }
        : null;
      const row = existing ?? m.create(DecisionEntity, { roundId, applicationId: projectId, version: 0 });
      Object.assign(row, {
        decision,
        amount: finalAmount,
        grade,
        note: why,
        decidedBy: actor.id,
        decidedAt: new Date(),
        version: row.version + 1,
      });
      await m.save(row);
      await m.update(
        ApplicationEntity,
        { id: projectId },
        { status: STATUS_OF[decision], version: () => 'version + 1' },
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'decision.record',
          entity: 'decision',
          entityId: row.id,
          before,
          after: { projectId, decision, amount: finalAmount, grade, version: row.version },
          reason: why,
        },
        m,
      );
      return row;
    };
    return manager ? work(manager) : this.db.transaction(work);
  }

  /** CLOSED → FINALIZED: every project decided; the ranking and decisions are frozen with the round. */
  async finalize(roundId: string, actor: AuthUser, manager?: EntityManager): Promise<RoundEntity> {
    const work = async (m: EntityManager) => {
      const round = await this.rounds.lock(m, roundId);
      if (round.status !== 'CLOSED')
        throw badInput('roundId', `only a CLOSED round can be finalized (it is ${round.status})`);
      const projects = await m.findBy(RoundProjectEntity, { roundId });
      const decisions = await m.findBy(DecisionEntity, { roundId });
      const decided = new Set(decisions.map((d) => d.applicationId));
      const missing = projects.filter((p) => !decided.has(p.applicationId));
      if (missing.length)
        throw badInput(
          'roundId',
          `${missing.length} project(s) have no decision yet / 尚有 ${missing.length} 个项目未决定`,
        );
      const ranking = await this.ranking(roundId, 'calibrated', null, m);
      const snapshot: RoundSnapshot = {
        takenAt: new Date().toISOString(),
        method: 'calibrated',
        ranking: ranking.map((r) => ({
          projectId: r.project,
          rank: r.rank,
          value: r.value,
          rawMean: r.rawMean,
          n: r.n,
          ciLow: r.ciLow,
          ciHigh: r.ciHigh,
          flags: r.flags,
        })),
        decisions: decisions.map((d) => ({
          projectId: d.applicationId,
          decision: d.decision,
          amount: d.amount,
          grade: d.grade,
        })),
      };
      // save (not update): TypeORM's update types cannot express a jsonb column's nested object
      await m.save(RoundEntity, { id: roundId, finalSnapshot: snapshot });
      round.finalSnapshot = snapshot;
      return this.rounds.setStatus(m, round, 'FINALIZED', actor);
    };
    return manager ? work(manager) : this.db.transaction(work);
  }
}
