import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Funded teams: the PI role; leads' accounts by signed link (`team_invitations`); progress reports
 * of mid-term rounds (`progress_reports`: per target the value achieved and the evidence, a
 * narrative, the Shenzhen landing plan; drafts with versions, submitted, returned); the round's
 * due date for them; evidence documents beside proposals and mid-term reports.
 */
export class TeamReports1764540000000 implements MigrationInterface {
  name = 'TeamReports1764540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "users_roles_check"`);
    await q.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_roles_check" CHECK (roles <@ ARRAY['ADMIN','PROGRAM_OFFICER','REVIEWER','PI']::text[] AND cardinality(roles) > 0)`,
    );
    await q.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_kind_check"`);
    await q.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_kind_check" CHECK (kind IN ('PROPOSAL','MIDTERM_REPORT','EVIDENCE'))`,
    );
    await q.query(`ALTER TABLE "review_rounds" ADD "report_due_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `CREATE TABLE "team_invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "person_id" uuid NOT NULL, "role" text NOT NULL, "email" text NOT NULL, "nonce" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "link_used_at" TIMESTAMP WITH TIME ZONE, "user_id" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "team_invitations_application_person_key" UNIQUE ("application_id", "person_id"), CONSTRAINT "team_invitations_role_check" CHECK (role IN ('PI','CO_PI')), CONSTRAINT "PK_c14b443d431077f89344a3fd262" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "team_invitations_application_id_idx" ON "team_invitations" ("application_id")`);
    await q.query(`CREATE INDEX "team_invitations_person_id_idx" ON "team_invitations" ("person_id")`);
    await q.query(`CREATE INDEX "team_invitations_user_id_idx" ON "team_invitations" ("user_id")`);
    await q.query(`CREATE INDEX "team_invitations_created_by_idx" ON "team_invitations" ("created_by")`);
    await q.query(
      `ALTER TABLE "team_invitations" ADD CONSTRAINT "FK_350b2afe49d92bf36e3b303af96" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "team_invitations" ADD CONSTRAINT "FK_f9897b47ab87c75682feb3d1cb3" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "team_invitations" ADD CONSTRAINT "FK_9b361ccb3c4d41ec38952262d4c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL`,
    );
    await q.query(
      `ALTER TABLE "team_invitations" ADD CONSTRAINT "FK_7a6e745fb92773ec7ca0d20cfd9" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL`,
    );
    await q.query(
      `CREATE TABLE "progress_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "round_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'DRAFT', "summary" text NOT NULL DEFAULT '', "targets" jsonb NOT NULL DEFAULT '[]', "landing" jsonb, "version" integer NOT NULL DEFAULT '1', "submitted_at" TIMESTAMP WITH TIME ZONE, "late" boolean NOT NULL DEFAULT false, "return_note" text, "returned_at" TIMESTAMP WITH TIME ZONE, "updated_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "progress_reports_application_round_key" UNIQUE ("application_id", "round_id"), CONSTRAINT "progress_reports_status_check" CHECK (status IN ('DRAFT','SUBMITTED','RETURNED')), CONSTRAINT "PK_175179020a43d5ec75ab1d6a04f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "progress_reports_application_id_idx" ON "progress_reports" ("application_id")`);
    await q.query(`CREATE INDEX "progress_reports_round_id_idx" ON "progress_reports" ("round_id")`);
    await q.query(`CREATE INDEX "progress_reports_updated_by_idx" ON "progress_reports" ("updated_by")`);
    await q.query(
      `ALTER TABLE "progress_reports" ADD CONSTRAINT "FK_d02f2dc6cd38ac5af0a81328618" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "progress_reports" ADD CONSTRAINT "FK_8233535fbf7a6dbcd3ec3bedb38" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "progress_reports" ADD CONSTRAINT "FK_ac2ff918d11d6f66b12e5467b18" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "progress_reports"`);
    await q.query(`DROP TABLE "team_invitations"`);
    await q.query(`ALTER TABLE "review_rounds" DROP COLUMN "report_due_at"`);
    await q.query(`DELETE FROM "documents" WHERE kind = 'EVIDENCE'`);
    await q.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_kind_check"`);
    await q.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_kind_check" CHECK (kind IN ('PROPOSAL','MIDTERM_REPORT'))`,
    );
    await q.query(
      `UPDATE "users" SET roles = array_remove(roles, 'PI') WHERE 'PI' = ANY(roles) AND cardinality(roles) > 1`,
    );
    await q.query(`DELETE FROM "users" WHERE roles = ARRAY['PI']::text[]`);
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "users_roles_check"`);
    await q.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_roles_check" CHECK (roles <@ ARRAY['ADMIN','PROGRAM_OFFICER','REVIEWER']::text[] AND cardinality(roles) > 0)`,
    );
  }
}
