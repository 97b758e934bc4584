import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import type { GqlContext } from '../common/graphql/loaders';
import { Expert } from './experts.models';
import { ExpertHistory, MyProfile, PersonRefInput, ProfileInput } from './profile.models';
import { ProfileService } from './profile.service';

@Resolver(() => Expert)
export class ProfileResolver {
  constructor(private readonly profile: ProfileService) {}

  @Roles(Role.REVIEWER)
  @Query(() => MyProfile, {
    description: '个人资料 / the signed-in expert’s own record, relations, publications and review quality',
  })
  myProfile(@CurrentUser() user: AuthUser) {
    return this.profile.get(user);
  }

  @Roles(Role.REVIEWER)
  @Mutation(() => MyProfile, {
    description:
      'the expert updates title, keywords, application codes and affiliations (adding or ending; never removing); conflicts are re-detected',
  })
  updateMyProfile(@CurrentUser() user: AuthUser, @Args('input') input: ProfileInput) {
    return this.profile.update(user, input);
  }

  @Roles(Role.REVIEWER)
  @Mutation(() => MyProfile, {
    description: 'declares a relation: ADVISOR (my advisor), ADVISEE (my student) or FAMILY',
  })
  addMyRelation(@CurrentUser() user: AuthUser, @Args('type') type: string, @Args('person') person: PersonRefInput) {
    return this.profile.addRelation(user, type, person);
  }

  @Roles(Role.REVIEWER)
  @Mutation(() => MyProfile, { description: 'declares a publication with its co-authors' })
  addMyPublication(
    @CurrentUser() user: AuthUser,
    @Args('title') title: string,
    @Args('year', { type: () => Int }) year: number,
    @Args('coauthors', { type: () => [PersonRefInput] }) coauthors: PersonRefInput[],
  ) {
    return this.profile.addPublication(user, title, year, coauthors);
  }

  // an Expert reaches officers (the pool) and the expert themself (myProfile) only
  @ResolveField(() => ExpertHistory, { description: 'rounds, reviews, timeliness, declines and ratings' })
  history(@Parent() e: Expert, @Context() ctx: GqlContext) {
    return ctx.loaders.expertHistory.load(e.id);
  }
}
