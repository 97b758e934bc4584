import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (保密, #24): per call, how many years review materials and reviews are kept after its
 * last round is finalized, and when each was purged; the anonymised summaries that remain of
 * purged reviews; accounts closed by their owners.
 */
export class Retention1764550000000 implements MigrationInterface {
  name = 'Retention1764550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "review_summaries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "application_id" uuid NOT NULL, "reviews" integer NOT NULL, "mean" double precision, "criteria" jsonb NOT NULL DEFAULT '{}', "recommendations" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "review_summaries_round_application_key" UNIQUE ("round_id", "application_id"), CONSTRAINT "PK_8873311badbb0cc1be2557d092d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "review_summaries_round_id_idx" ON "review_summaries" ("round_id")`);
    await q.query(`CREATE INDEX "review_summaries_application_id_idx" ON "review_summaries" ("application_id")`);
    await q.query(`ALTER TABLE "programs" ADD "materials_retention_years" integer NOT NULL DEFAULT '5'`);
    await q.query(`ALTER TABLE "programs" ADD "reviews_retention_years" integer NOT NULL DEFAULT '10'`);
    await q.query(`ALTER TABLE "programs" ADD "materials_purged_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "programs" ADD "reviews_purged_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "users" ADD "closed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `ALTER TABLE "programs" ADD CONSTRAINT "programs_reviews_retention_check" CHECK (reviews_retention_years BETWEEN 1 AND 50)`,
    );
    await q.query(
      `ALTER TABLE "programs" ADD CONSTRAINT "programs_materials_retention_check" CHECK (materials_retention_years BETWEEN 1 AND 50)`,
    );
    await q.query(
      `ALTER TABLE "review_summaries" ADD CONSTRAINT "FK_f14e17b39c66e9846693ec99251" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "review_summaries" ADD CONSTRAINT "FK_007017598c3a65c26a2d70b81c0" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "review_summaries"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "closed_at"`);
    await q.query(`ALTER TABLE "programs" DROP CONSTRAINT "programs_materials_retention_check"`);
    await q.query(`ALTER TABLE "programs" DROP CONSTRAINT "programs_reviews_retention_check"`);
    await q.query(`ALTER TABLE "programs" DROP COLUMN "reviews_purged_at"`);
    await q.query(`ALTER TABLE "programs" DROP COLUMN "materials_purged_at"`);
    await q.query(`ALTER TABLE "programs" DROP COLUMN "reviews_retention_years"`);
    await q.query(`ALTER TABLE "programs" DROP COLUMN "materials_retention_years"`);
  }
}
