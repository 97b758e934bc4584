import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: '专家库 / a reviewer of the pool with expertise and, for a round, workload' })
export class PoolReviewer {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'current institution (affiliation without an end date)' })
  institution!: string | null;

  @Field(() => [String])
  disciplines!: string[];

  @Field(() => [String])
  keywords!: string[];

  @Field()
  disabled!: boolean;

  @Field(() => Int, { description: 'active assignments (in the round when given, else in open rounds)' })
  assigned!: number;

  @Field(() => Int)
  submitted!: number;

  @Field(() => Int, { description: 'projects of the round this reviewer is conflicted with (0 without a round)' })
  conflicts!: number;
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
