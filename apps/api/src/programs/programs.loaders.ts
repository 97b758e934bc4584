import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { byId, groupedBy } from '../common/graphql/loaders';
import { DirectionEntity } from './program.entity';

declare module '../common/graphql/loaders' {
  interface Loaders {
    direction: DataLoader<string, DirectionEntity | null>;
    directionsByProgram: DataLoader<string, DirectionEntity[]>;
  }
}

export const programLoaders = (db: DataSource) => ({
  direction: byId(db, DirectionEntity),
  directionsByProgram: groupedBy(db, DirectionEntity, 'programId', 'number'),
});
