import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { byId } from '../common/graphql/loaders';
import { UserEntity } from './user.entity';

declare module '../common/graphql/loaders' {
  interface Loaders {
    user: DataLoader<string, UserEntity | null>;
  }
}

export const userLoaders = (db: DataSource) => ({ user: byId(db, UserEntity) });
