import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountController } from './account.controller';
import { RetentionResolver } from './retention.resolver';
import { RetentionService } from './retention.service';
import { ReviewSummaryEntity } from './review-summary.entity';

/** Retention of each call's materials and reviews, and each account owner's own data. */
@Module({
  imports: [TypeOrmModule.forFeature([ReviewSummaryEntity])],
  controllers: [AccountController],
  providers: [RetentionService, RetentionResolver],
})
export class RetentionModule {}
