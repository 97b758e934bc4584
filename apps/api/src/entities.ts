import { ApplicationEntity, CooperatingInstitutionEntity, TeamMemberEntity } from './applications/application.entity';
import { AssignmentEntity } from './assignments/assignment.entity';
import { ReviewEntity } from './reviews/review.entity';
import { ReviewSummaryEntity } from './retention/review-summary.entity';
import { ReminderSlotEntity } from './progress/reminder-slot.entity';
import { AuditEntity } from './audit/audit.entity';
import {
  ApplicantExclusionEntity,
  ConflictEntity,
  ConflictOverrideEntity,
  DeclaredConflictEntity,
  PersonRelationEntity,
  PublicationAuthorEntity,
  PublicationEntity,
} from './conflicts/conflict.entity';
import { DocumentEntity } from './documents/document.entity';
import { OutboxEntity } from './mail/outbox.entity';
import { JobEntity } from './jobs/job.entity';
import { DecisionEntity } from './ranking/decision.entity';
import { RoundEntity, RoundProjectEntity } from './rounds/round.entity';
import { LoginAttemptEntity } from './auth/login-attempt.entity';
import { RefreshTokenEntity } from './auth/refresh-token.entity';
import { AffiliationEntity, InstitutionEntity, PersonEntity } from './people/people.entity';
import { DirectionEntity, ProgramEntity } from './programs/program.entity';
import { UserEntity } from './users/user.entity';
import { PledgeEntity } from './pledges/pledge.entity';
import { InvitationEntity, RoundAlternateEntity } from './invitations/invitation.entity';
import { NoticeEntity } from './notices/notice.entity';
import { ReviewRatingEntity } from './reviews/review-rating.entity';
import { ProgressReportEntity, TeamInvitationEntity } from './teams/team.entity';
import {
  BallotEntity,
  BallotVoterEntity,
  PanelItemEntity,
  PanelMeetingEntity,
  PanelMemberEntity,
} from './panels/panel.entity';

/**
 * Every table the application maps: the one list for `ormconfig.ts` (CLI, migrations). The Nest app
 * loads each entity from its feature module's `TypeOrmModule.forFeature`; test/modules.spec.ts
 * keeps the two equal.
 */
export const ENTITIES = [
  UserEntity,
  PledgeEntity,
  InvitationEntity,
  RoundAlternateEntity,
  NoticeEntity,
  ReviewRatingEntity,
  PanelMeetingEntity,
  PanelMemberEntity,
  PanelItemEntity,
  BallotEntity,
  BallotVoterEntity,
  RefreshTokenEntity,
  LoginAttemptEntity,
  AuditEntity,
  ProgramEntity,
  DirectionEntity,
  InstitutionEntity,
  PersonEntity,
  AffiliationEntity,
  ApplicationEntity,
  CooperatingInstitutionEntity,
  TeamMemberEntity,
  RoundEntity,
  RoundProjectEntity,
  PublicationEntity,
  PublicationAuthorEntity,
  PersonRelationEntity,
  ApplicantExclusionEntity,
  DeclaredConflictEntity,
  ConflictEntity,
  ConflictOverrideEntity,
  AssignmentEntity,
  ReviewEntity,
  ReviewSummaryEntity,
  JobEntity,
  DocumentEntity,
  OutboxEntity,
  DecisionEntity,
  ReminderSlotEntity,
  TeamInvitationEntity,
  ProgressReportEntity,
];
