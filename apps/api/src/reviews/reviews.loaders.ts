import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { byUniqueKey } from '../common/graphql/loaders';
import { ReviewEntity } from './review.entity';

declare module '../common/graphql/loaders' {
  interface Loaders {
    reviewByAssignment: DataLoader<string, ReviewEntity | null>;
  }
}

export const reviewLoaders = (db: DataSource) => ({
  reviewByAssignment: byUniqueKey(db, ReviewEntity, 'assignmentId'),
});
