import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { ExpertHistory } from './profile.models';

declare module '../common/graphql/loaders' {
  interface Loaders {
    /** person id → the expert's record with the programme (rounds, reviews, timeliness, declines, ratings) */
    expertHistory: DataLoader<string, ExpertHistory>;
  }
}

const EMPTY: ExpertHistory = {
  rounds: 0,
  assigned: 0,
  submitted: 0,
  onTime: 0,
  invitationsDeclined: 0,
  invitationsExpired: 0,
  projectsDeclined: 0,
  ratings: 0,
  helpful: 0,
  critical: 0,
};

/** One statement for a page of experts (the pool's table shows the history of every row). */
export const historyLoaders = (db: DataSource) => ({
  expertHistory: new DataLoader<string, ExpertHistory>(async (ids) => {
    const rows: (ExpertHistory & { person_id: string })[] = await db.query(
      `WITH p AS (SELECT unnest($1::uuid[]) AS person_id),
            w AS (SELECT u.person_id, a.round_id, a.status, rv.status AS review_status, rv.submitted_at, r.closes_at, rv.id AS review_id
                    FROM assignments a JOIN users u ON u.id = a.reviewer_id JOIN review_rounds r ON r.id = a.round_id
                    LEFT JOIN reviews rv ON rv.assignment_id = a.id
                   WHERE u.person_id = ANY($1::uuid[]))
       SELECT p.person_id,
              (SELECT count(DISTINCT round_id)::int FROM w WHERE w.person_id = p.person_id) AS rounds,
              (SELECT count(*)::int FROM w WHERE w.person_id = p.person_id AND w.status <> 'DECLINED') AS assigned,
              (SELECT count(*)::int FROM w WHERE w.person_id = p.person_id AND w.review_status = 'SUBMITTED') AS submitted,
              (SELECT count(*)::int FROM w WHERE w.person_id = p.person_id AND w.review_status = 'SUBMITTED'
                                              AND w.submitted_at <= w.closes_at) AS "onTime",
              (SELECT count(*)::int FROM w WHERE w.person_id = p.person_id AND w.status = 'DECLINED') AS "projectsDeclined",
              (SELECT count(*)::int FROM invitations i WHERE i.person_id = p.person_id AND i.status = 'DECLINED') AS "invitationsDeclined",
              (SELECT count(*)::int FROM invitations i WHERE i.person_id = p.person_id AND i.status = 'EXPIRED') AS "invitationsExpired",
              (SELECT count(*)::int FROM review_ratings rt JOIN w ON w.review_id = rt.review_id WHERE w.person_id = p.person_id) AS ratings,
              (SELECT count(*)::int FROM review_ratings rt JOIN w ON w.review_id = rt.review_id
                WHERE w.person_id = p.person_id AND rt.rating = 'HELPFUL') AS helpful,
              (SELECT count(*)::int FROM review_ratings rt JOIN w ON w.review_id = rt.review_id
                WHERE w.person_id = p.person_id AND rt.rating <> 'HELPFUL') AS critical
         FROM p`,
      [ids],
    );
    const by = new Map(rows.map(({ person_id, ...h }) => [person_id, h]));
    return ids.map((id) => by.get(id) ?? EMPTY);
  }),
});
