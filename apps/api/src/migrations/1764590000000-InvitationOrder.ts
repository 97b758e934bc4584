import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A round's invitations read a page at a time in the officer's order (`invitationPage`, #23): by
 * state (unanswered first, see invitation-order.ts), then as sent. The index holds that order, so
 * a page after a cursor is an index range scan with no sort. The expression is written out here as
 * it stood when this migration was made; a later change of the order needs a migration of its own.
 */
export class InvitationOrder1764590000000 implements MigrationInterface {
  name = 'InvitationOrder1764590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "invitations_round_order_idx" ON "invitations"
         ("round_id", array_position('{PENDING,DECLINED,EXPIRED,ACCEPTED,WITHDRAWN}'::text[], "status"), "created_at", "id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."invitations_round_order_idx"`);
  }
}
