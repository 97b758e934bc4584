import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Applications1764390000000 implements MigrationInterface {
  name = 'Applications1764390000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "applications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program_id" uuid NOT NULL, "external_id" text NOT NULL, "direction_id" uuid NOT NULL, "title_zh" text NOT NULL, "title_en" text NOT NULL DEFAULT '', "keywords" text array NOT NULL DEFAULT '{}', "application_code1" text NOT NULL, "lead_institution_id" uuid NOT NULL, "budget_direct" numeric(14,2) NOT NULL, "budget_indirect" numeric(14,2) NOT NULL DEFAULT '0', "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_at_text" text NOT NULL, "conditions_met" text array NOT NULL DEFAULT '{}', "shenzhen_landing" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'SUBMITTED', "eligible" boolean, "eligibility_failures" jsonb NOT NULL DEFAULT '[]', "screened_at" TIMESTAMP WITH TIME ZONE, "eligibility_override" boolean, "override_reason" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "applications_budget_check" CHECK (budget_direct >= 0 AND budget_indirect >= 0), CONSTRAINT "applications_status_check" CHECK (status IN ('SUBMITTED','ELIGIBLE','INELIGIBLE','UNDER_REVIEW','FUNDED','DECLINED','MIDTERM','CONTINUED','TERMINATED')), CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "applications_program_id_idx" ON "applications"  ("program_id") `);
    await queryRunner.query(`CREATE INDEX "applications_direction_id_idx" ON "applications"  ("direction_id") `);
    await queryRunner.query(
      `CREATE INDEX "applications_lead_institution_id_idx" ON "applications"  ("lead_institution_id") `,
    );
    await queryRunner.query(`CREATE INDEX "applications_status_idx" ON "applications"  ("status") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "applications_program_external_key" ON "applications"  ("program_id", "external_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "application_cooperating_institutions" ("application_id" uuid NOT NULL, "institution_id" uuid NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_917106fc3a038e09412c22f6c0a" PRIMARY KEY ("application_id", "institution_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "application_coop_institution_id_idx" ON "application_cooperating_institutions"  ("institution_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "team_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "person_id" uuid NOT NULL, "role" text NOT NULL, "discipline" text NOT NULL, "senior_title" boolean NOT NULL DEFAULT false, "led_basic_research" boolean NOT NULL DEFAULT false, "employment_status" text NOT NULL DEFAULT 'EMPLOYED', "position" integer NOT NULL, CONSTRAINT "team_members_status_check" CHECK (employment_status IN ('EMPLOYED','POSTDOC','STUDENT','NO_EMPLOYER')), CONSTRAINT "team_members_discipline_check" CHECK (discipline IN ('MATH','MEDICINE','IT')), CONSTRAINT "team_members_role_check" CHECK (role IN ('PI','CO_PI','MEMBER')), CONSTRAINT "PK_ca3eae89dcf20c9fd95bf7460aa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "team_members_application_id_idx" ON "team_members"  ("application_id") `);
    await queryRunner.query(`CREATE INDEX "team_members_person_id_idx" ON "team_members"  ("person_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "team_members_application_person_key" ON "team_members"  ("application_id", "person_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "applications" ADD CONSTRAINT "FK_1cb4cb9e96a4bcfc8eb05756d13" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "applications" ADD CONSTRAINT "FK_0cd75d40e793e754132678e834d" FOREIGN KEY ("direction_id") REFERENCES "directions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "applications" ADD CONSTRAINT "FK_30b22bf46f1b088e5dabe849413" FOREIGN KEY ("lead_institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "application_cooperating_institutions" ADD CONSTRAINT "FK_f4146672f465a211483b6f8b9f1" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "application_cooperating_institutions" ADD CONSTRAINT "FK_c63ee15046ff58d13254cc8f820" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "team_members" ADD CONSTRAINT "FK_81406ccafe08f2aa7a55597aad1" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "team_members" ADD CONSTRAINT "FK_be3e9ab9446f56d176fabf19741" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "team_members" DROP CONSTRAINT "FK_be3e9ab9446f56d176fabf19741"`);
    await queryRunner.query(`ALTER TABLE "team_members" DROP CONSTRAINT "FK_81406ccafe08f2aa7a55597aad1"`);
    await queryRunner.query(
      `ALTER TABLE "application_cooperating_institutions" DROP CONSTRAINT "FK_c63ee15046ff58d13254cc8f820"`,
    );
    await queryRunner.query(
      `ALTER TABLE "application_cooperating_institutions" DROP CONSTRAINT "FK_f4146672f465a211483b6f8b9f1"`,
    );
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "FK_30b22bf46f1b088e5dabe849413"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "FK_0cd75d40e793e754132678e834d"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "FK_1cb4cb9e96a4bcfc8eb05756d13"`);
    await queryRunner.query(`DROP INDEX "public"."team_members_application_person_key"`);
    await queryRunner.query(`DROP INDEX "public"."team_members_person_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."team_members_application_id_idx"`);
    await queryRunner.query(`DROP TABLE "team_members"`);
    await queryRunner.query(`DROP INDEX "public"."application_coop_institution_id_idx"`);
    await queryRunner.query(`DROP TABLE "application_cooperating_institutions"`);
    await queryRunner.query(`DROP INDEX "public"."applications_program_external_key"`);
    await queryRunner.query(`DROP INDEX "public"."applications_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."applications_lead_institution_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."applications_direction_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."applications_program_id_idx"`);
    await queryRunner.query(`DROP TABLE "applications"`);
  }
}
