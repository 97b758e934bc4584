import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Concurrent refreshes of one token (two tabs) share its successor instead of revoking the family. */
export class RefreshSuccessor1764450000000 implements MigrationInterface {
  name = 'RefreshSuccessor1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "successor_enc" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "successor_enc"`);
  }
}
