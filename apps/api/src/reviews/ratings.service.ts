import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { badInput, notFound } from '../common/graphql/errors';
import { RATINGS, type Rating } from './review-rating.entity';

export interface RatingRow {
  id: string;
  reviewId: string;
  projectId: string;
  reviewerId: string;
  reviewerName: string;
  rating: Rating;
  note: string | null;
  raterName: string;
  ratedAt: Date;
}

const SELECT = `SELECT rt.id, rt.review_id AS "reviewId", a.application_id AS "projectId", a.reviewer_id AS "reviewerId",
                       ru.name AS "reviewerName", rt.rating, rt.note, o.name AS "raterName", rt.updated_at AS "ratedAt"
                  FROM review_ratings rt JOIN reviews r ON r.id = rt.review_id JOIN assignments a ON a.id = r.assignment_id
                  JOIN users ru ON ru.id = a.reviewer_id JOIN users o ON o.id = rt.rated_by`;

/**
 * 评审质量: officers rate submitted reviews (HotCRP's review ratings): never shown to applicants;
 * reviewers see only the counts, and only from three ratings on (ProfileService.quality).
 */
@Injectable()
export class RatingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** One officer's rating of one review: rating again replaces their earlier one. */
  async rate(reviewId: string, rating: string, note: string | null | undefined, actor: AuthUser): Promise<RatingRow> {
    if (!(RATINGS as readonly string[]).includes(rating))
      throw badInput('rating', `must be one of ${RATINGS.join(', ')} / 评价须为规定选项之一`);
    const text = note?.trim() || null;
    if (text && text.length > 1000) throw badInput('note', 'at most 1,000 characters / 最多 1000 字');
    if (!/^[0-9a-f-]{36}$/i.test(String(reviewId))) throw notFound('review', String(reviewId));
    const id = await this.db.transaction(async (m) => {
      const [review]: { status: string }[] = await m.query(`SELECT status FROM reviews WHERE id = $1 FOR SHARE`, [
        reviewId,
      ]);
      if (!review) throw notFound('review', reviewId);
      if (review.status !== 'SUBMITTED')
        throw badInput('reviewId', 'only submitted reviews are rated / 只能评价已提交的评审意见');
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO review_ratings (review_id, rated_by, rating, note) VALUES ($1, $2, $3, $4)
         ON CONFLICT (review_id, rated_by) DO UPDATE SET rating = EXCLUDED.rating, note = EXCLUDED.note, updated_at = now()
         RETURNING id`,
        [reviewId, actor.id, rating, text],
      );
      await this.audit.record(
        { actorId: actor.id, action: 'review.rate', entity: 'review', entityId: reviewId, after: { rating } },
        m,
      );
      return row.id;
    });
    const [row]: RatingRow[] = await this.db.query(`${SELECT} WHERE rt.id = $1`, [id]);
    return row;
  }

  async list(roundId: string): Promise<RatingRow[]> {
    return this.db.query(`${SELECT} WHERE a.round_id = $1 ORDER BY rt.updated_at DESC, rt.id`, [roundId]);
  }
}
