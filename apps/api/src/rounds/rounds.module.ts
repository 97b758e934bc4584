import { Module } from '@nestjs/common';
import { AssignmentsResolver } from '../assignments/assignments.resolver';
import { AssignmentsService } from '../assignments/assignments.service';
import { ConflictsResolver } from '../conflicts/conflicts.resolver';
import { ConflictsService } from '../conflicts/conflicts.service';
import { RelationsImportController } from '../conflicts/relations-import.controller';
import { RelationsImportService } from '../conflicts/relations-import.service';
import { RankingResolver } from '../ranking/ranking.resolver';
import { RankingService } from '../ranking/ranking.service';
import { ReviewsResolver } from '../reviews/reviews.resolver';
import { ReviewsService } from '../reviews/reviews.service';
import { ProgramRoundsResolver, RoundsResolver } from './rounds.resolver';
import { RoundsService } from './rounds.service';

/** Review rounds with what happens inside them: conflicts, assignments, reviews. */
@Module({
  controllers: [RelationsImportController],
  providers: [
    RelationsImportService,
    RoundsService,
    RoundsResolver,
    ProgramRoundsResolver,
    ConflictsService,
    ConflictsResolver,
    AssignmentsService,
    AssignmentsResolver,
    ReviewsService,
    ReviewsResolver,
    RankingService,
    RankingResolver,
  ],
  exports: [RoundsService, ConflictsService, AssignmentsService, ReviewsService, RankingService],
})
export class RoundsModule {}
