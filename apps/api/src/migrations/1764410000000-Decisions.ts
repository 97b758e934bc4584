import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Decisions1764410000000 implements MigrationInterface {
  name = 'Decisions1764410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "funding_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "application_id" uuid NOT NULL, "decision" text NOT NULL, "amount" numeric(14,2), "grade" text, "note" text, "version" integer NOT NULL DEFAULT '1', "decided_by" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "funding_decisions_decision_check" CHECK (decision IN ('FUND','DECLINE','CONTINUE','TERMINATE')), CONSTRAINT "PK_976dccd8b577477a58aeedbe9c1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "funding_decisions_application_id_idx" ON "funding_decisions"  ("application_id") `,
    );
    await queryRunner.query(`CREATE INDEX "funding_decisions_decided_by_idx" ON "funding_decisions"  ("decided_by") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "funding_decisions_round_project_key" ON "funding_decisions"  ("round_id", "application_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "funding_decisions" ADD CONSTRAINT "FK_4cc49401d5f43e611639250b6c8" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "funding_decisions" ADD CONSTRAINT "FK_ee8addb7713a52e6850f6b8bce7" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "funding_decisions" ADD CONSTRAINT "FK_19a20c45ea5b6ce97735be738d3" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "funding_decisions" DROP CONSTRAINT "FK_19a20c45ea5b6ce97735be738d3"`);
    await queryRunner.query(`ALTER TABLE "funding_decisions" DROP CONSTRAINT "FK_ee8addb7713a52e6850f6b8bce7"`);
    await queryRunner.query(`ALTER TABLE "funding_decisions" DROP CONSTRAINT "FK_4cc49401d5f43e611639250b6c8"`);
    await queryRunner.query(`DROP INDEX "public"."funding_decisions_round_project_key"`);
    await queryRunner.query(`DROP INDEX "public"."funding_decisions_decided_by_idx"`);
    await queryRunner.query(`DROP INDEX "public"."funding_decisions_application_id_idx"`);
    await queryRunner.query(`DROP TABLE "funding_decisions"`);
  }
}
