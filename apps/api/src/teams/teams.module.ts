import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { NoticesModule } from '../notices/notices.module';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';
import { ReportsService } from './reports.service';
import { ProgressReportEntity, TeamInvitationEntity } from './team.entity';
import { AssignmentReportResolver, ProjectTeamResolver, TeamsResolver } from './teams.resolver';
import { TeamsService } from './teams.service';

/** Funded teams: leads' accounts (PI), mid-term progress reports, and the feedback of finalized rounds. */
@Module({
  imports: [TypeOrmModule.forFeature([TeamInvitationEntity, ProgressReportEntity]), AuthModule, NoticesModule],
  controllers: [FeedbackController],
  providers: [
    TeamsService,
    ReportsService,
    FeedbackService,
    TeamsResolver,
    ProjectTeamResolver,
    AssignmentReportResolver,
  ],
  exports: [TeamsService, ReportsService],
})
export class TeamsModule {}
