import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoundsModule } from '../rounds/rounds.module';
import { DecisionEntity } from './decision.entity';
import { RankingResolver } from './ranking.resolver';
import { RankingService } from './ranking.service';

/** Ranking (libs/scoring) and funding decisions (libs/decisions) within budgets. */
@Module({
  imports: [TypeOrmModule.forFeature([DecisionEntity]), RoundsModule],
  providers: [RankingService, RankingResolver],
  exports: [RankingService],
})
export class RankingModule {}
