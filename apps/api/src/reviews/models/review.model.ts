import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export enum ReviewStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
}
registerEnumType(ReviewStatus, { name: 'ReviewStatus' });

@ObjectType()
export class CriterionScore {
  @Field()
  criterionKey!: string;

  @Field(() => Float)
  score!: number;
}

@ObjectType({ description: '评审意见 / a review' })
export class Review {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'pass it back as expectedVersion: a stale one answers VERSION_CONFLICT' })
  version!: number;

  @Field(() => ReviewStatus)
  status!: ReviewStatus;

  @Field(() => [CriterionScore])
  scores!: CriterionScore[];

  @Field(() => Float, { nullable: true, description: 'weighted total on 0–100, when every criterion is scored' })
  total!: number | null;

  @Field(() => String, { nullable: true, description: 'EXCELLENT | GOOD | FAIR | POOR (优/良/中/差)' })
  rating!: string | null;

  @Field(() => String, { nullable: true })
  recommendation!: string | null;

  @Field()
  commentToApplicant!: string;

  @Field(() => String, { nullable: true, description: 'officers and the review’s author only' })
  confidentialComment!: string | null;

  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;

  @Field()
  updatedAt!: Date;
}

@InputType()
export class CriterionScoreInput {
  @Field()
  @IsString()
  @MaxLength(40)
  criterionKey!: string;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'score must be a finite number' })
  score!: number;
}

@InputType()
export class ReviewInput {
  @Field(() => [CriterionScoreInput])
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CriterionScoreInput)
  scores!: CriterionScoreInput[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  rating?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  recommendation?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  commentToApplicant?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  confidentialComment?: string | null;
}
