import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Conflict evidence in Chinese beside the English (one language at a time in the web and exports). */
export class ConflictEvidenceZh1764430000000 implements MigrationInterface {
  name = 'ConflictEvidenceZh1764430000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conflicts" ADD "evidence_zh" text NOT NULL DEFAULT ''`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conflicts" DROP COLUMN "evidence_zh"`);
  }
}
