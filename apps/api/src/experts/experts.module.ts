import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { UsersModule } from '../users/users.module';
import { ExpertsImportController } from './experts.controller';
import { ExpertsResolver } from './experts.resolver';
import { ExpertsService } from './experts.service';
import { InstitutionsService } from './institutions.service';

/** The expert pool (专家库) and the institutions (单位库): imports, search, edits, reviewer accounts. */
@Module({
  imports: [ConflictsModule, UsersModule],
  controllers: [ExpertsImportController],
  providers: [ExpertsService, InstitutionsService, ExpertsResolver],
  exports: [ExpertsService],
})
export class ExpertsModule {}
