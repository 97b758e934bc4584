/**
 * Which page's code a cold load needs first, by path: read by the app (`preloadPage`) and by the
 * build, which writes the same table into index.html so that the browser asks for that code with
 * the first bundle instead of after it has run (vite.config.ts, `firstPagePreloads`).
 * Signed in, the shell and the page at the path (before anyone knows the user's roles: the likely
 * one); signed out, the sign-in page.
 */
export const FIRST_PAGES = [
  ['^/reviews/[^/]+', 'Review'],
  ['^/reviews$', 'MyAssignments'],
  ['^/rounds', 'Rounds'],
  ['^/applications', 'Applications'],
  ['^/reviewers', 'Experts'],
  ['^/users', 'Users'],
  ['^/invitation/', 'InvitationLink'],
  ['^/invitations', 'MyInvitations'],
] as const;

export type FirstPage = (typeof FIRST_PAGES)[number][1] | 'Login' | 'Shell';

/** Each of those pages' module, as the build's manifest names it. */
export const FIRST_PAGE_SOURCES: Record<FirstPage, string> = {
  Login: 'src/pages/LoginPage.tsx',
  Shell: 'src/pages/Shell.tsx',
  Review: 'src/pages/review/ReviewPage.tsx',
  MyAssignments: 'src/pages/MyAssignmentsPage.tsx',
  Rounds: 'src/pages/rounds/RoundsPage.tsx',
  Applications: 'src/pages/ApplicationsPage.tsx',
  Experts: 'src/pages/experts/ExpertsPage.tsx',
  Users: 'src/pages/UsersPage.tsx',
  InvitationLink: 'src/pages/InvitationLinkPage.tsx',
  MyInvitations: 'src/pages/invitations/MyInvitationsPage.tsx',
};

/** The page whose code `path` needs first when signed in, besides the shell. */
export function firstPageOf(path: string): FirstPage | undefined {
  return FIRST_PAGES.find(([pattern]) => new RegExp(pattern).test(path))?.[1];
}
