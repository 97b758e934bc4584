import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { byId } from '../common/graphql/loaders';
import { InstitutionEntity, PersonEntity } from './people.entity';

declare module '../common/graphql/loaders' {
  interface Loaders {
    institution: DataLoader<string, InstitutionEntity | null>;
    person: DataLoader<string, PersonEntity | null>;
  }
}

export const peopleLoaders = (db: DataSource) => ({
  institution: byId(db, InstitutionEntity),
  person: byId(db, PersonEntity),
});
