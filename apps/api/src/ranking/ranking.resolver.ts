import { Args, Float, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { ReviewRound } from '../rounds/models/round.model';
import type { DecisionEntity } from './decision.entity';
import {
  CallBudget,
  Decision,
  FundingDecision,
  Grade,
  ProjectGrade,
  ProposedAward,
  RankedProject,
  RankingMethod,
  RankingPage,
  CalibrationPage,
  ReviewerCalibration,
} from './models/ranking.model';
import { RankingService, type RankedRow } from './ranking.service';

const tallies = (t: Record<string, number>) => Object.entries(t).map(([key, count]) => ({ key, count }));
const rankedModel = (r: RankedRow): RankedProject => ({
  project: r.application,
  direction: r.direction,
  rank: r.rank,
  value: r.value,
  rawMean: r.rawMean,
  rawRank: r.rawRank,
  rankChange: r.rawRank - r.rank,
  n: r.n,
  sd: r.sd,
  percentile: r.percentile,
  ciLow: r.ciLow,
  ciHigh: r.ciHigh,
  flags: r.flags,
  ratings: tallies(r.ratings),
  recommendations: tallies(r.recommendations),
});
const decisionModel = (d: DecisionEntity): FundingDecision => ({
  id: d.id,
  projectId: d.applicationId,
  decision: d.decision as Decision,
  amount: d.amount,
  grade: d.grade,
  note: d.note,
  version: d.version,
  decidedAt: d.decidedAt,
});

@Resolver()
@Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
export class RankingResolver {
  constructor(private readonly ranking: RankingService) {}

  @Query(() => [ReviewerCalibration], {
    description: '评分分布 / per reviewer: submitted totals and the calibrated bias (officers)',
  })
  reviewerCalibration(@Args('roundId', { type: () => ID }) roundId: string) {
    return this.ranking.calibration(roundId);
  }

  @Query(() => CalibrationPage, {
    description: '评分分布（分页）/ one page of the reviewers’ score distributions, generous first (officers)',
  })
  reviewerCalibrationPage(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('first', { type: () => Int, defaultValue: 25 }) first: number,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ): Promise<CalibrationPage> {
    return this.ranking.calibrationPage(roundId, first, offset);
  }

  @Query(() => [RankedProject], {
    name: 'ranking',
    description: '排序 / ranking of a round, overall or in one direction (officers)',
  })
  async rankingOf(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('method', { type: () => RankingMethod, defaultValue: RankingMethod.CALIBRATED }) method: RankingMethod,
    @Args('directionNumber', { type: () => Int, nullable: true }) directionNumber: number | null,
  ) {
    return (await this.ranking.ranking(roundId, method.toLowerCase() as 'mean', directionNumber)).map(rankedModel);
  }

  @Query(() => RankingPage, {
    description: '排序（分页）/ one page of a round’s ranking (computed once per state of its submitted reviews)',
  })
  async rankingPage(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('method', { type: () => RankingMethod, defaultValue: RankingMethod.CALIBRATED }) method: RankingMethod,
    @Args('directionNumber', { type: () => Int, nullable: true }) directionNumber: number | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ): Promise<RankingPage> {
    const page = await this.ranking.rankingPage(
      roundId,
      method.toLowerCase() as 'mean',
      directionNumber ?? null,
      first,
      offset,
    );
    return { items: page.rows.map(rankedModel), total: page.total, low: page.low, high: page.high };
  }

  @Query(() => [ProposedAward], { description: '拟资助名单 / proposed awards of an initial round' })
  async proposedAwards(@Args('roundId', { type: () => ID }) roundId: string) {
    return (await this.ranking.proposedAwards(roundId)).map(({ row, amount }) => ({
      project: row.application,
      direction: row.direction,
      rank: row.rank,
      value: row.value,
      amount,
    }));
  }

  @Query(() => [ProjectGrade], { description: '中期评估等级 / grades of a mid-term round' })
  async midtermGrades(@Args('roundId', { type: () => ID }) roundId: string) {
    return [...(await this.ranking.grades(roundId)).values()].map((g) => ({
      project: g.row.application,
      grade: g.grade,
      proposedGrade: g.proposedGrade,
      panelGrade: g.panelGrade,
      panelGradeReason: g.panelGradeReason,
      value: g.row.value,
      continueShare: g.continueShare,
      shenzhenLanding: g.row.application.shenzhenLanding,
    }));
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => CallBudget, { description: '经费预算 / a call’s money by phase and year, per funded project' })
  budget(@Args('programId', { type: () => ID }) programId: string) {
    return this.ranking.budget(programId);
  }

  @Query(() => [FundingDecision])
  async decisions(@Args('roundId', { type: () => ID }) roundId: string) {
    return (await this.ranking.decisions(roundId)).map(decisionModel);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => FundingDecision, {
    description: '记录资助决定 / record a decision, enforcing awards, budgets and the mid-term rules',
  })
  async recordDecision(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('decision', { type: () => Decision }) decision: Decision,
    @Args('amount', { type: () => Float, nullable: true }) amount: number | null,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @CurrentUser() user: AuthUser,
  ) {
    return decisionModel(await this.ranking.record(roundId, projectId, decision, amount, note, expectedVersion, user));
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => Boolean, {
    description:
      '专家组评定等级 / the panel grades a mid-term project itself (null: back to the thresholds), with a reason',
  })
  setPanelGrade(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('grade', { type: () => Grade, nullable: true }) grade: Grade | null,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
    @CurrentUser() user: AuthUser,
  ) {
    return this.ranking.setPanelGrade(roundId, projectId, grade, reason, user);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ReviewRound, { description: '定稿 / freeze scores, decisions and the ranking they were made on' })
  finalizeRound(@Args('roundId', { type: () => ID }) roundId: string, @CurrentUser() user: AuthUser) {
    return this.ranking.finalize(roundId, user);
  }
}
