import type { EntityManager } from 'typeorm';
import { reviewerPool } from '../conflicts/conflicts.service';
import type { UserEntity } from '../users/user.entity';

/** Who may be assigned in a round, and the most each takes. */
export interface RoundPool {
  reviewers: UserEntity[];
  /** reviewer id → the load they accepted (absent: the run's cap) */
  loadCap: Map<string, number>;
  /** whether the round is staffed by invitation (false: every active reviewer of the pool, as before invitations) */
  byInvitation: boolean;
}

/**
 * A round that has invited anyone is staffed by its accepted invitees only, each within the load
 * they accepted; a round without invitations keeps the whole reviewer pool (rounds set up before
 * invitations existed, and officers who staff by hand).
 */
export async function roundPool(m: EntityManager, roundId: string): Promise<RoundPool> {
  const all = await reviewerPool(m);
  const rows: { user_id: string | null; max_load: number | null; status: string }[] = await m.query(
    `SELECT user_id, max_load, status FROM invitations WHERE round_id = $1`,
    [roundId],
  );
  if (rows.length === 0) return { reviewers: all, loadCap: new Map(), byInvitation: false };
  const accepted = new Map<string, number | null>();
  for (const r of rows) if (r.status === 'ACCEPTED' && r.user_id) accepted.set(r.user_id, r.max_load);
  const loadCap = new Map<string, number>();
  for (const [id, cap] of accepted) if (cap != null) loadCap.set(id, cap);
  return { reviewers: all.filter((u) => accepted.has(u.id)), loadCap, byInvitation: true };
}
