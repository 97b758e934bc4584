import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/decorators';
import { isOfficer } from '../common/auth/access';
import { Role } from '../common/auth/role.enum';
import { pairBlocked } from '../conflicts/conflict-sql';
import { pledgeInForceSql } from '../pledges/pledge-access';
import { FUNDED_STATUSES } from '../teams/leads';
import type { RoundSettings } from '../rounds/round.entity';

/**
 * How a user reaches a project's materials right now:
 * - `officer`: everything, the original;
 * - `lead`: their own funded project's files, the original;
 * - `reviewer`: an active assignment in a round under way, without a conflict, under the signed
 *   pledge — until the round closes (plus the round's grace period, `materialsGraceHours`);
 * - `panel`: a member of a mid-term defence under way with the project on its agenda, without a
 *   conflict on it in any round: its mid-term report and evidence, not the proposal.
 * Reviewers and panel members read watermarked copies; they may download one only when the round
 * allows it (`reviewerDownload`, off by default).
 */
export interface MaterialAccess {
  how: 'officer' | 'lead' | 'reviewer' | 'panel';
  /** the proposal too (a panel member sees the mid-term report and evidence only) */
  proposals: boolean;
  /** a file to keep, not only the page */
  download: boolean;
  watermark: boolean;
  /** the round the access comes through (reviewers and panel members) */
  roundId: string | null;
}

/** Round settings on materials, with their defaults. */
export const materialSettings = (s: RoundSettings | null | undefined) => ({
  reviewerDownload: s?.reviewerDownload ?? false,
  materialsGraceHours: s?.materialsGraceHours ?? 0,
});

/** Over a round aliased `r`: reviewers may still read its materials (open, or closed within the grace period). */
export const materialWindowSql = (r: string) =>
  `(${r}.status = 'OPEN' OR (${r}.status = 'CLOSED' AND now() < COALESCE(${r}.closed_at, ${r}.closes_at)
     + make_interval(hours => COALESCE((${r}.settings->>'materialsGraceHours')::int, 0))))`;

const DOWNLOAD = (r: string) => `COALESCE((${r}.settings->>'reviewerDownload')::boolean, false)`;

interface Row {
  application_id: string;
  how: 'lead' | 'reviewer' | 'panel';
  proposals: boolean;
  download: boolean;
  round_id: string | null;
}

/**
 * The access of `user` to each of `projectIds` (null: none), in one query over the three ways a
 * non-officer reaches materials. A lead's own access wins over any other; then a reviewer's.
 */
export async function materialAccess(
  m: EntityManager,
  user: AuthUser,
  projectIds: readonly string[],
): Promise<(MaterialAccess | null)[]> {
  if (isOfficer(user))
    return projectIds.map(() => ({ how: 'officer', proposals: true, download: true, watermark: false, roundId: null }));
  const rows: Row[] = await m.query(
    `SELECT a.application_id, 'reviewer' AS how, true AS proposals, ${DOWNLOAD('r')} AS download, r.id AS round_id
       FROM assignments a JOIN review_rounds r ON r.id = a.round_id
      WHERE a.reviewer_id = $1 AND a.application_id = ANY($2::uuid[]) AND a.status = 'ACTIVE'
        AND ${materialWindowSql('r')} AND NOT ${pairBlocked('a')} AND ${pledgeInForceSql('r', 'a.reviewer_id')}
     UNION ALL
     SELECT i.application_id, 'panel', false, ${DOWNLOAD('r')}, r.id
       FROM panel_members pm JOIN panel_meetings mt ON mt.id = pm.meeting_id
       JOIN review_rounds r ON r.id = mt.round_id AND r.kind = 'MIDTERM' AND r.status <> 'FINALIZED'
       JOIN panel_items i ON i.meeting_id = mt.id
      WHERE pm.user_id = $1 AND i.application_id = ANY($2::uuid[])
        AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.application_id = i.application_id AND c.reviewer_id = $1)
     UNION ALL
     SELECT a.id, 'lead', true, true, NULL
       FROM users u JOIN team_members tm ON tm.person_id = u.person_id AND tm.role IN ('PI','CO_PI')
       JOIN applications a ON a.id = tm.application_id
      WHERE $3 AND u.id = $1 AND NOT u.disabled AND a.status = ANY($4::text[]) AND a.id = ANY($2::uuid[])`,
    [user.id, projectIds, user.roles.includes(Role.PI), FUNDED_STATUSES],
  );
  const rank = { lead: 0, reviewer: 1, panel: 2 };
  const best = new Map<string, Row>();
  for (const r of rows) {
    const b = best.get(r.application_id);
    if (!b || rank[r.how] < rank[b.how] || (r.how === b.how && r.download && !b.download))
      best.set(r.application_id, r);
  }
  return projectIds.map((id) => {
    const r = best.get(id);
    if (!r) return null;
    return {
      how: r.how,
      proposals: r.proposals,
      download: r.download,
      watermark: r.how !== 'lead',
      roundId: r.round_id,
    };
  });
}

/** May this access open a document of this kind? */
export const coversKind = (a: MaterialAccess | null, kind: string): a is MaterialAccess =>
  !!a && (a.proposals || kind !== 'PROPOSAL');
