import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { groupedBy } from '../common/graphql/loaders';
import { DocumentEntity } from './document.entity';

declare module '../common/graphql/loaders' {
  interface Loaders {
    documentsByApplication: DataLoader<string, DocumentEntity[]>;
  }
}

export const documentLoaders = (db: DataSource) => ({
  documentsByApplication: groupedBy(db, DocumentEntity, 'applicationId', 'uploadedAt'),
});
