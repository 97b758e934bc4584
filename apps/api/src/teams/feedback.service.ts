import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface Feedback {
  roundId: string;
  nameZh: string;
  nameEn: string;
  kind: string;
  decision: string | null;
  amount: number | null;
  grade: string | null;
  panelResult: string | null;
  comments: { code: string; comment: string }[];
}

/**
 * 评审反馈: what each finalized round decided of a project, the panel's result, and the comments to
 * the applicant under reviewer codes R1, R2 … (in the order the reviews were assigned, as in the
 * officers' exports). Never a reviewer's identity, a score, a confidential comment or another
 * project's data: the queries select nothing else.
 */
@Injectable()
export class FeedbackService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async of(projectId: string, roundId?: string): Promise<Feedback[]> {
    const rounds: {
      id: string;
      name_zh: string;
      name_en: string;
      kind: string;
      decision: string | null;
      amount: string | null;
      grade: string | null;
    }[] = await this.db.query(
      `SELECT r.id, r.name_zh, r.name_en, r.kind, d.decision, d.amount, d.grade
         FROM round_projects rp JOIN review_rounds r ON r.id = rp.round_id
         LEFT JOIN funding_decisions d ON d.round_id = r.id AND d.application_id = rp.application_id
        WHERE rp.application_id = $1 AND r.status = 'FINALIZED' AND ($2::uuid IS NULL OR r.id = $2::uuid)
        ORDER BY r.opens_at`,
      [projectId, roundId ?? null],
    );
    if (rounds.length === 0) return [];
    const ids = rounds.map((r) => r.id);
    const comments: { round_id: string; comment: string }[] = await this.db.query(
      `SELECT a.round_id, r.comment_to_applicant AS comment
         FROM assignments a JOIN reviews r ON r.assignment_id = a.id AND r.status = 'SUBMITTED'
        WHERE a.application_id = $1 AND a.round_id = ANY($2::uuid[])
        ORDER BY a.round_id, a.created_at, a.id`,
      [projectId, ids],
    );
    const panels: { round_id: string; passed: boolean }[] = await this.db.query(
      `SELECT DISTINCT ON (pm.round_id) pm.round_id, b.passed
         FROM ballots b JOIN panel_items i ON i.id = b.item_id JOIN panel_meetings pm ON pm.id = i.meeting_id
        WHERE i.application_id = $1 AND pm.round_id = ANY($2::uuid[]) AND b.status = 'CLOSED' AND b.quorum_met
          AND b.proposed_grade IS NULL
        ORDER BY pm.round_id, b.closed_at DESC`,
      [projectId, ids],
    );
    return rounds.map((r) => {
      const mine = comments.filter((c) => c.round_id === r.id);
      const panel = panels.find((p) => p.round_id === r.id);
      return {
        roundId: r.id,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        kind: r.kind,
        decision: r.decision,
        amount: r.amount === null ? null : Number(r.amount),
        grade: r.grade,
        panelResult: panel ? (panel.passed ? 'PASSED' : 'FAILED') : null,
        // every review keeps its code, so R2 is R2 in the officers' exports too; empty comments are left out
        comments: mine
          .map((c, k) => ({ code: `R${k + 1}`, comment: (c.comment ?? '').trim() }))
          .filter((c) => c.comment !== ''),
      };
    });
  }
}
