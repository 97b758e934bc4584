import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { notFound } from '../common/graphql/errors';
import { RoundEntity } from '../rounds/round.entity';
import type { PoolReviewer } from './reviewers.models';

/** The reviewer pool for officers (of a round: whom it may assign), in a constant number of statements. */
@Injectable()
export class ReviewersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async pool(roundId: string | null): Promise<PoolReviewer[]> {
    if (roundId && !(await this.db.getRepository(RoundEntity).existsBy({ id: roundId })))
      throw notFound('round', roundId);
    const rows: (Omit<PoolReviewer, 'assigned' | 'submitted' | 'conflicts'> & {
      assigned: string;
      submitted: string;
      conflicts: string;
    })[] = await this.db.query(
      `SELECT u.id, u.name, u.email, u.disabled, p.title, p.disciplines, p.keywords,
              (SELECT i.name FROM affiliations af JOIN institutions i ON i.id = af.institution_id
                WHERE af.person_id = p.id AND (af.to_date IS NULL OR af.to_date >= current_date)
                ORDER BY af.from_date DESC NULLS LAST LIMIT 1) AS institution,
              COALESCE(w.assigned, 0) AS assigned, COALESCE(w.submitted, 0) AS submitted,
              COALESCE(c.n, 0) AS conflicts
         FROM users u JOIN persons p ON p.id = u.person_id
         LEFT JOIN (
           SELECT a.reviewer_id, count(*) AS assigned, count(*) FILTER (WHERE rv.status = 'SUBMITTED') AS submitted
             FROM assignments a JOIN review_rounds r ON r.id = a.round_id
             LEFT JOIN reviews rv ON rv.assignment_id = a.id
            WHERE a.status = 'ACTIVE' AND (CASE WHEN $1::uuid IS NULL THEN r.status = 'OPEN' ELSE r.id = $1::uuid END)
            GROUP BY a.reviewer_id) w ON w.reviewer_id = u.id
         LEFT JOIN (
           SELECT reviewer_id, count(DISTINCT application_id) AS n FROM conflicts
            WHERE round_id = $1::uuid GROUP BY reviewer_id) c ON c.reviewer_id = u.id
        WHERE 'REVIEWER' = ANY(u.roles)
          -- a round staffed by invitation offers its accepted invitees only (round-pool.ts)
          AND ($1::uuid IS NULL OR NOT EXISTS (SELECT 1 FROM invitations WHERE round_id = $1::uuid)
               OR u.id IN (SELECT user_id FROM invitations WHERE round_id = $1::uuid AND status = 'ACCEPTED'))
        ORDER BY u.name, u.email`,
      [roundId],
    );
    return rows.map((r) => ({
      ...r,
      assigned: Number(r.assigned),
      submitted: Number(r.submitted),
      conflicts: Number(r.conflicts),
    }));
  }
}
