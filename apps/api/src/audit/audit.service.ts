import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AuditEntity } from './audit.entity';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: object | null;
  after?: object | null;
  reason?: string | null;
}

/** Appends to the audit trail, inside the caller's transaction when one is given. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(r: AuditRecord, manager: EntityManager = this.db.manager): Promise<void> {
    const row = {
      actorId: r.actorId,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId ?? null,
      before: r.before ?? null,
      after: r.after ?? null,
      reason: r.reason ?? null,
    } as QueryDeepPartialEntity<AuditEntity>;
    await manager.insert(AuditEntity, row);
  }
}
