import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mid-term outcomes in full: COMPLETE (phase 1 ends normally) beside CONTINUE and TERMINATE, the
 * COMPLETED project status, and the panel's own grade of a project with its reason.
 */
export class MidtermOutcomes1764480000000 implements MigrationInterface {
  name = 'MidtermOutcomes1764480000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "funding_decisions" DROP CONSTRAINT "funding_decisions_decision_check"`);
    await queryRunner.query(
      `ALTER TABLE "funding_decisions" ADD CONSTRAINT "funding_decisions_decision_check" CHECK (decision IN ('FUND','DECLINE','CONTINUE','COMPLETE','TERMINATE'))`,
    );
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "applications_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "applications" ADD CONSTRAINT "applications_status_check" CHECK (status IN ('SUBMITTED','ELIGIBLE','INELIGIBLE','UNDER_REVIEW','FUNDED','DECLINED','MIDTERM','CONTINUED','COMPLETED','TERMINATED'))`,
    );
    await queryRunner.query(`ALTER TABLE "round_projects" ADD "panel_grade" text`);
    await queryRunner.query(`ALTER TABLE "round_projects" ADD "panel_grade_reason" text`);
    await queryRunner.query(`ALTER TABLE "round_projects" ADD "panel_graded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "round_projects" ADD CONSTRAINT "round_projects_panel_grade_check" CHECK (panel_grade IN ('EXCELLENT','PASS','FAIL'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round_projects" DROP CONSTRAINT "round_projects_panel_grade_check"`);
    for (const c of ['panel_graded_at', 'panel_grade_reason', 'panel_grade'])
      await queryRunner.query(`ALTER TABLE "round_projects" DROP COLUMN "${c}"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "applications_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "applications" ADD CONSTRAINT "applications_status_check" CHECK (status IN ('SUBMITTED','ELIGIBLE','INELIGIBLE','UNDER_REVIEW','FUNDED','DECLINED','MIDTERM','CONTINUED','TERMINATED'))`,
    );
    await queryRunner.query(`ALTER TABLE "funding_decisions" DROP CONSTRAINT "funding_decisions_decision_check"`);
    await queryRunner.query(
      `ALTER TABLE "funding_decisions" ADD CONSTRAINT "funding_decisions_decision_check" CHECK (decision IN ('FUND','DECLINE','CONTINUE','TERMINATE'))`,
    );
  }
}
