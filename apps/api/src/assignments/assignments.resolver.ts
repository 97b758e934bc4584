import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Project } from '../applications/models/project.model';
import { mayReadAssignmentReviewer, sealed } from '../common/auth/access';
import { mayReadRoundMaterial } from '../pledges/pledge-access';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { notFound } from '../common/graphql/errors';
import type { GqlContext } from '../common/graphql/loaders';
import { Conflict, conflictModel } from '../conflicts/models/conflict.model';
import type { JobEntity } from '../jobs/job.entity';
import { JobsService } from '../jobs/jobs.service';
import { Review } from '../reviews/models/review.model';
import { ReviewRound } from '../rounds/models/round.model';
import { User } from '../users/models/user.model';
import type { AssignmentEntity } from './assignment.entity';
import { AssignmentsService, type PreviewView } from './assignments.service';
import { ApplyResult, Assignment, AssignmentOptions, AssignmentPage, AssignmentRun } from './models/assignment.model';

const runModel = (j: JobEntity, preview: PreviewView | null = null): AssignmentRun => ({
  id: j.id,
  status: j.status,
  progress: j.progress,
  message: j.message,
  // jsonb gives the time back as text; the schema's DateTime wants a Date
  preview: (preview
    ? {
        ...preview,
        // runs stored before these fields existed were SUM runs
        objectiveKind: preview.objectiveKind ?? 'SUM',
        stages: preview.stages ?? null,
        expectedObjective: preview.expectedObjective ?? null,
        maxProbability: preview.maxProbability ?? null,
        seed: preview.seed ?? null,
        appliedAt: preview.appliedAt ? new Date(preview.appliedAt) : null,
      }
    : null) as AssignmentRun['preview'],
  createdAt: j.createdAt,
  finishedAt: j.finishedAt,
});

@Resolver(() => Assignment)
export class AssignmentsResolver {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly jobs: JobsService,
  ) {}

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => AssignmentRun, {
    description: '生成专家分配（后台）/ run the optimal solver in the background; poll assignmentRun(id)',
  })
  async generateAssignments(
    @Args('roundId', { type: () => ID }) roundId: string,
    // typed as the class (not `| null`) so that the ValidationPipe sees it and applies its rules
    @Args('input', { type: () => AssignmentOptions, nullable: true }) input: AssignmentOptions,
    @CurrentUser() user: AuthUser,
  ) {
    const job = await this.assignments.generate(
      roundId,
      {
        objective: (input?.objective ?? 'SUM').toLowerCase() as 'sum' | 'fair' | 'randomized',
        maxProbability: input?.maxProbability,
        seed: input?.seed,
        maxLoad: input?.maxLoad,
        minLoad: input?.minLoad,
        weights: input?.weights,
      },
      user,
    );
    return runModel(job);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Query(() => AssignmentRun)
  async assignmentRun(@Args('id', { type: () => ID }) id: string) {
    const run = await this.assignments.runView(id);
    if (!run) throw notFound('assignment run', id);
    return runModel(run.job, run.preview);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ApplyResult, { description: 'apply a finished run atomically' })
  applyAssignmentRun(@Args('runId', { type: () => ID }) runId: string, @CurrentUser() user: AuthUser) {
    return this.assignments.apply(runId, user);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => Assignment, { description: 'manual assignment (locked); CONFLICT_OF_INTEREST for a conflicted pair' })
  assignReviewer(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('reviewerId', { type: () => ID }) reviewerId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.assignments.assign(roundId, projectId, reviewerId, user);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => Boolean)
  removeAssignment(@Args('assignmentId', { type: () => ID }) assignmentId: string, @CurrentUser() user: AuthUser) {
    return this.assignments.remove(assignmentId, user);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [Assignment], { name: 'assignments', description: 'every active assignment of a round (officers)' })
  listAssignments(@Args('roundId', { type: () => ID }) roundId: string) {
    return this.assignments.list(roundId);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => AssignmentPage, {
    description:
      '评审任务（分页）/ a round’s active assignments page by page (keyset cursor, by project number), filtered by project, reviewer, review state (SUBMITTED, DRAFT, NONE) or text (project number or title, reviewer name)',
  })
  assignmentPage(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('projectId', { type: () => ID, nullable: true }) projectId: string | null,
    @Args('reviewerId', { type: () => ID, nullable: true }) reviewerId: string | null,
    @Args('review', { type: () => String, nullable: true }) review: string | null,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
  ) {
    return this.assignments.page(roundId, { projectId, reviewerId, review, search }, first, after);
  }

  @Roles(Role.REVIEWER)
  @Query(() => [Assignment], { description: '我的评审任务 / the caller’s own assignments, with project and review' })
  myAssignments(
    @Args('roundId', { type: () => ID, nullable: true }) roundId: string | null,
    @CurrentUser() user: AuthUser,
  ) {
    return this.assignments.mine(user, roundId);
  }

  @Roles(Role.REVIEWER)
  @Mutation(() => Boolean, {
    description: 'decline an assignment; a replacement is found without moving other assignments',
  })
  declineAssignment(
    @Args('assignmentId', { type: () => ID }) assignmentId: string,
    @Args('reason') reason: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.assignments.decline(assignmentId, reason, user);
  }

  @Roles(Role.REVIEWER)
  @Mutation(() => Conflict, {
    description: '声明回避 / declare a conflict; also withdraws the reviewer from that assignment',
  })
  async declareConflict(
    @Args('assignmentId', { type: () => ID }) assignmentId: string,
    @Args('reason') reason: string,
    @CurrentUser() user: AuthUser,
  ) {
    return conflictModel(await this.assignments.declareConflict(assignmentId, reason, user));
  }

  @ResolveField(() => ReviewRound)
  round(@Parent() a: AssignmentEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.round.load(a.roundId);
  }

  @ResolveField(() => Project, {
    description: 'before the round’s pledge is signed, a reviewer sees the project’s number and title only',
  })
  async project(@Parent() a: AssignmentEntity, @Context() ctx: GqlContext, @CurrentUser() user: AuthUser) {
    const [p, open] = await Promise.all([
      ctx.loaders.application.load(a.applicationId),
      mayReadRoundMaterial(ctx, a.roundId, user),
    ]);
    return p && !open ? sealed(p) : p;
  }

  @ResolveField(() => User, { nullable: true, description: 'officers only; a reviewer never learns who else reviews' })
  reviewer(@Parent() a: AssignmentEntity, @Context() ctx: GqlContext, @CurrentUser() user: AuthUser) {
    if (!mayReadAssignmentReviewer(user)) return null;
    return ctx.loaders.user.load(a.reviewerId);
  }

  @ResolveField(() => Review, { nullable: true, description: 'null for a reviewer until the round’s pledge is signed' })
  async review(@Parent() a: AssignmentEntity, @Context() ctx: GqlContext, @CurrentUser() user: AuthUser) {
    if (!(await mayReadRoundMaterial(ctx, a.roundId, user))) return null;
    return ctx.loaders.reviewByAssignment.load(a.id);
  }
}
