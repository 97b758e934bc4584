import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoaderRegistry } from '../common/graphql/loaders';
import { UserEntity } from './user.entity';
import { userLoaders } from './users.loaders';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  providers: [UsersService, UsersResolver],
  exports: [UsersService],
})
export class UsersModule {
  constructor(loaders: LoaderRegistry) {
    loaders.contribute(userLoaders);
  }
}
