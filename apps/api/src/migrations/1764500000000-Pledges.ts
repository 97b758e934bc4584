import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 承诺书: each reviewer's signature of a round's pledge, by version, with the text as signed. */
export class Pledges1764500000000 implements MigrationInterface {
  name = 'Pledges1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pledges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "user_id" uuid NOT NULL, "version" integer NOT NULL, "text_zh" text NOT NULL, "text_en" text NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pledges_round_user_version_key" UNIQUE ("round_id", "user_id", "version"), CONSTRAINT "PK_cbc41e4e1ba6b2690543f158d22" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "pledges_round_id_idx" ON "pledges" ("round_id")`);
    await queryRunner.query(`CREATE INDEX "pledges_user_id_idx" ON "pledges" ("user_id")`);
    await queryRunner.query(
      `ALTER TABLE "pledges" ADD CONSTRAINT "FK_d2a4f84cd4fd01574e9705fb6d5" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "pledges" ADD CONSTRAINT "FK_3c764ffa21469dfea42f6f44578" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
    // reviewers already at work in rounds under way signed on paper: their pledge is recorded as the default's first version
    await queryRunner.query(
      `INSERT INTO pledges (round_id, user_id, version, text_zh, text_en)
       SELECT DISTINCT a.round_id, a.reviewer_id, 1, '（平台启用承诺书之前已在线下签署）', '(signed on paper before the platform kept pledges)'
         FROM assignments a JOIN review_rounds r ON r.id = a.round_id WHERE r.status IN ('OPEN', 'CLOSED')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pledges"`);
  }
}
