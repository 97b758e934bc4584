import { firstPageOf } from './first-pages';
import { lazy, type ComponentType } from 'react';

/**
 * A page whose code loads on demand, and can be asked for ahead of time. Once loaded it renders
 * directly instead of through lazy(): React 19 holds back content revealed after a Suspense
 * fallback by up to 300 ms, which a cold load of the reviewer's pages paid twice (shell, page).
 */
function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<unknown> | null = null;
  const preload = () =>
    (pending ??= load().then((m) => {
      loaded = m.default;
    }));
  const Lazy = lazy(async () => {
    await preload();
    return { default: loaded! };
  });
  function Page(props: P) {
    const C = loaded;
    return C ? <C {...props} /> : <Lazy {...props} />;
  }
  return Object.assign(Page, { preload });
}

export const pages = {
  Login: preloadable(() => import('../pages/LoginPage')),
  Shell: preloadable(() => import('../pages/Shell')),
  Home: preloadable(() => import('../pages/HomePage')),
  MyAssignments: preloadable(() => import('../pages/MyAssignmentsPage')),
  Review: preloadable(() => import('../pages/review/ReviewPage')),
  Rounds: preloadable(() => import('../pages/rounds/RoundsPage')),
  Applications: preloadable(() => import('../pages/ApplicationsPage')),
  Users: preloadable(() => import('../pages/UsersPage')),
  Experts: preloadable(() => import('../pages/experts/ExpertsPage')),
  InvitationLink: preloadable(() => import('../pages/InvitationLinkPage')),
  MyInvitations: preloadable(() => import('../pages/invitations/MyInvitationsPage')),
  Notices: preloadable(() => import('../pages/NoticesPage')),
  Profile: preloadable(() => import('../pages/ProfilePage')),
  Panel: preloadable(() => import('../pages/panels/PanelPage')),
  MyPanels: preloadable(() => import('../pages/panels/MyPanelsPage')),
  MyProjects: preloadable(() => import('../pages/projects/MyProjectsPage')),
  TeamLink: preloadable(() => import('../pages/projects/TeamLinkPage')),
};

/** The code of the page at `path` (before anyone knows the user's roles: the likely one). */
export function preloadPage(path: string): Promise<unknown> | undefined {
  const page = firstPageOf(path);
  return page ? pages[page].preload() : undefined;
}
