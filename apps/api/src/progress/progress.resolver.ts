import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { sliceOf } from '../common/graphql/page';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import {
  OutboxMessage,
  OutboxPage,
  ProjectProgress,
  ReminderPreview,
  ReviewerProgress,
  RoundProgress,
} from './progress.models';
import { ProgressService } from './progress.service';

@Resolver()
@Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
export class ProgressResolver {
  constructor(private readonly progress: ProgressService) {}

  @Query(() => RoundProgress, {
    description: '评审进度 / per round, project and reviewer: assigned, draft, submitted, overdue',
  })
  roundProgress(@Args('roundId', { type: () => ID }) roundId: string) {
    return this.progress.roundProgress(roundId);
  }

  @Query(() => ReminderPreview, {
    description: 'who sendReminders would remind now, the message they would get, and whether mail leaves',
  })
  reminderPreview(@Args('roundId', { type: () => ID }) roundId: string) {
    return this.progress.reminderPreview(roundId);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => Int, {
    description: '催办 / remind every reviewer with unsubmitted reviews (outbox; SMTP when configured)',
  })
  sendReminders(@Args('roundId', { type: () => ID }) roundId: string, @CurrentUser() actor: AuthUser) {
    return this.progress.sendReminders(roundId, actor);
  }

  @Query(() => OutboxPage, {
    description:
      'the outbox a page at a time, newest first: for a round or all, narrowed by delivery status, with the total',
  })
  outboxPage(
    @Args('roundId', { type: () => ID, nullable: true }) roundId: string | null,
    @Args('status', { type: () => String, nullable: true, description: 'KEPT, PENDING, SENDING, SENT or FAILED' })
    status: string | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ) {
    return this.progress.outboxPage({ roundId: roundId ?? null, status: status ?? null }, first, after ?? null);
  }

  @Query(() => [OutboxMessage], {
    description: 'reminders with their delivery status (kept here when no SMTP server is configured)',
  })
  outbox(@Args('roundId', { type: () => ID, nullable: true }) roundId: string | null) {
    return this.progress.outbox(roundId);
  }
}

/** Reviewers with reviews not yet submitted. */
const pendingOf = (p: RoundProgress) => p.reviewers.filter((r) => r.submitted < r.assigned);

/** A round's progress is computed whole (one aggregate); its per-reviewer and per-project lists are sent a page at a time. */
@Resolver(() => RoundProgress)
export class RoundProgressResolver {
  @ResolveField(() => [ReviewerProgress], {
    description: 'per reviewer; `first`/`offset` read a page, `pending: true` keeps those with reviews not submitted',
  })
  reviewers(
    @Parent() p: RoundProgress,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
    @Args('pending', { type: () => Boolean, defaultValue: false }) pending: boolean,
  ) {
    return sliceOf(pending ? pendingOf(p) : p.reviewers, first ?? null, offset);
  }

  @ResolveField(() => [ProjectProgress], { description: 'per project; `first`/`offset` read a page' })
  projects(
    @Parent() p: RoundProgress,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ) {
    return sliceOf(p.projects, first ?? null, offset);
  }

  @ResolveField(() => Int, { description: 'reviewers with work in the round' })
  reviewerCount(@Parent() p: RoundProgress) {
    return p.reviewers.length;
  }

  @ResolveField(() => Int, { description: 'of them, those with reviews not yet submitted' })
  pendingCount(@Parent() p: RoundProgress) {
    return pendingOf(p).length;
  }

  @ResolveField(() => Int, { description: 'projects of the round' })
  projectCount(@Parent() p: RoundProgress) {
    return p.projects.length;
  }
}
