import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoaderRegistry } from '../common/graphql/loaders';
import { PledgeEntity } from './pledge.entity';
import { pledgeLoaders } from './pledges.loaders';
import { PledgesResolver } from './pledges.resolver';
import { PledgesService } from './pledges.service';

/** 承诺书: reviewers sign a round's integrity and confidentiality pledge before its material or scores. */
@Module({
  imports: [TypeOrmModule.forFeature([PledgeEntity])],
  providers: [PledgesService, PledgesResolver],
  exports: [PledgesService],
})
export class PledgesModule {
  constructor(loaders: LoaderRegistry) {
    loaders.contribute(pledgeLoaders);
  }
}
