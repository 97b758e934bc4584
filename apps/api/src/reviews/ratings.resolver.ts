import { Args, Field, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { RatingsService } from './ratings.service';

@ObjectType({ description: '评审质量评价: an officer’s rating of a submitted review (officers only)' })
export class ReviewRating {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  reviewId!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => ID)
  reviewerId!: string;

  @Field()
  reviewerName!: string;

  @Field({ description: 'HELPFUL, NEEDS_WORK, TOO_SHORT, TOO_VAGUE or NOT_CONSTRUCTIVE' })
  rating!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field()
  raterName!: string;

  @Field()
  ratedAt!: Date;
}

@Resolver(() => ReviewRating)
export class RatingsResolver {
  constructor(private readonly ratings: RatingsService) {}

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ReviewRating, {
    description:
      'rates a submitted review: HELPFUL, NEEDS_WORK, TOO_SHORT, TOO_VAGUE or NOT_CONSTRUCTIVE (rating again replaces)',
  })
  rateReview(
    @Args('reviewId', { type: () => ID }) reviewId: string,
    @Args('rating') rating: string,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
    @CurrentUser() user: AuthUser,
  ) {
    return this.ratings.rate(reviewId, rating, note, user);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [ReviewRating], { description: 'the ratings of a round’s reviews (officers)' })
  reviewRatings(@Args('roundId', { type: () => ID }) roundId: string) {
    return this.ratings.list(roundId);
  }
}
