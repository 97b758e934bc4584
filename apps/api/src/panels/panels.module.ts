import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { RankingModule } from '../ranking/ranking.module';
import {
  BallotEntity,
  BallotVoterEntity,
  PanelItemEntity,
  PanelMeetingEntity,
  PanelMemberEntity,
} from './panel.entity';
import { PanelsResolver } from './panels.resolver';
import { PanelsService } from './panels.service';
import { PanelEvents } from './panel-events';

/** 会议评审: panel meetings with attendance, recusal and secret ballots (libs/panels for the rules). */
@Module({
  imports: [
    TypeOrmModule.forFeature([PanelMeetingEntity, PanelMemberEntity, PanelItemEntity, BallotEntity, BallotVoterEntity]),
    ConflictsModule,
    RankingModule,
  ],
  providers: [PanelsService, PanelsResolver, PanelEvents],
  exports: [PanelsService],
})
export class PanelsModule {}
