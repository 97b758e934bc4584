import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { badInput, notFound } from '../common/graphql/errors';
import { RoundEntity } from '../rounds/round.entity';
import type { PoolReviewer } from './reviewers.models';
import { checkFirst, pageOf } from '../common/graphql/page';
import { decodeCursor, encodeCursor } from '../common/graphql/cursor';
import { likePattern } from '../common/database/like';
import { UUID, checkIds } from '../common/graphql/ids';
import { Discipline } from '../common/auth/role.enum';

const DISCIPLINES: readonly string[] = Object.values(Discipline);

/** How a page of the pool is ordered: by name, or by load (most assigned first, then by name). */
export type PoolSort = 'NAME' | 'LOAD';

/** The reviewer pool for officers (of a round: whom it may assign), in a constant number of statements. */
@Injectable()
export class ReviewersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One page of the pool with the same figures as {@link pool}: filters (discipline; text in the
   * name, e-mail, institution or keywords) and order (name, or load) in SQL, a keyset cursor.
   */
  async page(
    roundId: string | null,
    filter: { discipline?: string | null; search?: string | null },
    sort: PoolSort,
    first: number,
    after: string | null | undefined,
  ) {
    checkFirst(first);
    if (sort !== 'NAME' && sort !== 'LOAD') throw badInput('sort', 'must be NAME or LOAD / 须为 NAME 或 LOAD');
    checkIds({ roundId });
    if (filter.discipline && !DISCIPLINES.includes(filter.discipline))
      throw badInput('discipline', 'must be MATH, MEDICINE or IT / 须为 MATH、MEDICINE 或 IT');
    if (roundId && !(await this.db.getRepository(RoundEntity).existsBy({ id: roundId })))
      throw notFound('round', roundId);
    let cursor: [number | null, string | null, string | null] = [null, null, null];
    if (after) {
      const [s, load, name, id] = decodeCursor(after, 'after', 4);
      if (s !== sort || !/^\d{1,9}$/.test(load) || !UUID.test(id))
        throw badInput('after', 'is not a cursor this list gave / 不是本列表给出的游标');
      cursor = [Number(load), name, id];
    }
    const found = `WITH pool AS (
         SELECT u.id, u.name, u.email, u.disabled, p.title, p.disciplines, p.keywords,
                (SELECT i.name FROM affiliations af JOIN institutions i ON i.id = af.institution_id
                  WHERE af.person_id = p.id AND (af.to_date IS NULL OR af.to_date >= current_date)
                  ORDER BY af.from_date DESC NULLS LAST LIMIT 1) AS institution
           FROM users u JOIN persons p ON p.id = u.person_id
          WHERE 'REVIEWER' = ANY(u.roles)
            AND ($1::uuid IS NULL OR NOT EXISTS (SELECT 1 FROM invitations WHERE round_id = $1::uuid)
                 OR u.id IN (SELECT user_id FROM invitations WHERE round_id = $1::uuid AND status = 'ACCEPTED'))
            AND ($2::text IS NULL OR $2 = ANY(p.disciplines))
       ), found AS (
         SELECT * FROM pool
          WHERE $3::text IS NULL OR name ILIKE $3 OR email ILIKE $3 OR institution ILIKE $3
                OR array_to_string(keywords, ' ') ILIKE $3
       )`;
    const params = [roundId, filter.discipline ?? null, likePattern(filter.search)];
    const rows: (PoolReviewer & { total: number; maxAssigned: number })[] = await this.db.query(
      `${found}, figures AS (
         SELECT f.*, COALESCE(w.assigned, 0)::int AS assigned, COALESCE(w.submitted, 0)::int AS submitted,
                COALESCE(c.n, 0)::int AS conflicts
           FROM found f
           LEFT JOIN (
             SELECT a.reviewer_id, count(*) AS assigned, count(*) FILTER (WHERE rv.status = 'SUBMITTED') AS submitted
               FROM assignments a JOIN review_rounds r ON r.id = a.round_id
               LEFT JOIN reviews rv ON rv.assignment_id = a.id
              WHERE a.status = 'ACTIVE' AND (CASE WHEN $1::uuid IS NULL THEN r.status = 'OPEN' ELSE r.id = $1::uuid END)
                AND a.reviewer_id IN (SELECT id FROM found)
              GROUP BY a.reviewer_id) w ON w.reviewer_id = f.id
           LEFT JOIN (
             SELECT reviewer_id, count(DISTINCT application_id) AS n FROM conflicts
              WHERE round_id = $1::uuid GROUP BY reviewer_id) c ON c.reviewer_id = f.id
       )
       SELECT (SELECT count(*)::int FROM found) AS total, (SELECT max(assigned) FROM figures) AS "maxAssigned", x.*
         FROM figures x
        WHERE $5::int IS NULL
           OR ($4 = 'NAME' AND (x.name, x.id) > ($6::text, $7::uuid))
           OR ($4 = 'LOAD' AND (x.assigned < $5::int OR (x.assigned = $5::int AND (x.name, x.id) > ($6::text, $7::uuid))))
        ORDER BY CASE WHEN $4 = 'LOAD' THEN -x.assigned ELSE 0 END, x.name, x.id
        LIMIT $8`,
      [...params, sort, ...cursor, first + 1],
    );
    // the total rides on every row; a page past the end (the pool changed meanwhile) counts on its own
    const total = rows.length
      ? rows[0].total
      : after
        ? ((await this.db.query(`${found} SELECT count(*)::int AS n FROM found`, params))[0].n as number)
        : 0;
    const items = rows.map(({ total: _t, maxAssigned: _m, ...r }) => r);
    return {
      ...pageOf(items, first, total, (last) => encodeCursor([sort, String(last.assigned), last.name, last.id])),
      maxAssigned: rows[0]?.maxAssigned ?? 0,
    };
  }

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
