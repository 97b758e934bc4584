import { Module } from '@nestjs/common';
import { DocumentsController } from './documents.controller';
import { DocumentsResolver } from './documents.resolver';
import { DocumentsService } from './documents.service';

@Module({ controllers: [DocumentsController], providers: [DocumentsService, DocumentsResolver] })
export class DocumentsModule {}
