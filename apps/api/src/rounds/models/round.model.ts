import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';

export enum RoundKind {
  INITIAL = 'INITIAL',
  MIDTERM = 'MIDTERM',
}
export enum RoundStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  FINALIZED = 'FINALIZED',
}
registerEnumType(RoundKind, { name: 'RoundKind', description: '初评 / 中期评估' });
registerEnumType(RoundStatus, { name: 'RoundStatus' });

/** The conflict-policy presets of libs/conflicts, its keys as the enum's values (no mapping). */
export enum ConflictPolicyPreset {
  DEFAULT = 'default',
  ERC = 'erc',
  NSF = 'nsf',
  NIH = 'nih',
}
registerEnumType(ConflictPolicyPreset, {
  name: 'ConflictPolicyPreset',
  description: 'DEFAULT (= ERC: collaborators 5 years, former institution 3), NSF (4, 1), NIH (3, 3)',
});

@ObjectType({ description: '回避政策 / the conflict policy of a round, with the windows it uses' })
export class ConflictPolicyModel {
  @Field(() => ConflictPolicyPreset)
  preset!: ConflictPolicyPreset;

  @Field(() => Float, { description: 'co-authorship counts for this many years before the round opens' })
  collaboratorYears!: number;

  @Field(() => Float, { description: 'a past affiliation counts for this many years after it ended' })
  formerAffiliationYears!: number;
}

@InputType()
export class ConflictPolicyInput {
  @Field(() => ConflictPolicyPreset)
  @IsIn(Object.values(ConflictPolicyPreset))
  preset!: ConflictPolicyPreset;

  @Field(() => Float, { nullable: true, description: 'instead of the preset’s window' })
  @IsOptional()
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0)
  @Max(100)
  collaboratorYears?: number;

  @Field(() => Float, { nullable: true, description: 'instead of the preset’s window' })
  @IsOptional()
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0)
  @Max(100)
  formerAffiliationYears?: number;
}

@ObjectType({ description: '评分项 / a rubric criterion' })
export class Criterion {
  @Field()
  key!: string;

  @Field()
  labelZh!: string;

  @Field()
  labelEn!: string;

  @Field()
  guidanceZh!: string;

  @Field()
  guidanceEn!: string;

  @Field(() => Float)
  weight!: number;

  @Field(() => Float)
  min!: number;

  @Field(() => Float)
  max!: number;

  @Field(() => Float)
  step!: number;
}

@ObjectType()
export class RoundSettingsModel {
  @Field(() => Float, { nullable: true })
  qualityThreshold?: number;

  @Field(() => Float, { nullable: true })
  excellentThreshold?: number;

  @Field(() => Float, { nullable: true })
  excellentContinueShare?: number;

  @Field(() => Float, { nullable: true })
  passThreshold?: number;

  @Field(() => Float, { nullable: true })
  maxExcellentShare?: number;

  @Field(() => Float, { nullable: true })
  phase2Amount?: number;

  @Field({
    description: 'reviewers and panel members may download a watermarked copy (otherwise they read in the page)',
  })
  reviewerDownload!: boolean;

  @Field(() => Int, { description: 'hours after the round closes that its reviewers still read the materials' })
  materialsGraceHours!: number;

  @Field(() => ConflictPolicyModel, { description: 'the conflict policy detection uses (the preset unless set)' })
  conflictPolicy?: ConflictPolicyModel;
}

@ObjectType({ description: '评审轮次 / a review round' })
export class ReviewRound {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  programId!: string;

  @Field(() => RoundKind)
  kind!: RoundKind;

  @Field()
  nameZh!: string;

  @Field()
  nameEn!: string;

  @Field(() => RoundStatus)
  status!: RoundStatus;

  @Field()
  opensAt!: Date;

  @Field({ description: 'the planned deadline' })
  closesAt!: Date;

