import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { AuditEntry } from './audit.models';
import { AuditService } from './audit.service';

@Resolver()
@Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => [AuditEntry], { description: '审计日志 / the audit trail, newest first (officers)' })
  auditTrail(
    @Args('entity', { type: () => String, nullable: true }) entity: string | null,
    @Args('entityId', { type: () => String, nullable: true }) entityId: string | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
    @Args('limit', { type: () => Int, defaultValue: 50 }) limit: number,
  ) {
    return this.audit.trail(entity, entityId, offset, limit);
  }
}
