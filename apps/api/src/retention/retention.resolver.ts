import { Args, Field, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { RetentionService } from './retention.service';

@ObjectType({ description: '保存期限 / how long a call keeps its review materials and reviews' })
export class Retention {
  @Field(() => ID)
  programId!: string;

  @Field()
  code!: string;

  @Field(() => Int, { description: 'years documents are kept after the call’s last round is finalized' })
  materialsYears!: number;

  @Field(() => Int, { description: 'years reviews are kept after it (anonymised summaries remain)' })
  reviewsYears!: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'null while a round is not finalized' })
  lastFinalizedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  materialsDueAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  reviewsDueAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  materialsPurgedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  reviewsPurgedAt!: Date | null;

  @Field(() => Int, { description: 'documents stored now' })
  documents!: number;

  @Field(() => Int, { description: 'reviews stored now' })
  reviews!: number;
}

@ObjectType()
export class PurgedMaterials {
  @Field(() => Int)
  documents!: number;

  @Field(() => Int, { description: 'stored files removed (content no other document names)' })
  files!: number;
}

@ObjectType()
export class PurgedReviews {
  @Field(() => Int)
  rounds!: number;

  @Field(() => Int)
  reviews!: number;

  @Field(() => Int)
  assignments!: number;

  @Field(() => Int, { description: 'anonymised summaries kept (project × round)' })
  summaries!: number;
}

@ObjectType({ description: 'what a purge removed from one call (or, in a dry run, would remove)' })
export class PurgeResultModel {
  @Field(() => ID)
  programId!: string;

  @Field()
  code!: string;

  @Field(() => PurgedMaterials, { nullable: true })
  materials!: PurgedMaterials | null;

  @Field(() => PurgedReviews, { nullable: true })
  reviews!: PurgedReviews | null;
}

@ObjectType({ description: '评审意见摘要: what remains of a project’s purged reviews in a round' })
export class ReviewSummary {
  @Field(() => ID)
  projectId!: string;

  @Field()
  externalId!: string;

  @Field(() => Int)
  reviews!: number;

  @Field(() => Number, { nullable: true })
  mean!: number | null;

  @Field(() => GraphQLJSON, { description: 'criterion key → mean score' })
  criteria!: Record<string, number>;

  @Field(() => GraphQLJSON, { description: 'recommendation → count' })
  recommendations!: Record<string, number>;
}

@Resolver()
export class RetentionResolver {
  constructor(private readonly service: RetentionService) {}

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [Retention], { description: '保存期限 / each call’s retention and where it stands (or one call’s)' })
  retention(@Args('programId', { type: () => ID, nullable: true }) programId: string | null) {
    return this.service.states(programId ?? null);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => Retention, { description: 'how many years a call keeps its materials and its reviews (1–50)' })
  setRetention(
    @Args('programId', { type: () => ID }) programId: string,
    @Args('materialsYears', { type: () => Int }) materialsYears: number,
    @Args('reviewsYears', { type: () => Int }) reviewsYears: number,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.set(programId, materialsYears, reviewsYears, user);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => [PurgeResultModel], {
    description:
      'removes what the calls keep past their retention now (it also runs every night); dryRun only says what',
  })
  purgeExpired(@Args('dryRun', { type: () => Boolean }) dryRun: boolean, @CurrentUser() user: AuthUser) {
    return this.service.purge(new Date(), dryRun, user.id);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [ReviewSummary], { description: 'the anonymised summaries of a round whose reviews were purged' })
  reviewSummaries(@Args('roundId', { type: () => ID }) roundId: string) {
    return this.service.summaries(roundId);
  }
}
