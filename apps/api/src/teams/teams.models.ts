import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

@ObjectType({ description: '考核指标完成情况: the call’s number beside the team’s value' })
export class TargetProgressView {
  @Field()
  key!: string;

  @Field()
  labelZh!: string;

  @Field()
  labelEn!: string;

  @Field(() => String, { nullable: true })
  unit!: string | null;

  @Field(() => Float, { nullable: true, description: 'the call asks at least this many' })
  min!: number | null;

  @Field(() => Float, { nullable: true, description: 'or at most this many' })
  max!: number | null;

  @Field(() => Float, { nullable: true, description: 'what the team reports it reached' })
  achieved!: number | null;

  @Field()
  evidence!: string;

  @Field(() => Float, {
    nullable: true,
    description: 'achieved ÷ the call’s number (1 = reached); null without numbers',
  })
  share!: number | null;

  @Field(() => Boolean, { nullable: true })
  met!: boolean | null;
}

@ObjectType({ description: '深圳转化落地方案 (years 3–5)' })
export class LandingPlanModel {
  @Field()
  partner!: string;

  @Field()
  site!: string;

  @Field()
  milestones!: string;

  @Field(() => Float, { nullable: true, description: 'CNY, at least 3,000,000' })
  requestedAmount!: number | null;
}

@ObjectType({ description: '文件: the mid-term report PDF or evidence attached to the report' })
export class ReportDocument {
  @Field(() => ID)
  id!: string;

  @Field()
  kind!: string;

  @Field()
  filename!: string;

  @Field(() => Int)
  size!: number;

  @Field()
  uploadedAt!: Date;

  @Field({ description: 'the caller may keep a file (?download=1), not only read it in the page' })
  downloadable!: boolean;

  @Field({ description: 'the caller reads a copy stamped with their name, account and the time' })
  watermarked!: boolean;
}

@ObjectType({ description: '中期进展报告: a funded team’s report in a mid-term round' })
export class ProgressReport {
  @Field(() => ID, { nullable: true, description: 'null while not started' })
  id!: string | null;

  @Field(() => ID)
  projectId!: string;

  @Field(() => ID)
  roundId!: string;

  @Field({ description: 'NOT_STARTED, DRAFT, SUBMITTED, RETURNED; NOT_SUBMITTED for a reviewer before submission' })
  status!: string;

  @Field(() => Int, { description: '0 before the first save' })
  version!: number;

  @Field()
  summary!: string;

  @Field(() => [TargetProgressView])
  targets!: TargetProgressView[];

  @Field({ description: 'the project committed to landing in Shenzhen: the plan is required' })
  landingRequired!: boolean;

  @Field(() => LandingPlanModel, { nullable: true })
  landing!: LandingPlanModel | null;

  @Field(() => [ReportDocument], { description: 'the mid-term report PDF and evidence files' })
  documents!: ReportDocument[];

  @Field(() => Date, { nullable: true })
  dueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;

  @Field({ description: 'submitted after the due date' })
  late!: boolean;

  @Field(() => String, { nullable: true, description: 'why the programme office returned it' })
  returnNote!: string | null;

  @Field(() => Date, { nullable: true })
  returnedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;
}

@ObjectType({ description: 'a mid-term round that evaluates the project' })
export class ProjectRound {
  @Field(() => ID)
  roundId!: string;

  @Field()
  nameZh!: string;

  @Field()
  nameEn!: string;

  @Field()
  status!: string;

  @Field(() => Date, { nullable: true })
  reportDueAt!: Date | null;
}

@ObjectType({ description: 'a comment to the applicant, under its reviewer’s code' })
export class FeedbackComment {
  @Field({ description: 'R1, R2 … within the project' })
  code!: string;

  @Field()
  comment!: string;
}

@ObjectType({ description: '评审反馈: what a finalized round decided of the project, and the comments to it' })
export class ProjectFeedback {
  @Field(() => ID)
  roundId!: string;

  @Field()
  nameZh!: string;

  @Field()
  nameEn!: string;

  @Field()
  kind!: string;

  @Field(() => String, { nullable: true, description: 'FUND, DECLINE, CONTINUE, COMPLETE, TERMINATE' })
  decision!: string | null;

  @Field(() => Float, { nullable: true })
  amount!: number | null;

  @Field(() => String, { nullable: true, description: 'mid-term: EXCELLENT, PASS or FAIL' })
  grade!: string | null;

  @Field(() => String, { nullable: true, description: 'the panel’s ballot: PASSED or FAILED' })
  panelResult!: string | null;

  @Field(() => [FeedbackComment])
  comments!: FeedbackComment[];
}

@ObjectType({ description: 'a lead’s account link, as the officer sees it' })
export class TeamInvitation {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'PI (the overall lead) or CO_PI' })
  role!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field()
  sentAt!: Date;

  @Field(() => Date, { nullable: true, description: 'when the link set a password' })
  linkUsedAt!: Date | null;

  @Field({ description: 'the lead has an account with the PI role' })
  hasAccount!: boolean;
}

@ObjectType({ description: 'what a lead’s link shows before sign-in' })
export class TeamLink {
  @Field()
  externalId!: string;

  @Field()
  titleZh!: string;

  @Field()
  titleEn!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field()
  role!: string;

  @Field()
  hasAccount!: boolean;

  @Field({ description: 'the link has set a password already' })
  used!: boolean;
}

@ObjectType({ description: 'a project of a mid-term round and its report’s state (officers)' })
export class ReportStatusRow {
  @Field(() => ID)
  projectId!: string;

  @Field()
  externalId!: string;

  @Field()
  title!: string;

  @Field()
  titleEn!: string;

  @Field({ description: 'NOT_STARTED, DRAFT, SUBMITTED or RETURNED' })
  status!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;

  @Field()
  late!: boolean;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;

  @Field(() => Int, { description: 'leads (PI, CO_PI) with an account' })
  leadsWithAccount!: number;
}

@InputType()
export class TargetProgressInput {
  @Field()
  @IsString()
  @MaxLength(100)
  key!: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  achieved?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  evidence?: string | null;

  @Field(() => String, { nullable: true, description: 'when given, must be the target’s unit' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  unit?: string | null;
}

@InputType()
export class LandingPlanInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  partner?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  site?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  milestones?: string | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  requestedAmount?: number | null;
}

@InputType()
export class ProgressReportInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50_000)
  summary?: string | null;

  @Field(() => [TargetProgressInput])
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => TargetProgressInput)
  targets!: TargetProgressInput[];

  @Field(() => LandingPlanInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LandingPlanInput)
  landing?: LandingPlanInput | null;
}
