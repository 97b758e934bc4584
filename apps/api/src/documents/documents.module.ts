import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoaderRegistry } from '../common/graphql/loaders';
import { DocumentEntity } from './document.entity';
import { documentLoaders } from './documents.loaders';
import { DocumentsController } from './documents.controller';
import { DocumentsResolver } from './documents.resolver';
import { DocumentsService } from './documents.service';

@Module({
  imports: [TypeOrmModule.forFeature([DocumentEntity])],
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentsResolver],
})
export class DocumentsModule {
  constructor(loaders: LoaderRegistry) {
    loaders.contribute(documentLoaders);
  }
}
