import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReviewRounds1764400000000 implements MigrationInterface {
  name = 'ReviewRounds1764400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "review_rounds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program_id" uuid NOT NULL, "kind" text NOT NULL, "name_zh" text NOT NULL, "name_en" text NOT NULL, "status" text NOT NULL DEFAULT 'DRAFT', "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reviewers_per_project" integer NOT NULL DEFAULT '5', "criteria" jsonb NOT NULL, "recommendation_options" text array NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}', "parent_round_id" uuid, "final_snapshot" jsonb, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "review_rounds_window_check" CHECK (closes_at > opens_at), CONSTRAINT "review_rounds_status_check" CHECK (status IN ('DRAFT','OPEN','CLOSED','FINALIZED')), CONSTRAINT "review_rounds_kind_check" CHECK (kind IN ('INITIAL','MIDTERM')), CONSTRAINT "PK_af804477416b76c82c10774be17" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "review_rounds_program_id_idx" ON "review_rounds"  ("program_id") `);
    await queryRunner.query(
      `CREATE INDEX "review_rounds_parent_round_id_idx" ON "review_rounds"  ("parent_round_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "round_projects" ("round_id" uuid NOT NULL, "application_id" uuid NOT NULL, CONSTRAINT "PK_32a9691f0a96da59ce4b59ef5b0" PRIMARY KEY ("round_id", "application_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "round_projects_application_id_idx" ON "round_projects"  ("application_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "application_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "covers" text, "locked" boolean NOT NULL DEFAULT false, "source" text NOT NULL DEFAULT 'SOLVER', "status" text NOT NULL DEFAULT 'ACTIVE', "affinity" double precision, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "assignments_source_check" CHECK (source IN ('SOLVER','MANUAL','REPLACEMENT')), CONSTRAINT "assignments_status_check" CHECK (status IN ('ACTIVE','DECLINED','WITHDRAWN')), CONSTRAINT "PK_c54ca359535e0012b04dcbd80ee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "assignments_round_id_idx" ON "assignments"  ("round_id") `);
    await queryRunner.query(`CREATE INDEX "assignments_application_id_idx" ON "assignments"  ("application_id") `);
    await queryRunner.query(`CREATE INDEX "assignments_reviewer_id_idx" ON "assignments"  ("reviewer_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "assignments_active_pair_key" ON "assignments"  ("round_id", "application_id", "reviewer_id") WHERE status = 'ACTIVE'`,
    );
    await queryRunner.query(
      `CREATE TABLE "reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'DRAFT', "version" integer NOT NULL DEFAULT '1', "scores" jsonb NOT NULL DEFAULT '{}', "total" double precision, "rating" text, "recommendation" text, "comment_to_applicant" text NOT NULL DEFAULT '', "confidential_comment" text NOT NULL DEFAULT '', "submitted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "reviews_status_check" CHECK (status IN ('DRAFT','SUBMITTED')), CONSTRAINT "PK_231ae565c273ee700b283f15c1d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "reviews_assignment_id_key" ON "reviews"  ("assignment_id") `);
    await queryRunner.query(
      `CREATE TABLE "publications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" text NOT NULL, "title" text NOT NULL DEFAULT '', "year" integer NOT NULL, CONSTRAINT "PK_2c4e732b044e09139d2f1065fae" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "publications_external_id_key" ON "publications"  ("external_id") `);
    await queryRunner.query(
      `CREATE TABLE "publication_authors" ("publication_id" uuid NOT NULL, "person_id" uuid NOT NULL, CONSTRAINT "PK_5ab68248e52ee41fd943f59ebb1" PRIMARY KEY ("publication_id", "person_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "publication_authors_person_id_idx" ON "publication_authors"  ("person_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "person_relations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" text NOT NULL, "person_a" uuid NOT NULL, "person_b" uuid NOT NULL, CONSTRAINT "person_relations_distinct_check" CHECK (person_a <> person_b), CONSTRAINT "person_relations_type_check" CHECK (type IN ('ADVISOR','FAMILY')), CONSTRAINT "PK_56aa2d087f7f3009d3ec32fe1c3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "person_relations_person_a_idx" ON "person_relations"  ("person_a") `);
    await queryRunner.query(`CREATE INDEX "person_relations_person_b_idx" ON "person_relations"  ("person_b") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "person_relations_key" ON "person_relations"  ("type", "person_a", "person_b") `,
    );
    await queryRunner.query(
      `CREATE TABLE "applicant_exclusions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "person_id" uuid NOT NULL, "reason" text, CONSTRAINT "PK_5ebfaefda07a902705069f58c81" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "applicant_exclusions_application_id_idx" ON "applicant_exclusions"  ("application_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "applicant_exclusions_person_id_idx" ON "applicant_exclusions"  ("person_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "applicant_exclusions_key" ON "applicant_exclusions"  ("application_id", "person_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "declared_conflicts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "application_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c12122de2ddb7ac87de0856fb94" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "declared_conflicts_round_id_idx" ON "declared_conflicts"  ("round_id") `);
    await queryRunner.query(
      `CREATE INDEX "declared_conflicts_application_id_idx" ON "declared_conflicts"  ("application_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "declared_conflicts_reviewer_id_idx" ON "declared_conflicts"  ("reviewer_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "declared_conflicts_key" ON "declared_conflicts"  ("round_id", "application_id", "reviewer_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "conflicts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "application_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "rule" text NOT NULL, "evidence" text NOT NULL, "source" text NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "conflicts_source_check" CHECK (source IN ('DETECTED','DECLARED','EXCLUDED')), CONSTRAINT "PK_a1b90d7fdf566d825842f26cf86" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "conflicts_application_id_idx" ON "conflicts"  ("application_id") `);
    await queryRunner.query(`CREATE INDEX "conflicts_reviewer_id_idx" ON "conflicts"  ("reviewer_id") `);
    await queryRunner.query(
      `CREATE INDEX "conflicts_round_pair_idx" ON "conflicts"  ("round_id", "application_id", "reviewer_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "conflict_overrides" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "application_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "reason" text NOT NULL, "overridden_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3f06f2cf63ce2dacecad7f4e69" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "conflict_overrides_application_id_idx" ON "conflict_overrides"  ("application_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "conflict_overrides_reviewer_id_idx" ON "conflict_overrides"  ("reviewer_id") `,
    );
    await queryRunner.query(`CREATE INDEX "conflict_overrides_by_idx" ON "conflict_overrides"  ("overridden_by") `);
    await queryRunner.query(
      `CREATE INDEX "conflict_overrides_pair_idx" ON "conflict_overrides"  ("round_id", "application_id", "reviewer_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "kind" text NOT NULL, "filename" text NOT NULL, "content_type" text NOT NULL, "size" integer NOT NULL, "sha256" text NOT NULL, "uploaded_by" uuid, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "documents_kind_check" CHECK (kind IN ('PROPOSAL','MIDTERM_REPORT')), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "documents_application_id_idx" ON "documents"  ("application_id") `);
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid, "user_id" uuid, "to_address" text NOT NULL, "subject" text NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, "error" text, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "outbox_round_id_idx" ON "outbox"  ("round_id") `);
    await queryRunner.query(`CREATE INDEX "outbox_user_id_idx" ON "outbox"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'QUEUED', "progress" integer NOT NULL DEFAULT '0', "message" text, "result" jsonb, "attempts" integer NOT NULL DEFAULT '0', "run_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_by" text, "locked_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "jobs_status_check" CHECK (status IN ('QUEUED','RUNNING','DONE','FAILED')), CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "jobs_created_by_idx" ON "jobs"  ("created_by") `);
    await queryRunner.query(`CREATE INDEX "jobs_queue_idx" ON "jobs"  ("status", "run_after") `);
    await queryRunner.query(
      `ALTER TABLE "review_rounds" ADD CONSTRAINT "FK_e5479396a5b45f14793742bafe2" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_rounds" ADD CONSTRAINT "FK_4c9272fa56100af4efb3c506bb8" FOREIGN KEY ("parent_round_id") REFERENCES "review_rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_projects" ADD CONSTRAINT "FK_13515dcc88b8963e4cb33c6ea01" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_projects" ADD CONSTRAINT "FK_003dac50b4a8b1955140b194bc2" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "FK_029b7d481fe4fa574aa21543890" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "FK_0f5426dfc10d867565e3fd091d4" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "FK_3251e3277c84808f88542c6cfc6" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "FK_d27a79b26ffcfbf4fc314bf7675" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "publication_authors" ADD CONSTRAINT "FK_05c515ac88aa34cf2534c4d52c4" FOREIGN KEY ("publication_id") REFERENCES "publications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "publication_authors" ADD CONSTRAINT "FK_eca11963a70f43c019b62a0b04c" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "person_relations" ADD CONSTRAINT "FK_8f23a768a9d62c54ad81f9329b2" FOREIGN KEY ("person_a") REFERENCES "persons"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "person_relations" ADD CONSTRAINT "FK_dce38c9b3874397910e14344e3e" FOREIGN KEY ("person_b") REFERENCES "persons"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "applicant_exclusions" ADD CONSTRAINT "FK_383fc60555900f83c4f877d3fa3" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "applicant_exclusions" ADD CONSTRAINT "FK_5fa196c72730b70dbf64637d7e9" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "declared_conflicts" ADD CONSTRAINT "FK_29a2d486ea668b6ebfd19f311dc" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "declared_conflicts" ADD CONSTRAINT "FK_593e694149930183f3380e7686f" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "declared_conflicts" ADD CONSTRAINT "FK_9af2cc5b6c5368d70460994c8d0" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conflicts" ADD CONSTRAINT "FK_cd93dec85331f03864ca652d575" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conflicts" ADD CONSTRAINT "FK_1808a46afcd07a758a63894f86f" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conflicts" ADD CONSTRAINT "FK_40111cd2bb31e91f5cd588e32f6" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conflict_overrides" ADD CONSTRAINT "FK_791fe5736b7d65d3c33f0f08f1b" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conflict_overrides" ADD CONSTRAINT "FK_e54c0fd9e4a14054b1b288467e2" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conflict_overrides" ADD CONSTRAINT "FK_298d6549614f7eda95e475bf4ae" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conflict_overrides" ADD CONSTRAINT "FK_239ba6e2065e0a07eddbd2ffa91" FOREIGN KEY ("overridden_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_723c3078829240efb0f35eb4c9d" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_723c3078829240efb0f35eb4c9d"`);
    await queryRunner.query(`ALTER TABLE "conflict_overrides" DROP CONSTRAINT "FK_239ba6e2065e0a07eddbd2ffa91"`);
    await queryRunner.query(`ALTER TABLE "conflict_overrides" DROP CONSTRAINT "FK_298d6549614f7eda95e475bf4ae"`);
    await queryRunner.query(`ALTER TABLE "conflict_overrides" DROP CONSTRAINT "FK_e54c0fd9e4a14054b1b288467e2"`);
    await queryRunner.query(`ALTER TABLE "conflict_overrides" DROP CONSTRAINT "FK_791fe5736b7d65d3c33f0f08f1b"`);
    await queryRunner.query(`ALTER TABLE "conflicts" DROP CONSTRAINT "FK_40111cd2bb31e91f5cd588e32f6"`);
    await queryRunner.query(`ALTER TABLE "conflicts" DROP CONSTRAINT "FK_1808a46afcd07a758a63894f86f"`);
    await queryRunner.query(`ALTER TABLE "conflicts" DROP CONSTRAINT "FK_cd93dec85331f03864ca652d575"`);
    await queryRunner.query(`ALTER TABLE "declared_conflicts" DROP CONSTRAINT "FK_9af2cc5b6c5368d70460994c8d0"`);
    await queryRunner.query(`ALTER TABLE "declared_conflicts" DROP CONSTRAINT "FK_593e694149930183f3380e7686f"`);
    await queryRunner.query(`ALTER TABLE "declared_conflicts" DROP CONSTRAINT "FK_29a2d486ea668b6ebfd19f311dc"`);
    await queryRunner.query(`ALTER TABLE "applicant_exclusions" DROP CONSTRAINT "FK_5fa196c72730b70dbf64637d7e9"`);
    await queryRunner.query(`ALTER TABLE "applicant_exclusions" DROP CONSTRAINT "FK_383fc60555900f83c4f877d3fa3"`);
    await queryRunner.query(`ALTER TABLE "person_relations" DROP CONSTRAINT "FK_dce38c9b3874397910e14344e3e"`);
    await queryRunner.query(`ALTER TABLE "person_relations" DROP CONSTRAINT "FK_8f23a768a9d62c54ad81f9329b2"`);
    await queryRunner.query(`ALTER TABLE "publication_authors" DROP CONSTRAINT "FK_eca11963a70f43c019b62a0b04c"`);
    await queryRunner.query(`ALTER TABLE "publication_authors" DROP CONSTRAINT "FK_05c515ac88aa34cf2534c4d52c4"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "FK_d27a79b26ffcfbf4fc314bf7675"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "FK_3251e3277c84808f88542c6cfc6"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "FK_0f5426dfc10d867565e3fd091d4"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "FK_029b7d481fe4fa574aa21543890"`);
    await queryRunner.query(`ALTER TABLE "round_projects" DROP CONSTRAINT "FK_003dac50b4a8b1955140b194bc2"`);
    await queryRunner.query(`ALTER TABLE "round_projects" DROP CONSTRAINT "FK_13515dcc88b8963e4cb33c6ea01"`);
    await queryRunner.query(`ALTER TABLE "review_rounds" DROP CONSTRAINT "FK_4c9272fa56100af4efb3c506bb8"`);
    await queryRunner.query(`ALTER TABLE "review_rounds" DROP CONSTRAINT "FK_e5479396a5b45f14793742bafe2"`);
    await queryRunner.query(`DROP INDEX "public"."jobs_queue_idx"`);
    await queryRunner.query(`DROP INDEX "public"."jobs_created_by_idx"`);
    await queryRunner.query(`DROP TABLE "jobs"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_user_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_round_id_idx"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "public"."documents_application_id_idx"`);
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP INDEX "public"."conflict_overrides_pair_idx"`);
    await queryRunner.query(`DROP INDEX "public"."conflict_overrides_by_idx"`);
    await queryRunner.query(`DROP INDEX "public"."conflict_overrides_reviewer_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."conflict_overrides_application_id_idx"`);
    await queryRunner.query(`DROP TABLE "conflict_overrides"`);
    await queryRunner.query(`DROP INDEX "public"."conflicts_round_pair_idx"`);
    await queryRunner.query(`DROP INDEX "public"."conflicts_reviewer_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."conflicts_application_id_idx"`);
    await queryRunner.query(`DROP TABLE "conflicts"`);
    await queryRunner.query(`DROP INDEX "public"."declared_conflicts_key"`);
    await queryRunner.query(`DROP INDEX "public"."declared_conflicts_reviewer_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."declared_conflicts_application_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."declared_conflicts_round_id_idx"`);
    await queryRunner.query(`DROP TABLE "declared_conflicts"`);
    await queryRunner.query(`DROP INDEX "public"."applicant_exclusions_key"`);
    await queryRunner.query(`DROP INDEX "public"."applicant_exclusions_person_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."applicant_exclusions_application_id_idx"`);
    await queryRunner.query(`DROP TABLE "applicant_exclusions"`);
    await queryRunner.query(`DROP INDEX "public"."person_relations_key"`);
    await queryRunner.query(`DROP INDEX "public"."person_relations_person_b_idx"`);
    await queryRunner.query(`DROP INDEX "public"."person_relations_person_a_idx"`);
    await queryRunner.query(`DROP TABLE "person_relations"`);
    await queryRunner.query(`DROP INDEX "public"."publication_authors_person_id_idx"`);
    await queryRunner.query(`DROP TABLE "publication_authors"`);
    await queryRunner.query(`DROP INDEX "public"."publications_external_id_key"`);
    await queryRunner.query(`DROP TABLE "publications"`);
    await queryRunner.query(`DROP INDEX "public"."reviews_assignment_id_key"`);
    await queryRunner.query(`DROP TABLE "reviews"`);
    await queryRunner.query(`DROP INDEX "public"."assignments_active_pair_key"`);
    await queryRunner.query(`DROP INDEX "public"."assignments_reviewer_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assignments_application_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assignments_round_id_idx"`);
    await queryRunner.query(`DROP TABLE "assignments"`);
    await queryRunner.query(`DROP INDEX "public"."round_projects_application_id_idx"`);
    await queryRunner.query(`DROP TABLE "round_projects"`);
    await queryRunner.query(`DROP INDEX "public"."review_rounds_parent_round_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."review_rounds_program_id_idx"`);
    await queryRunner.query(`DROP TABLE "review_rounds"`);
  }
}
