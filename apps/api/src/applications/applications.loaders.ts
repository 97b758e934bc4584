import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { byId, groupedBy } from '../common/graphql/loaders';
import { ApplicantExclusionEntity } from '../conflicts/conflict.entity';
import { ApplicationEntity, CooperatingInstitutionEntity, TeamMemberEntity } from './application.entity';

declare module '../common/graphql/loaders' {
  interface Loaders {
    application: DataLoader<string, ApplicationEntity | null>;
    teamByApplication: DataLoader<string, TeamMemberEntity[]>;
    cooperatingByApplication: DataLoader<string, CooperatingInstitutionEntity[]>;
    exclusionsByApplication: DataLoader<string, ApplicantExclusionEntity[]>;
  }
}

export const applicationLoaders = (db: DataSource) => ({
  application: byId(db, ApplicationEntity),
  teamByApplication: groupedBy(db, TeamMemberEntity, 'applicationId', 'position'),
  cooperatingByApplication: groupedBy(db, CooperatingInstitutionEntity, 'applicationId', 'position'),
  exclusionsByApplication: groupedBy(db, ApplicantExclusionEntity, 'applicationId', 'id'),
});
