import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';

/** a project's status once it was funded: its leads may have accounts */
export const FUNDED_STATUSES = ['FUNDED', 'MIDTERM', 'CONTINUED', 'COMPLETED', 'TERMINATED'];

/**
 * The one statement of "this user leads these projects": an account with the PI role whose person
 * is the PI or CO_PI of a funded project. Every team operation and document check asks here.
 */
export async function leadProjectIds(m: EntityManager, user: AuthUser): Promise<string[]> {
  if (!user.roles.includes(Role.PI)) return [];
  const rows: { id: string }[] = await m.query(
    `SELECT a.id FROM users u JOIN team_members tm ON tm.person_id = u.person_id AND tm.role IN ('PI','CO_PI')
       JOIN applications a ON a.id = tm.application_id
      WHERE u.id = $1 AND NOT u.disabled AND a.status = ANY($2::text[]) ORDER BY a.external_id`,
    [user.id, FUNDED_STATUSES],
  );
  return rows.map((r) => r.id);
}
