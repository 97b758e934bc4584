import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntity } from './audit.entity';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** The append-only audit trail: written by every feature (global), read by officers. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntity])],
  providers: [AuditService, AuditResolver],
  exports: [AuditService],
})
export class AuditModule {}
