import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764380000000 implements MigrationInterface {
  name = 'Foundation1764380000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "action" text NOT NULL, "entity" text NOT NULL, "entity_id" text, "before" jsonb, "after" jsonb, "reason" text, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_log_at_idx" ON "audit_log"  ("at") `);
    await queryRunner.query(`CREATE INDEX "audit_log_actor_id_idx" ON "audit_log"  ("actor_id") `);
    await queryRunner.query(`CREATE INDEX "audit_log_entity_idx" ON "audit_log"  ("entity", "entity_id") `);
    await queryRunner.query(
      `CREATE TABLE "login_attempts" ("id" BIGSERIAL NOT NULL, "email" text NOT NULL, "ip" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_070e613c8f768b1a70742705c5b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "login_attempts_ip_at_idx" ON "login_attempts"  ("ip", "at") `);
    await queryRunner.query(`CREATE INDEX "login_attempts_email_at_idx" ON "login_attempts"  ("email", "at") `);
    await queryRunner.query(
      `CREATE TABLE "institutions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "name_en" text, "aliases" text array NOT NULL DEFAULT '{}', "email_domains" text array NOT NULL DEFAULT '{}', "city" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0be7539dcdba335470dc05e9690" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "institutions_name_key" ON "institutions"  ("name") `);
    await queryRunner.query(
      `CREATE TABLE "persons" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" text, "name" text NOT NULL, "name_en" text, "emails" text array NOT NULL DEFAULT '{}', "orcid" text, "disciplines" text array NOT NULL DEFAULT '{}', "title" text, "keywords" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_74278d8812a049233ce41440ac7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "persons_external_id_key" ON "persons"  ("external_id") `);
    await queryRunner.query(`CREATE INDEX "persons_orcid_idx" ON "persons"  ("orcid") `);
    await queryRunner.query(
      `CREATE TABLE "affiliations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "institution_id" uuid NOT NULL, "from_date" date, "to_date" date, CONSTRAINT "PK_454335765b4671b2e94313ec4b3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "affiliations_person_id_idx" ON "affiliations"  ("person_id") `);
    await queryRunner.query(`CREATE INDEX "affiliations_institution_id_idx" ON "affiliations"  ("institution_id") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "name" text NOT NULL, "roles" text array NOT NULL, "password_hash" text NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "token_version" integer NOT NULL DEFAULT '0', "person_id" uuid, "locale" text NOT NULL DEFAULT 'zh-CN', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_roles_check" CHECK (roles <@ ARRAY['ADMIN','PROGRAM_OFFICER','REVIEWER']::text[] AND cardinality(roles) > 0), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "users_person_id_idx" ON "users"  ("person_id") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rotated_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "refresh_tokens_user_id_idx" ON "refresh_tokens"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "refresh_tokens_family_id_idx" ON "refresh_tokens"  ("family_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens"  ("token_hash") `);
    await queryRunner.query(
      `CREATE TABLE "programs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "year" integer NOT NULL, "name_zh" text NOT NULL, "name_en" text NOT NULL, "rules" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d43c664bcaafc0e8a06dfd34e05" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "programs_code_key" ON "programs"  ("code") `);
    await queryRunner.query(
      `CREATE TABLE "directions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program_id" uuid NOT NULL, "number" integer NOT NULL, "title_zh" text NOT NULL, "title_en" text NOT NULL, "funding_amount" numeric(14,2) NOT NULL, "conditions" text array NOT NULL DEFAULT '{}', "conditions_note_zh" text, "conditions_note_en" text, CONSTRAINT "PK_f619ca47644a835bd091e8b9814" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "directions_program_number_key" ON "directions"  ("program_id", "number") `,
    );
    await queryRunner.query(
      `ALTER TABLE "affiliations" ADD CONSTRAINT "FK_31b6a301bddca48bfef7337b531" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "affiliations" ADD CONSTRAINT "FK_ece99f6e13353676b15e23ee0a4" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_5ed72dcd00d6e5a88c6a6ba3d18" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "directions" ADD CONSTRAINT "FK_c313f8788c526c89dbd5203f2b0" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Hand-written: e-mail is unique regardless of case; the audit trail is append-only.
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_lower_key" ON "users" (lower("email"))`);
    await queryRunner.query(`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_log_no_truncate" ON "audit_log"`);
    await queryRunner.query(`DROP TRIGGER "audit_log_no_update_delete" ON "audit_log"`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
    await queryRunner.query(`DROP INDEX "public"."users_email_lower_key"`);
    await queryRunner.query(`ALTER TABLE "directions" DROP CONSTRAINT "FK_c313f8788c526c89dbd5203f2b0"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_5ed72dcd00d6e5a88c6a6ba3d18"`);
    await queryRunner.query(`ALTER TABLE "affiliations" DROP CONSTRAINT "FK_ece99f6e13353676b15e23ee0a4"`);
    await queryRunner.query(`ALTER TABLE "affiliations" DROP CONSTRAINT "FK_31b6a301bddca48bfef7337b531"`);
    await queryRunner.query(`DROP INDEX "public"."directions_program_number_key"`);
    await queryRunner.query(`DROP TABLE "directions"`);
    await queryRunner.query(`DROP INDEX "public"."programs_code_key"`);
    await queryRunner.query(`DROP TABLE "programs"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_token_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_family_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."users_person_id_idx"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."affiliations_institution_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."affiliations_person_id_idx"`);
    await queryRunner.query(`DROP TABLE "affiliations"`);
    await queryRunner.query(`DROP INDEX "public"."persons_orcid_idx"`);
    await queryRunner.query(`DROP INDEX "public"."persons_external_id_key"`);
    await queryRunner.query(`DROP TABLE "persons"`);
    await queryRunner.query(`DROP INDEX "public"."institutions_name_key"`);
    await queryRunner.query(`DROP TABLE "institutions"`);
    await queryRunner.query(`DROP INDEX "public"."login_attempts_email_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."login_attempts_ip_at_idx"`);
    await queryRunner.query(`DROP TABLE "login_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_entity_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_actor_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_at_idx"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
