import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NoticesModule } from '../notices/notices.module';
import { ProgressResolver, RoundProgressResolver } from './progress.resolver';
import { ProgressService } from './progress.service';
import { ReminderSlotEntity } from './reminder-slot.entity';

/** Progress of rounds, and reminders to reviewers (by hand and on a schedule). */
@Module({
  imports: [TypeOrmModule.forFeature([ReminderSlotEntity]), NoticesModule],
  providers: [ProgressService, ProgressResolver, RoundProgressResolver],
})
export class ProgressModule {}
