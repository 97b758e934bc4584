import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 会议评审: panel meetings of a round, their members (with attendance), the agenda of projects,
 * and secret ballots. A ballot keeps its counters and, apart, who has voted (to refuse a second
 * vote): no row ties a member to a vote, and neither table keeps when anyone voted.
 */
export class PanelMeetings1764520000000 implements MigrationInterface {
  name = 'PanelMeetings1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "panel_meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "title_zh" text NOT NULL, "title_en" text NOT NULL, "kind" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "location" text, "status" text NOT NULL DEFAULT 'SCHEDULED', "current_item_id" uuid, "rules" jsonb NOT NULL, "created_by" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "panel_meetings_kind_check" CHECK (kind IN ('SELECTION','DEFENCE')), CONSTRAINT "panel_meetings_status_check" CHECK (status IN ('SCHEDULED','OPEN','CLOSED')), CONSTRAINT "PK_1411a94b3f5258dee461c55a770" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "panel_meetings_round_id_idx" ON "panel_meetings" ("round_id")`);
    await q.query(`CREATE INDEX "panel_meetings_created_by_idx" ON "panel_meetings" ("created_by")`);
    await q.query(
      `ALTER TABLE "panel_meetings" ADD CONSTRAINT "FK_aeb8382919eecbb490708f788f2" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "panel_meetings" ADD CONSTRAINT "FK_d1e569e36a0795df38b2b4ec2f7" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL`,
    );

    await q.query(
      `CREATE TABLE "panel_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "present" boolean NOT NULL DEFAULT false, CONSTRAINT "panel_members_meeting_user_key" UNIQUE ("meeting_id", "user_id"), CONSTRAINT "panel_members_role_check" CHECK (role IN ('CHAIR','VICE_CHAIR','MEMBER','SUBSTITUTE')), CONSTRAINT "PK_02b94bfd5935db3ae179578b686" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "panel_members_meeting_id_idx" ON "panel_members" ("meeting_id")`);
    await q.query(`CREATE INDEX "panel_members_user_id_idx" ON "panel_members" ("user_id")`);
    await q.query(
      `ALTER TABLE "panel_members" ADD CONSTRAINT "FK_352e6bb7d3b4a147371209b4e39" FOREIGN KEY ("meeting_id") REFERENCES "panel_meetings"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "panel_members" ADD CONSTRAINT "FK_986bde8ec7546063389d3f42234" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE`,
    );

    await q.query(
      `CREATE TABLE "panel_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "application_id" uuid NOT NULL, "position" integer NOT NULL, "slot_start" TIMESTAMP WITH TIME ZONE, "slot_minutes" integer, "notes" text, "result" text, CONSTRAINT "panel_items_meeting_application_key" UNIQUE ("meeting_id", "application_id"), CONSTRAINT "panel_items_result_check" CHECK (result IS NULL OR result IN ('PASSED','FAILED','NO_QUORUM')), CONSTRAINT "PK_454a379e58ee440fc25c871f26a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "panel_items_meeting_id_idx" ON "panel_items" ("meeting_id")`);
    await q.query(`CREATE INDEX "panel_items_application_id_idx" ON "panel_items" ("application_id")`);
    await q.query(
      `ALTER TABLE "panel_items" ADD CONSTRAINT "FK_139bea36d0206881cc192d1558f" FOREIGN KEY ("meeting_id") REFERENCES "panel_meetings"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "panel_items" ADD CONSTRAINT "FK_a608053f64d521aad245ad19d93" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE`,
    );

    await q.query(
      `CREATE TABLE "ballots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'OPEN', "eligible_ids" uuid array NOT NULL, "recused_ids" uuid array NOT NULL, "unconflicted" integer NOT NULL, "yes" integer NOT NULL DEFAULT '0', "no" integer NOT NULL DEFAULT '0', "abstain" integer NOT NULL DEFAULT '0', "quorum_met" boolean, "passed" boolean, "opened_by" uuid, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ballots_status_check" CHECK (status IN ('OPEN','CLOSED')), CONSTRAINT "ballots_counts_check" CHECK (yes >= 0 AND no >= 0 AND abstain >= 0 AND yes + no + abstain <= cardinality(eligible_ids)), CONSTRAINT "PK_1c29cf82a8045f839f8639634e9" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ballots_item_id_idx" ON "ballots" ("item_id")`);
    await q.query(`CREATE INDEX "ballots_opened_by_idx" ON "ballots" ("opened_by")`);
    await q.query(`CREATE UNIQUE INDEX "ballots_one_open_key" ON "ballots" ("item_id") WHERE status = 'OPEN'`);
    await q.query(
      `ALTER TABLE "ballots" ADD CONSTRAINT "FK_e6e193624b9b711db81cc856959" FOREIGN KEY ("item_id") REFERENCES "panel_items"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "ballots" ADD CONSTRAINT "FK_44a7713e0e23b69a0d119bc5ea8" FOREIGN KEY ("opened_by") REFERENCES "users"("id") ON DELETE SET NULL`,
    );

    await q.query(
      `CREATE TABLE "ballot_voters" ("ballot_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_b19ea55e2360bfc0bc885ba5d03" PRIMARY KEY ("ballot_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "ballot_voters_user_id_idx" ON "ballot_voters" ("user_id")`);
    await q.query(
      `ALTER TABLE "ballot_voters" ADD CONSTRAINT "FK_2a3e54b125cc9193868125e235f" FOREIGN KEY ("ballot_id") REFERENCES "ballots"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "ballot_voters" ADD CONSTRAINT "FK_4944354bcce5ace53775e2a8144" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ballot_voters"`);
    await q.query(`DROP TABLE "ballots"`);
    await q.query(`DROP TABLE "panel_items"`);
    await q.query(`DROP TABLE "panel_members"`);
    await q.query(`DROP TABLE "panel_meetings"`);
  }
}
