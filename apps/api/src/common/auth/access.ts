import type { AuthUser } from './decorators';
import { Role } from './role.enum';

/**
 * The access policy, in one place: who may read or change what. Pure predicates on the signed-in
 * user and the row in question; services and resolvers ask here instead of testing roles
 * themselves. (Roles on a whole operation are declared with `@Roles`; these decide per row.)
 */

/** Programme officers and administrators see every round's assignments, reviews and documents. */
export const isOfficer = (u: AuthUser): boolean =>
  u.roles.includes(Role.PROGRAM_OFFICER) || u.roles.includes(Role.ADMIN);

/** The reviewer an assignment belongs to. */
export const isAssignee = (u: AuthUser, a: { reviewerId: string }): boolean => a.reviewerId === u.id;

/**
 * May read an assignment, its project and its review: an officer, or its own reviewer (whose pair
 * must, in addition, not be conflicted: see AssignmentsService.assertCanSee).
 */
export const mayReadAssignment = (u: AuthUser, a: { reviewerId: string }): boolean => isOfficer(u) || isAssignee(u, a);

/** The confidential comment to the panel: officers and the reviewer who wrote it, nobody else. */
export const mayReadConfidentialComment = mayReadAssignment;

/** Who else reviews a project: officers only (a reviewer never learns the other reviewers). */
export const mayReadAssignmentReviewer = (u: AuthUser): boolean => isOfficer(u);

/** Who may read an application's documents, and how: documents/material-access.ts, in SQL. */

/** The experts an application asked to exclude: officers only (a reviewer never learns who was excluded). */
export const mayReadExclusions = (u: AuthUser): boolean => isOfficer(u);

/**
 * A project reached through an assignment whose round's pledge its reviewer has not signed: its
 * number, title and direction only; team, institutions, keywords and documents stay closed.
 */
export interface Sealable {
  sealedUntilPledge?: boolean;
}
export const sealed = <T extends object>(p: T): T & Sealable => ({ ...p, keywords: [], sealedUntilPledge: true });
export const mayReadProjectMaterial = (p: Sealable): boolean => !p.sealedUntilPledge;
