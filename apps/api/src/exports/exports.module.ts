import { Module } from '@nestjs/common';
import { RankingModule } from '../ranking/ranking.module';
import { ExportsController, ProgramExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({
  imports: [RankingModule],
  controllers: [ExportsController, ProgramExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
