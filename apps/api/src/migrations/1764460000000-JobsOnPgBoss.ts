import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Background work moves to pg-boss (its own schema, created by pg-boss itself): the `jobs` table
 * keeps only the record of tracked runs, so the in-house queue's column and index go. Automatic
 * reminders remember which slot of which round has gone out, so that each goes out once.
 */
export class JobsOnPgBoss1764460000000 implements MigrationInterface {
  name = 'JobsOnPgBoss1764460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."jobs_queue_idx"`);
    await queryRunner.query(`ALTER TABLE "jobs" DROP COLUMN "run_after"`);
    await queryRunner.query(
      `CREATE TABLE "reminder_slots" ("round_id" uuid NOT NULL, "slot" text NOT NULL, "reminded" integer NOT NULL DEFAULT '0', "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_reminder_slots" PRIMARY KEY ("round_id", "slot"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "reminder_slots" ADD CONSTRAINT "FK_reminder_slots_round" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reminder_slots" DROP CONSTRAINT "FK_reminder_slots_round"`);
    await queryRunner.query(`DROP TABLE "reminder_slots"`);
    await queryRunner.query(`ALTER TABLE "jobs" ADD "run_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await queryRunner.query(`CREATE INDEX "jobs_queue_idx" ON "jobs"  ("status", "run_after") `);
  }
}
