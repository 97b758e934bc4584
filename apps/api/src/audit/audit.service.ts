import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AuditEntity } from './audit.entity';
import type { AuditEntry } from './audit.models';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: object | null;
  after?: object | null;
  reason?: string | null;
}

/** Appends to the audit trail (inside the caller's transaction when one is given) and reads it. */
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

  /** The trail, newest first; filtered by entity (and id) when given; at most 500 per page. */
  async trail(entity: string | null, entityId: string | null, offset: number, limit: number): Promise<AuditEntry[]> {
    return this.db.query(
      `SELECT l.id, l.at, l.actor_id AS "actorId", u.email AS "actorEmail", l.action, l.entity, l.entity_id AS "entityId", l.before, l.after, l.reason
         FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id
        WHERE ($1::text IS NULL OR l.entity = $1) AND ($2::text IS NULL OR l.entity_id = $2)
        ORDER BY l.id DESC OFFSET $3 LIMIT $4`,
      [entity, entityId, Math.max(0, offset), Math.min(500, Math.max(1, limit))],
    );
  }
}
