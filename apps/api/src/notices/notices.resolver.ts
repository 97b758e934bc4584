import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AuthUser, CurrentUser } from '../common/auth/decorators';
import { Notice, NoticePage } from './notices.models';
import { NoticesService } from './notices.service';

@Resolver(() => Notice)
export class NoticesResolver {
  constructor(private readonly service: NoticesService) {}

  @Query(() => NoticePage, { description: '我的通知 / the signed-in user’s notices, newest first' })
  myNotices(
    @CurrentUser() user: AuthUser,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
    @Args('limit', { type: () => Int, defaultValue: 20 }) limit: number,
  ) {
    return this.service.mine(user, offset, limit);
  }

  @Mutation(() => Int, { description: 'marks the user’s notices read (all when no ids are given); answers how many' })
  markNoticesRead(
    @CurrentUser() user: AuthUser,
    @Args('ids', { type: () => [ID], nullable: true }) ids: string[] | null,
  ) {
    return this.service.markRead(user, ids);
  }
}
