import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Project } from '../../applications/models/project.model';
import { Direction } from '../../programs/models/program.model';
import type { ApplicationEntity } from '../../applications/application.entity';
import type { DirectionEntity } from '../../programs/program.entity';

export enum RankingMethod {
  MEAN = 'MEAN',
  ZSCORE = 'ZSCORE',
  CALIBRATED = 'CALIBRATED',
}
registerEnumType(RankingMethod, { name: 'RankingMethod' });

export enum Decision {
  FUND = 'FUND',
  DECLINE = 'DECLINE',
  CONTINUE = 'CONTINUE',
  COMPLETE = 'COMPLETE',
  TERMINATE = 'TERMINATE',
}
registerEnumType(Decision, { name: 'Decision' });

@ObjectType()
export class Tally {
  @Field()
  key!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: '排序结果 / one project in a ranking' })
export class RankedProject {
  // the rows themselves: Project's and Direction's field resolvers read them as their parents
  @Field(() => Project)
  project!: ApplicationEntity;

  @Field(() => Direction)
  direction!: DirectionEntity;

  @Field(() => Int)
  rank!: number;

  @Field(() => Float)
  value!: number;

  @Field(() => Float)
  rawMean!: number;

  @Field(() => Int, { description: 'rank by the plain mean, for comparison' })
  rawRank!: number;

  @Field(() => Int, { description: 'rawRank − rank: positive when calibration moved the project up' })
  rankChange!: number;

  @Field(() => Int)
  n!: number;

  @Field(() => Float)
  sd!: number;

  @Field(() => Int)
  percentile!: number;

  @Field(() => Float)
  ciLow!: number;

  @Field(() => Float)
  ciHigh!: number;

  @Field(() => [String])
  flags!: string[];

  @Field(() => [Tally], { description: 'ratings 优/良/中/差' })
  ratings!: Tally[];

  @Field(() => [Tally])
  recommendations!: Tally[];
}

@ObjectType()
export class ProposedAward {
  @Field(() => Project)
  project!: Project;

  @Field(() => Direction)
  direction!: Direction;

  @Field(() => Int)
  rank!: number;

  @Field(() => Float)
  value!: number;

  @Field(() => Float)
  amount!: number;
}

@ObjectType()
export class ProjectGrade {
  @Field(() => Project)
  project!: Project;

  @Field({
    description: 'the grade that counts: EXCELLENT (优秀), PASS or FAIL — the panel’s when set, else the thresholds’',
  })
  grade!: string;

  @Field({ description: 'the grade the round’s thresholds give' })
  proposedGrade!: string;

  @Field(() => String, { nullable: true, description: 'the panel’s own grade, when it departs from the thresholds' })
  panelGrade!: string | null;

  @Field(() => String, { nullable: true })
  panelGradeReason!: string | null;

  @Field(() => Float)
  value!: number;

  @Field(() => Float)
  continueShare!: number;

  @Field()
  shenzhenLanding!: boolean;
}

export enum Grade {
  EXCELLENT = 'EXCELLENT',
  PASS = 'PASS',
  FAIL = 'FAIL',
}
registerEnumType(Grade, { name: 'Grade', description: '中期评估等级：优秀 / 合格 / 不合格' });

@ObjectType({ description: '资助决定 / a funding decision' })
export class FundingDecision {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => Decision)
  decision!: Decision;

  @Field(() => Float, { nullable: true })
  amount!: number | null;

  @Field(() => String, { nullable: true })
  grade!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => Int)
  version!: number;

  @Field()
  decidedAt!: Date;
}

@ObjectType({ description: '评分分布 / one reviewer’s submitted totals in a round, with the calibrated bias' })
export class ReviewerCalibration {
  @Field(() => ID)
  reviewerId!: string;

  @Field()
  reviewerName!: string;

  @Field(() => Int)
  n!: number;

  @Field(() => Float)
  mean!: number;

  @Field(() => Float)
  sd!: number;

  @Field(() => [Float], { description: 'every submitted total, ascending' })
  scores!: number[];

  @Field(() => Float, {
    nullable: true,
    description: 'estimated bias in score points (calibrated ranking): positive = generous',
  })
  bias!: number | null;
}

@ObjectType({ description: '年度经费 / the money of one phase in one year' })
export class BudgetYear {
  @Field(() => Int)
  phase!: number;

  @Field(() => Int)
  year!: number;

  @Field(() => Float, { description: 'CNY' })
  amount!: number;

  @Field(() => [String], { description: 'who funds it (jointly): TIANYUAN, SHENZHEN' })
  funders!: string[];
}

@ObjectType({ description: '项目经费 / one funded project’s money by phase and year' })
export class BudgetProject {
  // the row itself: Project's field resolvers read it as their parent
  @Field(() => Project)
  project!: ApplicationEntity;

  @Field(() => Int)
  direction!: number;

  @Field({ description: 'FUNDED (phase 1), CONTINUED, COMPLETED or TERMINATED' })
  status!: string;

  @Field(() => Float)
  phase1Amount!: number;

  @Field(() => Float, { nullable: true })
  phase2Amount!: number | null;

  @Field(() => [BudgetYear])
  years!: BudgetYear[];
}

@ObjectType({ description: '经费预算 / a call’s money: every funded project by phase and year, with totals' })
export class CallBudget {
  @Field(() => Float)
  phase1Total!: number;

  @Field(() => Float)
  phase2Total!: number;

  @Field(() => [BudgetYear])
  byYear!: BudgetYear[];

  @Field(() => [BudgetProject])
  projects!: BudgetProject[];
}

@ObjectType({ description: '一页排序 / one page of a ranking, with its size and the range of all its intervals' })
export class RankingPage {
  @Field(() => [RankedProject])
  items!: RankedProject[];

  @Field(() => Int, { description: 'projects in the whole ranking' })
  total!: number;

  @Field(() => Float, {
    description: 'the lowest interval bound of the whole ranking (to draw every page to one scale)',
  })
  low!: number;

  @Field(() => Float, { description: 'the highest interval bound of the whole ranking' })
  high!: number;
}

@ObjectType({ description: '评分分布（分页）/ one page of the reviewers’ score distributions, generous first' })
export class CalibrationPage {
  @Field(() => [ReviewerCalibration])
  items!: ReviewerCalibration[];

  @Field(() => Int, { description: 'reviewers with submitted reviews in the round' })
  total!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'the lowest submitted total of the round (one scale for every page)',
  })
  minScore!: number | null;

  @Field(() => Float, { nullable: true, description: 'the highest submitted total of the round' })
  maxScore!: number | null;
}
