import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { PoolReviewer, PoolReviewerPage } from './reviewers.models';
import { type PoolSort, ReviewersService } from './reviewers.service';

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

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => PoolReviewerPage, {
    description:
      '专家库（分页）/ the reviewer pool page by page (keyset cursor): filtered by discipline or text (name, e-mail, institution, keywords), ordered by NAME or LOAD (most assigned first)',
  })
  reviewerPoolPage(
    @Args('roundId', { type: () => ID, nullable: true }) roundId: string | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('discipline', { type: () => String, nullable: true }) discipline: string | null,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('sort', { type: () => String, defaultValue: 'NAME' }) sort: string,
  ) {
    return this.reviewers.page(roundId ?? null, { discipline, search }, sort as PoolSort, first, after);
  }
}
