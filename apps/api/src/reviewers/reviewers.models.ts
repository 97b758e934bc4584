import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CursorPageOf } from '../common/graphql/page-type';

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

@ObjectType({ description: '专家库（分页）/ one page of the reviewer pool' })
export class PoolReviewerPage extends CursorPageOf(PoolReviewer, 'reviewers') {
  @Field(() => Int, { description: 'the highest load among them (a scale for load bars across pages)' })
  maxAssigned!: number;
}
