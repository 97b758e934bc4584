import {
  Args,
  Context,
  Field,
  ID,
  Int,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Run, runOf } from '../jobs/jobs.resolver';
import { Project } from '../applications/models/project.model';
import type { GqlContext } from '../common/graphql/loaders';
import { User } from '../users/models/user.model';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { ConflictsService } from './conflicts.service';
import { Conflict, conflictModel } from './models/conflict.model';
import { CursorPageOf } from '../common/graphql/page-type';

@ObjectType()
export class DetectionSummary {
  @Field(() => Int)
  pairs!: number;

  @Field(() => Int)
  reasons!: number;
}

@ObjectType({ description: '一页回避 / one page of a round’s conflicts, in project and reviewer order' })
export class ConflictPage extends CursorPageOf(Conflict, 'conflicts') {}

@Resolver(() => Conflict)
export class ConflictsResolver {
  constructor(private readonly conflicts: ConflictsService) {}

  @Roles(Role.PROGRAM_OFFICER)
  @Query(() => [Conflict], {
    name: 'conflicts',
    description: '利益冲突 / conflicts of a round with their evidence (officers)',
  })
  async listConflicts(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('projectId', { type: () => ID, nullable: true }) projectId?: string,
    @Args('reviewerId', { type: () => ID, nullable: true }) reviewerId?: string,
  ) {
    return (await this.conflicts.list(roundId, projectId, reviewerId)).map(conflictModel);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Query(() => ConflictPage, {
    description:
      '利益冲突（分页）/ a round’s conflicts page by page (keyset cursor), filtered by project, reviewer or rule',
  })
  async conflictPage(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('projectId', { type: () => ID, nullable: true }) projectId: string | null,
    @Args('reviewerId', { type: () => ID, nullable: true }) reviewerId: string | null,
    @Args('rule', { type: () => String, nullable: true }) rule: string | null,
  ): Promise<ConflictPage> {
    const page = await this.conflicts.page(roundId, { projectId, reviewerId, rule }, first, after);
    return { ...page, items: page.items.map(conflictModel) };
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => DetectionSummary, { description: 'run conflict detection for a round again' })
  detectConflicts(@Args('roundId', { type: () => ID }) roundId: string) {
    return this.conflicts.detect(roundId);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => Run, {
    description:
      'run conflict detection in the background (a big round): poll run(id) for its stage; cancelRun(id) stops it',
  })
  async startConflictDetection(@Args('roundId', { type: () => ID }) roundId: string, @CurrentUser() user: AuthUser) {
    return runOf(await this.conflicts.startDetection(roundId, user));
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => [Conflict], {
    description: 'clear a detected conflict for review, with a written reason (kept and audited)',
  })
  async overrideConflict(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('reviewerId', { type: () => ID }) reviewerId: string,
    @Args('reason') reason: string,
    @CurrentUser() user: AuthUser,
  ) {
    return (await this.conflicts.override(roundId, projectId, reviewerId, reason, user)).map(conflictModel);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => [ID], { description: 'the persons an application asks to exclude as reviewers (at most 3)' })
  setApplicantExclusions(
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('personIds', { type: () => [ID] }) personIds: string[],
    @CurrentUser() user: AuthUser,
  ) {
    return this.conflicts.setExclusions(projectId, personIds, user);
  }

  @ResolveField(() => Project)
  project(@Parent() c: Conflict, @Context() ctx: GqlContext) {
    return ctx.loaders.application.load(c.projectId);
  }

  @ResolveField(() => User)
  reviewer(@Parent() c: Conflict, @Context() ctx: GqlContext) {
    return ctx.loaders.user.load(c.reviewerId);
  }
}
