import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { ReviewEntity } from './review.entity';
import { AssignmentsService } from '../assignments/assignments.service';
import { isOfficer, mayReadConfidentialComment } from '../common/auth/access';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import type { GqlContext } from '../common/graphql/loaders';
import { Role } from '../common/auth/role.enum';
import { CriterionScore, Review, ReviewInput } from './models/review.model';
import { ReviewsService } from './reviews.service';
import { mayReadRoundMaterial } from '../pledges/pledge-access';
import { pledgeRequired } from '../pledges/pledges.service';

@Resolver(() => Review)
export class ReviewsResolver {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly assignments: AssignmentsService,
  ) {}

  @Roles(Role.REVIEWER)
  @Mutation(() => Review, {
    description: '保存草稿 / create or update the draft (autosave); a stale expectedVersion answers VERSION_CONFLICT',
  })
  saveReview(
    @Args('assignmentId', { type: () => ID }) assignmentId: string,
    @Args('input') input: ReviewInput,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @CurrentUser() user: AuthUser,
  ) {
    return this.reviews.save(assignmentId, input, expectedVersion, user);
  }

  @Roles(Role.REVIEWER)
  @Mutation(() => Review, { description: '提交 / submit a complete review; ROUND_CLOSED outside the window' })
  submitReview(
    @Args('assignmentId', { type: () => ID }) assignmentId: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @CurrentUser() user: AuthUser,
  ) {
    return this.reviews.submit(assignmentId, expectedVersion, user);
  }

  @Roles(Role.REVIEWER)
  @Mutation(() => Review, { description: '撤回提交 / back to draft while the round is open' })
  withdrawReview(
    @Args('assignmentId', { type: () => ID }) assignmentId: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @CurrentUser() user: AuthUser,
  ) {
    return this.reviews.withdraw(assignmentId, expectedVersion, user);
  }

  @Query(() => Review, { nullable: true, description: 'the review of an assignment: its reviewer or an officer' })
  async review(
    @Args('assignmentId', { type: () => ID }) assignmentId: string,
    @CurrentUser() user: AuthUser,
    @Context() ctx: GqlContext,
  ) {
    const a = await this.assignments.get(assignmentId);
    await this.assignments.assertCanSee(a, user);
    if (!(await mayReadRoundMaterial(ctx, a.roundId, user))) throw pledgeRequired(a.roundId);
    return this.reviews.byAssignment(assignmentId);
  }

  @ResolveField(() => [CriterionScore])
  scores(@Parent() r: ReviewEntity): CriterionScore[] {
    return Object.entries(r.scores).map(([criterionKey, score]) => ({ criterionKey, score }));
  }

  @ResolveField(() => String, { nullable: true })
  async confidentialComment(@Parent() r: ReviewEntity, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext) {
    if (isOfficer(user)) return r.confidentialComment;
    const a = await ctx.loaders.assignment.load(r.assignmentId);
    return a && mayReadConfidentialComment(user, a) ? r.confidentialComment : null;
  }
}
