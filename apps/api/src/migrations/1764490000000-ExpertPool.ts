import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The expert pool (专家库): persons marked as experts, with their application codes; e-mails kept
 * lower-case and indexed, so that one person is found across records by e-mail or ORCID.
 */
export class ExpertPool1764490000000 implements MigrationInterface {
  name = 'ExpertPool1764490000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "persons" ADD "in_pool" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "persons" ADD "application_codes" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `UPDATE persons SET emails = ARRAY(SELECT DISTINCT lower(btrim(e)) FROM unnest(emails) e WHERE btrim(e) <> '')`,
    );
    await queryRunner.query(`UPDATE persons SET orcid = upper(btrim(orcid)) WHERE orcid IS NOT NULL`);
    // the reviewers already linked to a person are the pool the platform had
    await queryRunner.query(
      `UPDATE persons SET in_pool = true WHERE id IN (SELECT person_id FROM users WHERE 'REVIEWER' = ANY(roles) AND person_id IS NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "persons_emails_gin" ON "persons" USING gin ("emails")`);
    await queryRunner.query(`CREATE INDEX "persons_in_pool_idx" ON "persons" ("name") WHERE in_pool`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "persons_in_pool_idx"`);
    await queryRunner.query(`DROP INDEX "persons_emails_gin"`);
    await queryRunner.query(`ALTER TABLE "persons" DROP COLUMN "application_codes"`);
    await queryRunner.query(`ALTER TABLE "persons" DROP COLUMN "in_pool"`);
  }
}
