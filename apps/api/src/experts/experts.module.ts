import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { UsersModule } from '../users/users.module';
import { ExpertsImportController } from './experts.controller';
import { ExpertsResolver } from './experts.resolver';
import { ExpertsService } from './experts.service';
import { InstitutionsService } from './institutions.service';
import { historyLoaders } from './history.loaders';
import { ProfileResolver } from './profile.resolver';
import { ProfileService } from './profile.service';
import { LoaderRegistry } from '../common/graphql/loaders';

/** The expert pool (专家库) and the institutions (单位库): imports, search, edits, reviewer accounts. */
@Module({
  imports: [ConflictsModule, UsersModule],
  controllers: [ExpertsImportController],
  providers: [ExpertsService, InstitutionsService, ExpertsResolver, ProfileService, ProfileResolver],
  exports: [ExpertsService],
})
export class ExpertsModule {
  constructor(loaders: LoaderRegistry) {
    loaders.contribute(historyLoaders);
  }
}
