import { isOfficer } from '../common/auth/access';
import type { AuthUser } from '../common/auth/decorators';
import type { GqlContext } from '../common/graphql/loaders';
import type { RoundEntity } from '../rounds/round.entity';
import { pledgeOf } from './pledge-text';

/**
 * Inside a request: may this user read the material of a round (officers always; a reviewer once
 * they signed the pledge in force, or when none is required)? Two batched loads.
 */
export async function mayReadRoundMaterial(ctx: GqlContext, roundId: string, user: AuthUser): Promise<boolean> {
  if (isOfficer(user)) return true;
  const round = await ctx.loaders.round.load(roundId);
  return !!round && hasSignedPledge(ctx, round, user.id);
}

/** Has this user signed the round's pledge in force (true when none is required)? One batched load. */
export async function hasSignedPledge(
  ctx: GqlContext,
  round: { id: string; settings: RoundEntity['settings'] },
  userId: string,
): Promise<boolean> {
  const p = pledgeOf(round.settings);
  if (!p.required) return true;
  return (await ctx.loaders.pledgeVersion.load(`${round.id}|${userId}`)) >= p.version;
}

/**
 * The same rule in SQL, for queries that check it in the database: over a round aliased `round`
 * and a user id expression `userId`, the pledge in force is signed (or none is required).
 */
export const pledgeInForceSql = (round: string, userId: string) =>
  `(COALESCE((${round}.settings->'pledge'->>'required')::boolean, true) = false
    OR EXISTS (SELECT 1 FROM pledges p WHERE p.round_id = ${round}.id AND p.user_id = ${userId}
                AND p.version >= COALESCE((${round}.settings->'pledge'->>'version')::int, 1)))`;
