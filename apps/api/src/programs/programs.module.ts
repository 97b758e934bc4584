import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoaderRegistry } from '../common/graphql/loaders';
import { DirectionEntity, ProgramEntity } from './program.entity';
import { programLoaders } from './programs.loaders';
import { ProgramsResolver } from './programs.resolver';

@Module({ imports: [TypeOrmModule.forFeature([ProgramEntity, DirectionEntity])], providers: [ProgramsResolver] })
export class ProgramsModule {
  constructor(loaders: LoaderRegistry) {
    loaders.contribute(programLoaders);
  }
}
