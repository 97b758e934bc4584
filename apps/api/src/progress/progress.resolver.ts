import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { OutboxMessage, ReminderPreview, RoundProgress } from './progress.models';
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

  @Query(() => [OutboxMessage], {
    description: 'reminders with their delivery status (kept here when no SMTP server is configured)',
  })
  outbox(@Args('roundId', { type: () => ID, nullable: true }) roundId: string | null) {
    return this.progress.outbox(roundId);
  }
}
