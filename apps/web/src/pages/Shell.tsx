import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { SessionContext, useMe } from '../lib/session';
import { LanguageSwitch } from './LanguageSwitch';
import { Loading } from './Loading';

const HomePage = lazy(() => import('./HomePage'));
const MyAssignmentsPage = lazy(() => import('./MyAssignmentsPage'));
const ReviewPage = lazy(() => import('./ReviewPage'));
const RoundsPage = lazy(() => import('./RoundsPage'));
const ApplicationsPage = lazy(() => import('./ApplicationsPage'));
const UsersPage = lazy(() => import('./UsersPage'));

export default function Shell({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { data, loading, error, refetch } = useMe(false);
  if (loading) return <Loading />;
  if (error || !data) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('common.error')}
        description={error?.message}
        action={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>}
        style={{ margin: 32 }}
      />
    );
  }
  const me = data.me;
  const isReviewer = me.roles.includes('REVIEWER');
  const isOfficer = me.roles.includes('PROGRAM_OFFICER') || me.roles.includes('ADMIN');
  const isAdmin = me.roles.includes('ADMIN');
  const items = [
    { key: 'home', label: t('shell.home'), onClick: () => void navigate('/') },
    ...(isReviewer ? [{ key: 'reviews', label: t('shell.reviews'), onClick: () => void navigate('/reviews') }] : []),
    ...(isOfficer
      ? [
          { key: 'rounds', label: t('shell.rounds'), onClick: () => void navigate('/rounds') },
          { key: 'applications', label: t('shell.applications'), onClick: () => void navigate('/applications') },
        ]
      : []),
    ...(isAdmin ? [{ key: 'users', label: t('shell.users'), onClick: () => void navigate('/users') }] : []),
  ];
  return (
    <SessionContext.Provider value={{ me, signOut: onSignOut }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#12355b' }}>
          <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
            {t('app.title')}
          </Typography.Text>
          <Menu
            theme="dark"
            mode="horizontal"
            style={{ flex: 1, background: 'transparent' }}
            selectedKeys={[location.pathname === '/' ? 'home' : location.pathname.split('/')[1]]}
            items={items}
          />
          <Space>
            <span style={{ color: '#fff' }} aria-label={t('shell.signedInAs')} data-testid="current-user">
              <UserOutlined /> {me.name} ({me.email})
            </span>
            {me.roles.map((r) => (
              <Tag key={r} color="blue">
                {t(`roles.${r}`)}
              </Tag>
            ))}
            <span style={{ filter: 'invert(1)' }}>
              <LanguageSwitch />
            </span>
            <Button icon={<LogoutOutlined />} onClick={onSignOut}>
              {t('shell.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/" element={isReviewer && !isOfficer ? <MyAssignmentsPage /> : <HomePage />} />
              {isReviewer && <Route path="/reviews" element={<MyAssignmentsPage />} />}
              {isReviewer && <Route path="/reviews/:assignmentId" element={<ReviewPage />} />}
              {isOfficer && <Route path="/rounds" element={<RoundsPage />} />}
              {isOfficer && <Route path="/applications" element={<ApplicationsPage />} />}
              {isAdmin && <Route path="/users" element={<UsersPage />} />}
              <Route path="*" element={<HomePage />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </SessionContext.Provider>
  );
}
