import { Module } from '@nestjs/common';
import { ProgressResolver } from './progress.resolver';

@Module({ providers: [ProgressResolver] })
export class ProgressModule {}
