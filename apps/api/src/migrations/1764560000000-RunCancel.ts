import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tracked runs can be cancelled (#23): the CANCELLED status. */
export class RunCancel1764560000000 implements MigrationInterface {
  name = 'RunCancel1764560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "jobs" DROP CONSTRAINT "jobs_status_check"`);
    await q.query(
      `ALTER TABLE "jobs" ADD CONSTRAINT "jobs_status_check" CHECK (status IN ('QUEUED','RUNNING','DONE','FAILED','CANCELLED'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "jobs" SET status = 'FAILED' WHERE status = 'CANCELLED'`);
    await q.query(`ALTER TABLE "jobs" DROP CONSTRAINT "jobs_status_check"`);
    await q.query(
      `ALTER TABLE "jobs" ADD CONSTRAINT "jobs_status_check" CHECK (status IN ('QUEUED','RUNNING','DONE','FAILED'))`,
    );
  }
}
