import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import type { GqlContext } from '../common/graphql/loaders';
import { ReviewRound } from '../rounds/models/round.model';
import type { RoundEntity } from '../rounds/round.entity';
import { Pledge, PledgePage, RoundPledge } from './pledges.models';
import { hasSignedPledge } from './pledge-access';
import { pledgeOf } from './pledge-text';
import { PledgesService } from './pledges.service';

@Resolver(() => ReviewRound)
export class PledgesResolver {
  constructor(private readonly service: PledgesService) {}

  @Roles(Role.REVIEWER)
  @Mutation(() => Pledge, {
    description: '签署承诺书 / sign the round’s pledge (the version in force) before any material or score',
  })
  signPledge(@Args('roundId', { type: () => ID }) roundId: string, @CurrentUser() user: AuthUser) {
    return this.service.sign(roundId, user);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ReviewRound, {
    description: 'the round’s pledge: required or not, its text (a changed text is a new version)',
  })
  setRoundPledge(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('required') required: boolean,
    @Args('textZh') textZh: string,
    @Args('textEn') textEn: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.set(roundId, { required, textZh, textEn }, user);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [Pledge], { description: 'who signed the round’s pledge, which version, when (officers)' })
  pledges(@Args('roundId', { type: () => ID }) roundId: string) {
    return this.service.list(roundId);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => PledgePage, {
    description: 'the round’s signatures a page at a time, in the order they came, with their number (officers)',
  })
  pledgePage(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ) {
    return this.service.page(roundId, first, after ?? null);
  }

  @ResolveField(() => RoundPledge)
  pledge(@Parent() r: RoundEntity): RoundPledge {
    return pledgeOf(r.settings);
  }

  @ResolveField(() => Boolean, {
    description: 'has the caller signed the pledge in force (true when none is required)',
  })
  pledgeSigned(@Parent() r: RoundEntity, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext) {
    return hasSignedPledge(ctx, r, user.id);
  }
}
