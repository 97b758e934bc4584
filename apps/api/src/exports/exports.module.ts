import { Module } from '@nestjs/common';
import { RoundsModule } from '../rounds/rounds.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({ imports: [RoundsModule], controllers: [ExportsController], providers: [ExportsService] })
export class ExportsModule {}
