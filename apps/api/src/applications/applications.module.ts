import { Module } from '@nestjs/common';
import { ApplicationsService } from './applications.service';
import { ImportService } from './import.service';
import { ImportsController } from './imports.controller';
import { ProjectsResolver, TeamMemberResolver } from './projects.resolver';

@Module({
  controllers: [ImportsController],
  providers: [ApplicationsService, ImportService, ProjectsResolver, TeamMemberResolver],
  exports: [ApplicationsService],
})
export class ApplicationsModule {}
