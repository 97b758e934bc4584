/**
 * The order an officer reads a round's invitations in: those waiting for an answer first, then
 * declined, expired, accepted and withdrawn; within a state, in the order sent. One definition
 * for the list, its keyset page and the index behind it (migration InvitationOrder).
 */
export const INVITATION_ORDER = ['PENDING', 'DECLINED', 'EXPIRED', 'ACCEPTED', 'WITHDRAWN'] as const;

/** The state's place in {@link INVITATION_ORDER}, over a row of `invitations` aliased `t` (1-based, immutable: indexable). */
export const invitationRank = (t: string) => `array_position('{${INVITATION_ORDER.join(',')}}'::text[], ${t}.status)`;
