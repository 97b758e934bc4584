import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoaderRegistry } from '../common/graphql/loaders';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { NoticesModule } from '../notices/notices.module';
import { AssignmentEntity } from './assignment.entity';
import { assignmentLoaders } from './assignments.loaders';
import { AssignmentsResolver } from './assignments.resolver';
import { PreviewResolver } from './preview.resolver';
import { AssignmentsService } from './assignments.service';

/** Who reviews what: the optimal assignment (libs/assignment) as a job, locks, replacements. */
@Module({
  imports: [TypeOrmModule.forFeature([AssignmentEntity]), ConflictsModule, NoticesModule],
  providers: [AssignmentsService, AssignmentsResolver, PreviewResolver],
  exports: [AssignmentsService],
})
export class AssignmentsModule {
  constructor(loaders: LoaderRegistry) {
    loaders.contribute(assignmentLoaders);
  }
}
