/**
 * The one statement of the rule "a conflict keeps a reviewer off a project" in SQL, for queries
 * that must apply it in the database: a detected or excluded conflict blocks its pair until an
 * officer overrides it; a reviewer's own declaration always blocks.
 */

/** Over a row `c` of `conflicts`: this conflict blocks its pair. */
export const CONFLICT_BLOCKS = `(c.source = 'DECLARED' OR NOT EXISTS (SELECT 1 FROM conflict_overrides o
  WHERE o.round_id = c.round_id AND o.application_id = c.application_id AND o.reviewer_id = c.reviewer_id))`;

/** Over a row aliased `row` with round_id, application_id, reviewer_id (an assignment): its pair is blocked. */
export const pairBlocked = (row: string) =>
  `EXISTS (SELECT 1 FROM conflicts c WHERE c.round_id = ${row}.round_id AND c.application_id = ${row}.application_id
     AND c.reviewer_id = ${row}.reviewer_id AND ${CONFLICT_BLOCKS})`;
