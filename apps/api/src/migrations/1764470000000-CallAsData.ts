import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A call defined as data: each direction's content, note, worded conditions and targets; the call's phases. */
export class CallAsData1764470000000 implements MigrationInterface {
  name = 'CallAsData1764470000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "programs" ADD "phases" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "directions" ADD "content_zh" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "directions" ADD "content_en" text`);
    await queryRunner.query(`ALTER TABLE "directions" ADD "note_zh" text`);
    await queryRunner.query(`ALTER TABLE "directions" ADD "condition_details" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "directions" ADD "targets" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const c of ['targets', 'condition_details', 'note_zh', 'content_en', 'content_zh'])
      await queryRunner.query(`ALTER TABLE "directions" DROP COLUMN "${c}"`);
    await queryRunner.query(`ALTER TABLE "programs" DROP COLUMN "phases"`);
  }
}
