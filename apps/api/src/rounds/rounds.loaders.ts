import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { byId, groupedBy } from '../common/graphql/loaders';
import { RoundEntity } from './round.entity';

declare module '../common/graphql/loaders' {
  interface Loaders {
    round: DataLoader<string, RoundEntity | null>;
    roundsByProgram: DataLoader<string, RoundEntity[]>;
  }
}

export const roundLoaders = (db: DataSource) => ({
  round: byId(db, RoundEntity),
  roundsByProgram: groupedBy(db, RoundEntity, 'programId', 'opensAt'),
});
