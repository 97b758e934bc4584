import {
  ApplicationEntity,
  CooperatingInstitutionEntity,
  TeamMemberEntity,
} from '../../applications/application.entity';
import { AuditEntity } from '../../audit/audit.entity';
import { LoginAttemptEntity } from '../../auth/login-attempt.entity';
import { RefreshTokenEntity } from '../../auth/refresh-token.entity';
import { AffiliationEntity, InstitutionEntity, PersonEntity } from '../../people/people.entity';
import { DirectionEntity, ProgramEntity } from '../../programs/program.entity';
import { UserEntity } from '../../users/user.entity';

/** Every table the application maps. */
export const ENTITIES = [
  UserEntity,
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
];
