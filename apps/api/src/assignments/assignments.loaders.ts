import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { byId } from '../common/graphql/loaders';
import { AssignmentEntity } from './assignment.entity';

declare module '../common/graphql/loaders' {
  interface Loaders {
    assignment: DataLoader<string, AssignmentEntity | null>;
  }
}

export const assignmentLoaders = (db: DataSource) => ({ assignment: byId(db, AssignmentEntity) });
