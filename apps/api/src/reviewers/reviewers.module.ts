import { Module } from '@nestjs/common';
import { ReviewersResolver } from './reviewers.resolver';
import { ReviewersService } from './reviewers.service';

@Module({ providers: [ReviewersService, ReviewersResolver] })
export class ReviewersModule {}
