import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NoticesModule } from '../notices/notices.module';
import { LoaderRegistry } from '../common/graphql/loaders';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { RoundEntity, RoundProjectEntity } from './round.entity';
import { roundLoaders } from './rounds.loaders';
import { ProgramRoundsResolver, RoundsResolver } from './rounds.resolver';
import { RoundsService } from './rounds.service';

/** Review rounds: their projects, settings, deadlines and status. */
@Module({
  imports: [TypeOrmModule.forFeature([RoundEntity, RoundProjectEntity]), ConflictsModule, NoticesModule],
  providers: [RoundsService, RoundsResolver, ProgramRoundsResolver],
  exports: [RoundsService],
})
export class RoundsModule {
  constructor(loaders: LoaderRegistry) {
    loaders.contribute(roundLoaders);
  }
}
