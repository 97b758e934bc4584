import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ballot options: a mid-term ballot may put a grade to the vote (`proposed_grade`), and where the
 * meeting's rules let members change their vote, the voters row keeps a hiding commitment
 * (sha-256 of the ballot, the member, the choice and a 256-bit secret only the member's device
 * holds) so that a change can take the old vote off its counter; it is erased when the ballot closes.
 */
export class BallotOptions1764530000000 implements MigrationInterface {
  name = 'BallotOptions1764530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ballots" ADD "proposed_grade" text`);
    await q.query(
      `ALTER TABLE "ballots" ADD CONSTRAINT "ballots_proposed_grade_check" CHECK (proposed_grade IS NULL OR proposed_grade IN ('EXCELLENT','PASS','FAIL'))`,
    );
    await q.query(`ALTER TABLE "ballot_voters" ADD "commitment" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ballot_voters" DROP COLUMN "commitment"`);
    await q.query(`ALTER TABLE "ballots" DROP CONSTRAINT "ballots_proposed_grade_check"`);
    await q.query(`ALTER TABLE "ballots" DROP COLUMN "proposed_grade"`);
  }
}
