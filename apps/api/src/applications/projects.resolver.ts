import { splitBilingual } from '../common/i18n/texts';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { mayReadExclusions, mayReadProjectMaterial, type Sealable } from '../common/auth/access';
import { Role } from '../common/auth/role.enum';
import { forbidden } from '../common/graphql/errors';
import type { GqlContext } from '../common/graphql/loaders';
import { Institution, Person } from '../people/models/people.model';
import { Direction } from '../programs/models/program.model';
import { ApplicationStatus } from './application-status';
import type { ApplicationEntity, TeamMemberEntity } from './application.entity';
import { ApplicationsService } from './applications.service';
import { Eligibility, Project, ProjectPage, ScreeningSummary, TeamMember } from './models/project.model';

@Resolver(() => Project)
export class ProjectsResolver {
  constructor(private readonly apps: ApplicationsService) {}

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [Project], { description: '申请/项目列表 / applications of a call (officers)' })
  projects(
    @Args('programId', { type: () => ID }) programId: string,
    @Args('directionNumber', { type: () => Int, nullable: true }) directionNumber?: number | null,
    @Args('status', { type: () => ApplicationStatus, nullable: true }) status?: ApplicationStatus | null,
  ) {
    return this.apps.list(programId, directionNumber, status);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => ProjectPage, {
    description:
      '申请/项目（分页）/ a call’s applications page by page (keyset cursor, by project number), filtered by direction, status, round or text (number or title)',
  })
  projectPage(
    @Args('programId', { type: () => ID }) programId: string,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('directionNumber', { type: () => Int, nullable: true }) directionNumber: number | null,
    @Args('status', { type: () => ApplicationStatus, nullable: true }) status: ApplicationStatus | null,
    @Args('roundId', { type: () => ID, nullable: true }) roundId: string | null,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
  ) {
    return this.apps.page(programId, { directionNumber, status, roundId, search }, first, after);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => Project)
  project(@Args('id', { type: () => ID }) id: string) {
    return this.apps.get(id);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ScreeningSummary, {
    description: '形式审查 / screen every application of the call, store results, move statuses',
  })
  screenApplications(@Args('programId', { type: () => ID }) programId: string, @CurrentUser() user: AuthUser) {
    return this.apps.screen(programId, user);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => Project, { description: 'Override the screening result with a written justification (audited)' })
  overrideEligibility(
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('eligible') eligible: boolean,
    @Args('reason') reason: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.apps.overrideEligibility(projectId, eligible, reason, user);
  }

  @ResolveField(() => String)
  title(@Parent() a: ApplicationEntity) {
    return a.titleZh;
  }

  @ResolveField(() => Direction)
  direction(@Parent() a: ApplicationEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.direction.load(a.directionId);
  }

  @ResolveField(() => Institution)
  leadInstitution(@Parent() a: ApplicationEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.institution.load(a.leadInstitutionId);
  }

  @ResolveField(() => [Institution])
  async cooperatingInstitutions(@Parent() a: ApplicationEntity & Sealable, @Context() ctx: GqlContext) {
    if (!mayReadProjectMaterial(a)) return [];
    const links = await ctx.loaders.cooperatingByApplication.load(a.id);
    return ctx.loaders.institution.loadMany(links.map((l) => l.institutionId));
  }

  @ResolveField(() => [Person], {
    description: '申请人建议回避的专家 (at most 3); officers only: a reviewer never learns who was excluded',
  })
  async excludedExperts(@Parent() a: ApplicationEntity, @Context() ctx: GqlContext, @CurrentUser() user: AuthUser) {
    if (!mayReadExclusions(user)) throw forbidden('excludedExperts: for programme officers only / 仅项目官员可见');
    const rows = await ctx.loaders.exclusionsByApplication.load(a.id);
    return ctx.loaders.person.loadMany(rows.map((r) => r.personId));
  }

  @ResolveField(() => [TeamMember])
  team(@Parent() a: ApplicationEntity & Sealable, @Context() ctx: GqlContext) {
    if (!mayReadProjectMaterial(a)) return [];
    return ctx.loaders.teamByApplication.load(a.id);
  }

  @ResolveField(() => Eligibility)
  eligibility(@Parent() a: ApplicationEntity): Eligibility {
    return {
      eligible: a.eligibilityOverride ?? a.eligible,
      failures: a.eligibilityFailures.map((f) => {
        const t = splitBilingual(f.message);
        return { rule: f.rule, message: f.message, messageZh: t.zh, messageEn: t.en };
      }),
      screenedAt: a.screenedAt,
      overridden: a.eligibilityOverride !== null,
      overrideReason: a.overrideReason,
    };
  }
}

@Resolver(() => TeamMember)
export class TeamMemberResolver {
  @ResolveField(() => Person)
  person(@Parent() t: TeamMemberEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.person.load(t.personId);
  }
}
