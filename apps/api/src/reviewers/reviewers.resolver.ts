import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { PoolReviewer } from './reviewers.models';
import { ReviewersService } from './reviewers.service';

@Resolver()
export class ReviewersResolver {
  constructor(private readonly reviewers: ReviewersService) {}

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [PoolReviewer], {
    description: '专家库 / every reviewer with expertise; workload and conflicts in a round when given',
  })
  reviewerPool(@Args('roundId', { type: () => ID, nullable: true }) roundId: string | null) {
    return this.reviewers.pool(roundId ?? null);
  }
}