  @Field(() => Date, { nullable: true, description: 'mid-term: when the funded teams’ progress reports are due' })
  reportDueAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'when the round was actually closed; null until then' })
  closedAt!: Date | null;

  @Field(() => Int)
  reviewersPerProject!: number;

  @Field(() => [Criterion])
  criteria!: Criterion[];

  @Field(() => [String], { description: 'EXCELLENT, GOOD, FAIR, POOR (优/良/中/差)' })
  ratingOptions!: string[];

  @Field(() => [String])
  recommendationOptions!: string[];

  @Field(() => RoundSettingsModel)
  settings!: RoundSettingsModel;

  @Field(() => ID, { nullable: true })
  parentRoundId!: string | null;

  @Field(() => Int)
  version!: number;
}

@InputType()
export class CriterionInput {
  @Field()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'key must be lower-case letters, digits or _ (at most 40)' })
  key!: string;

  @Field()
  @IsString()
  @Length(1, 100)
  labelZh!: string;

  @Field()
  @IsString()
  @Length(1, 200)
  labelEn!: string;

  @Field({ defaultValue: '' })
  @IsString()
  @Length(0, 2000)
  guidanceZh!: string;

  @Field({ defaultValue: '' })
  @IsString()
  @Length(0, 2000)
  guidanceEn!: string;

  @Field(() => Float)
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0.0001, { message: 'weight must be greater than 0' })
  @Max(1000)
  weight!: number;

  @Field(() => Float, { defaultValue: 0 })
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(-1000)
  @Max(1000)
  min!: number;

  @Field(() => Float, { defaultValue: 10 })
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(-1000)
  @Max(1000)
  max!: number;

  @Field(() => Float, { defaultValue: 0.5 })
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0.001)
  @Max(1000)
  step!: number;
}

@InputType()
export class RoundSettingsInput {
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0)
  @Max(100)
  qualityThreshold?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0)
  @Max(100)
  excellentThreshold?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0)
  @Max(1)
  excellentContinueShare?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0)
  @Max(100)
  passThreshold?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0)
  @Max(1)
  maxExcellentShare?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0)
  @Max(1e10)
  phase2Amount?: number;

  @Field({ nullable: true, description: 'reviewers and panel members may download a watermarked copy' })
  @IsOptional()
  @IsBoolean()
  reviewerDownload?: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'hours after closing that reviewers still read the materials (0–720)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  materialsGraceHours?: number;

  @Field(() => ConflictPolicyInput, {
    nullable: true,
    description: 'changing it re-detects the round’s conflicts (until the round is finalized)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConflictPolicyInput)
  conflictPolicy?: ConflictPolicyInput;
}

@InputType()
export class CreateRoundInput {
  @Field(() => RoundKind)
  @IsIn(['INITIAL', 'MIDTERM'])
  kind!: RoundKind;

  @Field()
  @IsString()
  @Length(1, 200)
  nameZh!: string;

  @Field()
  @IsString()
  @Length(1, 200)
  nameEn!: string;

  @Field({ description: 'ISO 8601 with a time zone' })
  @IsDateString({ strict: true }, { message: 'opensAt must be an ISO 8601 date-time with a time zone' })
  opensAt!: string;

  @Field({ description: 'ISO 8601 with a time zone' })
  @IsDateString({ strict: true }, { message: 'closesAt must be an ISO 8601 date-time with a time zone' })
  closesAt!: string;

  @Field(() => Int, { defaultValue: 5 })
  @IsInt()
  @Min(1)
  @Max(20)
  reviewersPerProject!: number;

  @Field(() => ID, { nullable: true, description: 'MIDTERM: the initial round whose funded projects are evaluated' })
  @IsOptional()
  @IsUUID()
  parentRoundId?: string;
}

@InputType()
export class UpdateRoundInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  nameZh?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  nameEn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'opensAt must be an ISO 8601 date-time with a time zone' })
  opensAt?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'closesAt must be an ISO 8601 date-time with a time zone' })
  closesAt?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  reviewersPerProject?: number;

  @Field(() => [CriterionInput], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CriterionInput)
  criteria?: CriterionInput[];

  @Field(() => RoundSettingsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RoundSettingsInput)
  settings?: RoundSettingsInput;
}
