import { materialSettings } from '../documents/material-access';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import type { GqlContext } from '../common/graphql/loaders';
import { Program } from '../programs/models/program.model';
import type { ProgramEntity } from '../programs/program.entity';
import { ConflictsService } from '../conflicts/conflicts.service';
import { RATINGS } from './defaults';
import { POLICY_PRESETS, resolvePolicy, type Policy } from '@app/conflicts';
import {
  ConflictPolicyModel,
  ConflictPolicyPreset,
  CreateRoundInput,
  ReviewRound,
  RoundSettingsModel,
  UpdateRoundInput,
} from './models/round.model';
import type { RoundEntity } from './round.entity';
import { RoundsService } from './rounds.service';

@Resolver(() => ReviewRound)
export class RoundsResolver {
  constructor(
    private readonly rounds: RoundsService,
    private readonly conflicts: ConflictsService,
  ) {}

  @Query(() => ReviewRound, { description: '评审轮次 / one round' })
  reviewRound(@Args('id', { type: () => ID }) id: string) {
    return this.rounds.get(id);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ReviewRound, {
    description: '新建评审轮次（草稿）/ create a round in DRAFT with the default rubric of its kind',
  })
  async createRound(
    @Args('programId', { type: () => ID }) programId: string,
    @Args('input') input: CreateRoundInput,
    @CurrentUser() user: AuthUser,
  ) {
    const r = await this.rounds.create(programId, input, user);
    await this.conflicts.detect(r.id);
    return r;
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ReviewRound, { description: 'edit a DRAFT round: window, rubric, reviewers per project, settings' })
  async updateRound(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('input') input: UpdateRoundInput,
    @CurrentUser() user: AuthUser,
  ) {
    const r = await this.rounds.update(roundId, input, user);
    // another conflict policy means other conflicts: detected again at once
    if (input.settings?.conflictPolicy && r.status !== 'FINALIZED') await this.conflicts.detect(r.id);
    return r;
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [ConflictPolicyModel], { description: '回避政策预设 / the conflict-policy presets with their windows' })
  conflictPolicyPresets(): ConflictPolicyModel[] {
    return Object.values(ConflictPolicyPreset).map((preset) => ({ preset, ...POLICY_PRESETS[preset] }));
  }

  /** The settings as stored, with the conflict policy resolved to the windows detection uses. */
  @ResolveField(() => RoundSettingsModel)
  settings(@Parent() r: RoundEntity): RoundSettingsModel {
    const stored = (r.settings ?? {}) as RoundSettingsModel & { conflictPolicy?: Policy };
    const p = resolvePolicy(stored.conflictPolicy);
    return {
      ...stored,
      ...materialSettings(r.settings),
      conflictPolicy: {
        preset: Object.values(ConflictPolicyPreset).find((v) => v === p.preset) ?? ConflictPolicyPreset.DEFAULT,
        collaboratorYears: p.collaboratorYears,
        formerAffiliationYears: p.formerAffiliationYears,
      },
    };
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ReviewRound)
  openRound(@Args('roundId', { type: () => ID }) roundId: string, @CurrentUser() user: AuthUser) {
    return this.rounds.open(roundId, user);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ReviewRound)
  closeRound(@Args('roundId', { type: () => ID }) roundId: string, @CurrentUser() user: AuthUser) {
    return this.rounds.close(roundId, user);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ReviewRound, {
    description: 'a later deadline (audited with the reason): an OPEN round is extended, a CLOSED one reopened',
  })
  extendRound(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('closesAt') closesAt: Date,
    @Args('reason') reason: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.rounds.extend(roundId, closesAt, reason, user);
  }

  @ResolveField(() => [String])
  ratingOptions() {
    return [...RATINGS];
  }
}

@Resolver(() => Program)
export class ProgramRoundsResolver {
  @ResolveField('rounds', () => [ReviewRound])
  programRounds(@Parent() p: ProgramEntity, @Context() ctx: GqlContext): Promise<RoundEntity[]> {
    return ctx.loaders.roundsByProgram.load(p.id);
  }
}
