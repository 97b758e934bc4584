import { Module } from '@nestjs/common';
import { RankingModule } from '../ranking/ranking.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({ imports: [RankingModule], controllers: [ExportsController], providers: [ExportsService] })
export class ExportsModule {}
