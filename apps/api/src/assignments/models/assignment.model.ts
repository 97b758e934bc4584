import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { CursorPageOf } from '../../common/graphql/page-type';

export enum AssignmentObjective {
  SUM = 'SUM',
  FAIR = 'FAIR',
  RANDOMIZED = 'RANDOMIZED',
}
registerEnumType(AssignmentObjective, { name: 'AssignmentObjective' });

@ObjectType({ description: '评审任务 / a reviewer assigned to a project in a round' })
export class Assignment {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'the discipline this reviewer covers on the panel' })
  covers!: string | null;

  @Field()
  locked!: boolean;

  @Field()
  source!: string;

  @Field(() => Float, { nullable: true })
  affinity!: number | null;
}

@ObjectType({ description: '评审任务（分页）/ one page of a round’s assignments' })
export class AssignmentPage extends CursorPageOf(Assignment, 'assignments') {}

@InputType()
export class AffinityWeightsInput {
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  keywords?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  text?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  discipline?: number;
}

@InputType()
export class AssignmentOptions {
  @Field(() => AssignmentObjective, { defaultValue: AssignmentObjective.SUM })
  @IsOptional()
  @IsEnum(AssignmentObjective)
  objective?: AssignmentObjective;

  @Field(() => Int, {
    nullable: true,
    description: 'most projects per reviewer (default: enough for every seat, plus 2)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  maxLoad?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200)
  minLoad?: number;

  @Field(() => AffinityWeightsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AffinityWeightsInput)
  weights?: AffinityWeightsInput;

  @Field(() => Float, {
    nullable: true,
    description: 'RANDOMIZED: the highest probability of any one reviewer–project pair, in (0, 1]',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(1)
  maxProbability?: number;

  @Field(() => Int, { nullable: true, description: 'RANDOMIZED: the seed (the same seed gives the same assignment)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2147483647)
  seed?: number;
}

@ObjectType({ description: 'FAIR: one stage of the objective, its value and how far it can be from optimal' })
export class FairStageModel {
  @Field({ description: 'minProjectAffinity (the worst-off project) or totalAffinity' })
  stage!: string;

  @Field(() => Float)
  value!: number;

  @Field(() => Float, { description: 'an upper bound on the stage’s optimum' })
  bound!: number;

  @Field(() => Float, { description: 'bound − value; 0 means proven optimal' })
  gap!: number;
}

@ObjectType()
export class PreviewPair {
  @Field(() => ID)
  projectId!: string;

  @Field()
  projectTitle!: string;

  @Field(() => ID)
  reviewerId!: string;

  @Field()
  reviewerName!: string;

  @Field(() => String, { nullable: true })
  covers!: string | null;

  @Field(() => Float)
  affinity!: number;
}

@ObjectType()
export class ProjectCoverage {
  @Field(() => ID)
  projectId!: string;

  @Field()
  projectTitle!: string;

  @Field(() => Int)
  reviewers!: number;

  @Field(() => [String])
  covers!: string[];
}

@ObjectType()
export class ReviewerLoad {
  @Field(() => ID)
  reviewerId!: string;

  @Field()
  reviewerName!: string;

  @Field(() => Int)
  load!: number;

  @Field(() => Int)
  maxLoad!: number;
}

@ObjectType({ description: 'how many projects’ panels include a discipline' })
export class DisciplineCoverage {
  @Field()
  discipline!: string;

  @Field(() => Int)
  projects!: number;
}

@ObjectType({ description: 'how many reviewers carry a given number of projects' })
export class LoadBucket {
  @Field(() => Int)
  load!: number;

  @Field(() => Int)
  reviewers!: number;
}

@ObjectType({ description: 'the solver’s proposal against the current assignment' })
export class AssignmentPreviewModel {
  @Field({ description: 'optimal or infeasible' })
  status!: string;

  @Field(() => Float)
  objective!: number;

  @Field(() => [String])
  reasons!: string[];

  /** served page by page by the preview's resolver ({@link PreviewResolver}) */
  added!: PreviewPair[];

  /** served page by page by the preview's resolver ({@link PreviewResolver}) */
  removed!: PreviewPair[];

  @Field(() => Int)
  unchanged!: number;

  /** served page by page by the preview's resolver ({@link PreviewResolver}) */
  coverage!: ProjectCoverage[];

  /** served page by page by the preview's resolver ({@link PreviewResolver}) */
  loads!: ReviewerLoad[];

  @Field(() => Float)
  solveMs!: number;

  @Field(() => AssignmentObjective)
  objectiveKind!: AssignmentObjective;

  @Field(() => [FairStageModel], { nullable: true, description: 'FAIR only' })
  stages!: FairStageModel[] | null;

  @Field(() => Float, { nullable: true, description: 'RANDOMIZED: the optimal expected total affinity under the cap' })
  expectedObjective!: number | null;

  @Field(() => Float, { nullable: true })
  maxProbability!: number | null;

  @Field(() => Int, { nullable: true })
  seed!: number | null;

  @Field(() => Date, { nullable: true })
  appliedAt!: Date | null;

  /** the run whose stored lists the preview's resolver pages through */
  runId!: string;

  @Field(() => Int)
  addedCount!: number;

  @Field(() => Int)
  removedCount!: number;

  @Field(() => Int, { description: 'projects in the preview' })
  coverageCount!: number;

  @Field(() => Int, { description: 'projects whose panel lacks a discipline' })
  incompleteCount!: number;

  @Field(() => Int, { description: 'reviewers in the preview' })
  loadsCount!: number;

  @Field(() => [DisciplineCoverage], { description: 'for each discipline, the projects whose panel has it' })
  disciplineCoverage!: DisciplineCoverage[];

  @Field(() => [LoadBucket], { description: 'reviewers by load, 0 up to the highest cap (every bucket listed)' })
  loadHistogram!: LoadBucket[];
}

@ObjectType({ description: '分配计算 / a background solver run' })
export class AssignmentRun {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'QUEUED, RUNNING, DONE or FAILED' })
  status!: string;

  @Field(() => Int)
  progress!: number;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => AssignmentPreviewModel, { nullable: true })
  preview!: AssignmentPreviewModel | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}

@ObjectType()
export class ApplyResult {
  @Field(() => Int)
  added!: number;

  @Field(() => Int)
  removed!: number;

  @Field(() => Int)
  unchanged!: number;
}
