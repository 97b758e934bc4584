import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoaderRegistry } from '../common/graphql/loaders';
import { ApplicationEntity, CooperatingInstitutionEntity, TeamMemberEntity } from './application.entity';
import { applicationLoaders } from './applications.loaders';
import { ApplicationsService } from './applications.service';
import { ImportService } from './import.service';
import { ImportsController } from './imports.controller';
import { ProjectsResolver, TeamMemberResolver } from './projects.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([ApplicationEntity, CooperatingInstitutionEntity, TeamMemberEntity])],
  controllers: [ImportsController],
  providers: [ApplicationsService, ImportService, ProjectsResolver, TeamMemberResolver],
  exports: [ApplicationsService],
})
export class ApplicationsModule {
  constructor(loaders: LoaderRegistry) {
    loaders.contribute(applicationLoaders);
  }
}
