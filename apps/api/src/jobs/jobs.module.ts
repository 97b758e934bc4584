import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobEntity } from './job.entity';
import { JobsService } from './jobs.service';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([JobEntity])], providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
