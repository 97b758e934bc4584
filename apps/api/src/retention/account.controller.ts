import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { type AuthUser, CurrentUser } from '../common/auth/decorators';
import { AuditService } from '../audit/audit.service';
import { accountData } from './account-data';

/** The signed-in owner's own data, as a JSON file (any role). */
@Controller('account')
export class AccountController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get('data.json')
  async data(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    const body = await accountData(this.db.manager, user.id);
    await this.audit.record({ actorId: user.id, action: 'account.export', entity: 'user', entityId: user.id });
    return reply
      .header('Content-Type', 'application/json; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="my-data.json"')
      .header('Cache-Control', 'private, no-store')
      .send(JSON.stringify(body, null, 2));
  }
}
