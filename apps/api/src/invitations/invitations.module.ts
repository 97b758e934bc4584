import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ExpertsModule } from '../experts/experts.module';
import { NoticesModule } from '../notices/notices.module';
import { InvitationEntity, RoundAlternateEntity } from './invitation.entity';
import { InvitationsResolver } from './invitations.resolver';
import { InvitationsService } from './invitations.service';

/** 评审邀请: experts invited to a round answer through a signed link; reminders, expiry, alternates. */
@Module({
  imports: [
    TypeOrmModule.forFeature([InvitationEntity, RoundAlternateEntity]),
    AuthModule,
    ConflictsModule,
    ExpertsModule,
    NoticesModule,
  ],
  providers: [InvitationsService, InvitationsResolver],
  exports: [InvitationsService],
})
export class InvitationsModule {}
