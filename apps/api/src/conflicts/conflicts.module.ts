import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ApplicantExclusionEntity,
  ConflictEntity,
  ConflictOverrideEntity,
  DeclaredConflictEntity,
  PersonRelationEntity,
  PublicationAuthorEntity,
  PublicationEntity,
} from './conflict.entity';
import { ConflictsResolver } from './conflicts.resolver';
import { ConflictsService } from './conflicts.service';
import { RelationsImportController } from './relations-import.controller';
import { RelationsImportService } from './relations-import.service';

/** Conflicts of interest: detection (libs/conflicts), overrides, declarations, imported relations. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ConflictEntity,
      ConflictOverrideEntity,
      DeclaredConflictEntity,
      ApplicantExclusionEntity,
      PersonRelationEntity,
      PublicationEntity,
      PublicationAuthorEntity,
    ]),
  ],
  controllers: [RelationsImportController],
  providers: [ConflictsService, ConflictsResolver, RelationsImportService],
  exports: [ConflictsService],
})
export class ConflictsModule {}
