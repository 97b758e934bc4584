import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoaderRegistry } from '../common/graphql/loaders';
import { AffiliationEntity, InstitutionEntity, PersonEntity } from './people.entity';
import { peopleLoaders } from './people.loaders';

/** People and institutions: the tables applicants, team members and reviewers point to. */
@Module({ imports: [TypeOrmModule.forFeature([PersonEntity, InstitutionEntity, AffiliationEntity])] })
export class PeopleModule {
  constructor(loaders: LoaderRegistry) {
    loaders.contribute(peopleLoaders);
  }
}
