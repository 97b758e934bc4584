import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { byId, groupedBy } from '../common/graphql/loaders';
import { ApplicationEntity, CooperatingInstitutionEntity, TeamMemberEntity } from './application.entity';

declare module '../common/graphql/loaders' {
  interface Loaders {
    application: DataLoader<string, ApplicationEntity | null>;
    teamByApplication: DataLoader<string, TeamMemberEntity[]>;
    cooperatingByApplication: DataLoader<string, CooperatingInstitutionEntity[]>;
  }
}

export const applicationLoaders = (db: DataSource) => ({
  application: byId(db, ApplicationEntity),
  teamByApplication: groupedBy(db, TeamMemberEntity, 'applicationId', 'position'),
  cooperatingByApplication: groupedBy(db, CooperatingInstitutionEntity, 'applicationId', 'position'),
});
