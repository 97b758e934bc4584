import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reminders delivered through SMTP: a status per outbox message, attempts and the next retry. */
export class MailDelivery1764420000000 implements MigrationInterface {
  name = 'MailDelivery1764420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD "status" text NOT NULL DEFAULT 'KEPT'`);
    await queryRunner.query(`ALTER TABLE "outbox" ADD "attempts" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "outbox" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "outbox_status_idx" ON "outbox" ("status") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."outbox_status_idx"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "next_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "attempts"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "status"`);
  }
}
