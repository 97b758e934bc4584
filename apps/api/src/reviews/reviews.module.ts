import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssignmentsModule } from '../assignments/assignments.module';
import { LoaderRegistry } from '../common/graphql/loaders';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { PledgesModule } from '../pledges/pledges.module';
import { RoundsModule } from '../rounds/rounds.module';
import { ReviewEntity } from './review.entity';
import { ReviewRatingEntity } from './review-rating.entity';
import { RatingsResolver } from './ratings.resolver';
import { RatingsService } from './ratings.service';
import { reviewLoaders } from './reviews.loaders';
import { ReviewsResolver } from './reviews.resolver';
import { ReviewsService } from './reviews.service';

/** Online scoring: drafts with versions, submission, withdrawal. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ReviewEntity, ReviewRatingEntity]),
    RoundsModule,
    ConflictsModule,
    AssignmentsModule,
    PledgesModule,
  ],
  providers: [ReviewsService, ReviewsResolver, RatingsService, RatingsResolver],
  exports: [ReviewsService],
})
export class ReviewsModule {
  constructor(loaders: LoaderRegistry) {
    loaders.contribute(reviewLoaders);
  }
}
