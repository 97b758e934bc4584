import { BellOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Badge, Button, Tag, Typography } from 'antd';
import { ApolloProvider, useApolloClient, useQuery } from '@apollo/client/react';
import { type CSSProperties, Suspense, useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes } from 'react-router';
import { graphql } from '../gql';
import { createApolloClient } from '../lib/apollo';
import { pages } from '../lib/pages';
import { askEarly } from '../lib/queries';
import { SessionContext, useMe } from '../lib/session';
import { BootDone } from './BootDone';
import { LanguageSwitch } from './LanguageSwitch';
import { clearBackups } from './review/draftSync';
import { clearBallotReceipts } from './panels/receipts';
import { Loading, LoadError } from '../components/Loading';

const {
  Home: HomePage,
  MyAssignments: MyAssignmentsPage,
  Review: ReviewPage,
  Rounds: RoundsPage,
  Applications: ApplicationsPage,
  Users: UsersPage,
  Experts: ExpertsPage,
  MyInvitations: MyInvitationsPage,
  Notices: NoticesPage,
  Profile: ProfilePage,
  Panel: PanelPage,
  MyPanels: MyPanelsPage,
  MyProjects: MyProjectsPage,
} = pages;

const UNREAD = graphql(`
  query UnreadNotices {
    myNotices(limit: 1) {
      unread
    }
  }
`);

const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/** The bell: unread notices, looked at again every minute. */
function NoticeBell() {
  const { t } = useTranslation();
  const { data } = useQuery(UNREAD, { pollInterval: 60_000 });
  const unread = data?.myNotices.unread ?? 0;
  return (
    <Link to="/notices" data-testid="notice-bell">
      {/* the badge's digits are for the eye; the link's name is the words beside it, read but not shown */}
      <span aria-hidden="true">
        <Badge count={unread} size="small">
          <BellOutlined style={{ fontSize: 18, padding: 4 }} />
        </Badge>
      </span>
      <span style={VISUALLY_HIDDEN}>{t('notices.bell', { n: unread })}</span>
    </Link>
  );
}

export default function Shell({ onSignOut }: { onSignOut: () => void }) {
  // one GraphQL client per signed-in session; a failed refresh signs out
  const client = useMemo(() => createApolloClient(onSignOut), [onSignOut]);
  const signOut = useCallback(() => {
    void client.clearStore();
    clearBackups(); // unsaved drafts kept on this device belong to the one signing out
    clearBallotReceipts();
    onSignOut();
  }, [client, onSignOut]);
  return (
    <ApolloProvider client={client}>
      <ShellContent onSignOut={signOut} />
    </ApolloProvider>
  );
}

function ShellContent({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useTranslation();
  const client = useApolloClient();
  // a reviewer's list or scoring page is asked for beside `me`, not after it
  useEffect(() => askEarly(client, location.pathname), [client]);
  const { data, loading, error, refetch } = useMe(false);
  if (loading) return null; // index.html's first screen (the header, "加载中…") stays up meanwhile
  if (error || !data) {
    return (
      <>
        <BootDone />
        <LoadError message={error?.message} onRetry={refetch} style={{ margin: 32 }} />
      </>
    );
  }
  const me = data.me;
  const isReviewer = me.roles.includes('REVIEWER');
  const isOfficer = me.roles.includes('PROGRAM_OFFICER') || me.roles.includes('ADMIN');
  const isAdmin = me.roles.includes('ADMIN');
  const isPi = me.roles.includes('PI');
  const items = [
    { to: '/', label: t('shell.home') },
    ...(isReviewer
      ? [
          { to: '/reviews', label: t('shell.reviews') },
          { to: '/invitations', label: t('shell.invitations') },
          { to: '/panels', label: t('shell.panels') },
          { to: '/profile', label: t('shell.profile') },
        ]
      : []),
    ...(isPi ? [{ to: '/projects', label: t('shell.projects') }] : []),
    ...(isOfficer
      ? [
          { to: '/rounds', label: t('shell.rounds') },
          { to: '/applications', label: t('shell.applications') },
          { to: '/reviewers', label: t('shell.reviewers') },
        ]
      : []),
    ...(isAdmin ? [{ to: '/users', label: t('shell.users') }] : []),
  ];
  return (
    <SessionContext.Provider value={{ me, signOut: onSignOut }}>
      <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
        <BootDone />
        <header className="app-header">
          <Typography.Text strong className="app-title">
            {/* a phone's header row shows the short name: the full one wrapped to six lines in English */}
            <span className="app-title-full">{t('app.title')}</span>
            <span className="app-title-short">{t('app.shortTitle')}</span>
          </Typography.Text>
          <nav aria-label={t('shell.navigation')} className="app-nav">
            {items.map((it) => (
              <NavLink key={it.to} to={it.to} end={it.to === '/'}>
                {it.label}
              </NavLink>
            ))}
          </nav>
          <div className="app-user">
            <span className="app-user-name" aria-label={t('shell.signedInAs')} data-testid="current-user">
              <UserOutlined /> {me.name} <span className="app-user-email">({me.email})</span>
            </span>
            <span className="app-roles">
              {me.roles.map((r) => (
                <Tag key={r} color="blue">
                  {t(`roles.${r}`)}
                </Tag>
              ))}
            </span>
            <NoticeBell />
            <span className="app-lang">
              <LanguageSwitch />
            </span>
            <Button icon={<LogoutOutlined />} onClick={onSignOut} aria-label={t('shell.logout')}>
              <span className="app-logout-label">{t('shell.logout')}</span>
            </Button>
          </div>
        </header>
        <main className="app-main">
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route
                path="/"
                element={
                  isReviewer && !isOfficer ? (
                    <MyAssignmentsPage />
                  ) : isPi && !isOfficer ? (
                    <MyProjectsPage />
                  ) : (
                    <HomePage />
                  )
                }
              />
              {isPi && <Route path="/projects" element={<MyProjectsPage />} />}
              {isReviewer && <Route path="/reviews" element={<MyAssignmentsPage />} />}
              {isReviewer && <Route path="/reviews/:assignmentId" element={<ReviewPage />} />}
              <Route path="/invitations" element={<MyInvitationsPage />} />
              <Route path="/notices" element={<NoticesPage />} />
              <Route path="/panels" element={<MyPanelsPage />} />
              <Route path="/panels/:id" element={<PanelPage />} />
              <Route path="/panels/:id/room" element={<PanelPage room />} />
              {isReviewer && <Route path="/profile" element={<ProfilePage />} />}
              {isOfficer && <Route path="/rounds" element={<RoundsPage />} />}
              {isOfficer && <Route path="/applications" element={<ApplicationsPage />} />}
              {isOfficer && <Route path="/reviewers" element={<ExpertsPage />} />}
              {isAdmin && <Route path="/users" element={<UsersPage />} />}
              <Route path="*" element={<HomePage />} />
            </Routes>
          </Suspense>
        </main>
      </div>
    </SessionContext.Provider>
  );
}
