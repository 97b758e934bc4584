import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox read newest first a page at a time (`outboxPage`, #23): indexes in that order, for
 * one round and for all, so that a page deep in 10^5 messages is an index range scan.
 */
export class OutboxOrder1764580000000 implements MigrationInterface {
  name = 'OutboxOrder1764580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "outbox_round_order_idx" ON "outbox" ("round_id", "created_at", "id")`);
    await q.query(`CREATE INDEX "outbox_order_idx" ON "outbox" ("created_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."outbox_order_idx"`);
    await q.query(`DROP INDEX "public"."outbox_round_order_idx"`);
  }
}
