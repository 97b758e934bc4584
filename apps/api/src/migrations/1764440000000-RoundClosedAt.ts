import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When a round was actually closed (an early close differs from the planned closes_at). */
export class RoundClosedAt1764440000000 implements MigrationInterface {
  name = 'RoundClosedAt1764440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "review_rounds" ADD "closed_at" TIMESTAMP WITH TIME ZONE`);
    // rounds closed before this column existed: their audit entry says when
    await queryRunner.query(
      `UPDATE review_rounds r SET closed_at = (SELECT max(a.at) FROM audit_log a
          WHERE a.entity = 'round' AND a.entity_id = r.id::text AND a.action = 'round.closed')
        WHERE r.status IN ('CLOSED', 'FINALIZED')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "review_rounds" DROP COLUMN "closed_at"`);
  }
}
