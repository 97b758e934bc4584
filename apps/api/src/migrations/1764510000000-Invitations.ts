import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Experts choose to take part: invitations to a round (signed single-use links, respond-by,
 * reminders, answers with a reduced load or a reason), the round's ordered alternates, notices
 * (the in-app list beside each e-mail), officers' ratings of reviews, and a confirmed e-mail on
 * accounts made through an invitation link.
 */
export class Invitations1764510000000 implements MigrationInterface {
  name = 'Invitations1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "email_confirmed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "person_id" uuid NOT NULL, "user_id" uuid, "email" text NOT NULL, "status" text NOT NULL DEFAULT 'PENDING', "respond_by" TIMESTAMP WITH TIME ZONE NOT NULL, "message" text, "max_load" integer, "reason" text, "note" text, "substitutes" text, "link_nonce" text NOT NULL, "link_used_at" TIMESTAMP WITH TIME ZONE, "reminders" integer NOT NULL DEFAULT '0', "last_reminded_at" TIMESTAMP WITH TIME ZONE, "conflicts_confirmed" jsonb, "alternate" boolean NOT NULL DEFAULT false, "invited_by" uuid, "responded_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "invitations_round_person_key" UNIQUE ("round_id", "person_id"), CONSTRAINT "invitations_status_check" CHECK (status IN ('PENDING','ACCEPTED','DECLINED','EXPIRED','WITHDRAWN')), CONSTRAINT "invitations_reason_check" CHECK (reason IS NULL OR reason IN ('NO_TIME','OUTSIDE_EXPERTISE','CONFLICT','OTHER')), CONSTRAINT "invitations_max_load_check" CHECK (max_load IS NULL OR max_load BETWEEN 1 AND 200), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "invitations_round_id_idx" ON "invitations" ("round_id")`);
    await q.query(`CREATE INDEX "invitations_person_id_idx" ON "invitations" ("person_id")`);
    await q.query(`CREATE INDEX "invitations_user_id_idx" ON "invitations" ("user_id")`);
    await q.query(`CREATE INDEX "invitations_invited_by_idx" ON "invitations" ("invited_by")`);
    await q.query(`CREATE INDEX "invitations_pending_idx" ON "invitations" ("respond_by") WHERE status = 'PENDING'`);
    await q.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_8742005af78f3dc7bfc3617b899" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_9ba94f1fd13d096727c5f409e5d" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_fecdffec754fa4d5cea98709776" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL`,
    );
    await q.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_29b1cef6891d9b9d4e35f793b81" FOREIGN KEY ("invited_by") REFERENCES "users"("id") ON DELETE SET NULL`,
    );

    await q.query(
      `CREATE TABLE "round_alternates" ("round_id" uuid NOT NULL, "person_id" uuid NOT NULL, "position" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d744790cae32c9d330fc31a86ba" PRIMARY KEY ("round_id", "person_id"))`,
    );
    await q.query(`CREATE INDEX "round_alternates_round_id_idx" ON "round_alternates" ("round_id")`);
    await q.query(`CREATE INDEX "round_alternates_person_id_idx" ON "round_alternates" ("person_id")`);
    await q.query(
      `ALTER TABLE "round_alternates" ADD CONSTRAINT "FK_326900a78695660a02da7a1040c" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "round_alternates" ADD CONSTRAINT "FK_2626f118be5dc9dc02182002173" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE`,
    );

    await q.query(
      `CREATE TABLE "notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "round_id" uuid, "kind" text NOT NULL, "title_zh" text NOT NULL, "title_en" text NOT NULL, "body_zh" text NOT NULL, "body_en" text NOT NULL, "link" text, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3eb18c29da25d6935fcbe584237" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "notices_user_id_idx" ON "notices" ("user_id", "created_at")`);
    await q.query(`CREATE INDEX "notices_round_id_idx" ON "notices" ("round_id")`);
    await q.query(
      `ALTER TABLE "notices" ADD CONSTRAINT "FK_b63e8dcd3d13a55e8099bfee902" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "notices" ADD CONSTRAINT "FK_70a38a71a1fb0c3e66969005d99" FOREIGN KEY ("round_id") REFERENCES "review_rounds"("id") ON DELETE CASCADE`,
    );

    await q.query(
      `CREATE TABLE "review_ratings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "review_id" uuid NOT NULL, "rated_by" uuid NOT NULL, "rating" text NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "review_ratings_review_rater_key" UNIQUE ("review_id", "rated_by"), CONSTRAINT "review_ratings_rating_check" CHECK (rating IN ('HELPFUL','NEEDS_WORK','TOO_SHORT','TOO_VAGUE','NOT_CONSTRUCTIVE')), CONSTRAINT "PK_71ff1f623748a45778c0679c9e8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "review_ratings_review_id_idx" ON "review_ratings" ("review_id")`);
    await q.query(`CREATE INDEX "review_ratings_rated_by_idx" ON "review_ratings" ("rated_by")`);
    await q.query(
      `ALTER TABLE "review_ratings" ADD CONSTRAINT "FK_7f8effa5b0fed4a1a0665b3033d" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "review_ratings" ADD CONSTRAINT "FK_5754b07262b92bed9b9cc4f36d2" FOREIGN KEY ("rated_by") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "review_ratings"`);
    await q.query(`DROP TABLE "notices"`);
    await q.query(`DROP TABLE "round_alternates"`);
    await q.query(`DROP TABLE "invitations"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "email_confirmed_at"`);
  }
}
