import { useQuery } from '@apollo/client/react';
import { Alert, Button, Empty, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { beijing, errorText } from '../../lib/format';
import { PROGRAMS_ROUNDS } from '../../lib/queries';
import { Loading } from '../../components/Loading';
import { AssignmentTab } from './AssignmentTab';
import { NewRoundDialog } from './NewRoundDialog';
import { SettingsTab } from './SettingsTab';
import { AuditTab } from './AuditTab';
import { ConflictsTab } from './ConflictsTab';
import { DecisionsTab } from './DecisionsTab';
import { ExportsTab } from './ExportsTab';
import { AccessTab } from './AccessTab';
import { ProgressTab } from './ProgressTab';
import { InvitationsTab } from './InvitationsTab';
import { ReviewsTab } from './ReviewsTab';
import { PanelsTab } from './PanelsTab';
import { ReportsTab } from './ReportsTab';
import { RankingTab } from './RankingTab';
import { RoundActions } from './RoundActions';

export default function RoundsPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const [params, setParams] = useSearchParams();
  const { data, loading, error, refetch } = useQuery(PROGRAMS_ROUNDS);
  const [creating, setCreating] = useState(false);
  const rounds = useMemo(() => data?.programs.flatMap((p) => p.rounds) ?? [], [data]);
  const roundId = params.get('round') ?? rounds.find((r) => r.status === 'OPEN')?.id ?? rounds[0]?.id;
  const round = rounds.find((r) => r.id === roundId);
  const tab = params.get('tab') ?? 'progress';
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  const programs = data?.programs ?? [];
  const dialog = (
    <NewRoundDialog
      open={creating}
      programs={programs}
      onClose={() => setCreating(false)}
      onCreated={(id) => {
        setCreating(false);
        void refetch().then(() => {
          const next = new URLSearchParams(params);
          next.set('round', id);
          next.set('tab', 'settings');
          setParams(next, { replace: true });
        });
      }}
    />
  );
  if (loading && !data) return <Loading />;
  if (error) return <Alert type="error" showIcon title={t('common.error')} description={errorText(error)} />;
  if (!round)
    return (
      <>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('rounds.title')}
        </Typography.Title>
        <Empty description={programs.length ? t('rounds.none') : t('rounds.noProgram')}>
          {programs.length > 0 && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('newRound.title')}
            </Button>
          )}
        </Empty>
        {dialog}
      </>
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap align="center">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('rounds.title')}
        </Typography.Title>
        <Select
          style={{ minWidth: 320 }}
          value={round.id}
          aria-label={t('rounds.choose')}
          options={rounds.map((r) => ({
            value: r.id,
            label: `${zh ? r.nameZh : r.nameEn} · ${t(`roundStatus.${r.status}`)}`,
          }))}
          onChange={(v) => set('round', v)}
        />
        <Tag color={round.status === 'OPEN' ? 'green' : round.status === 'FINALIZED' ? 'purple' : 'default'}>
          {t(`roundStatus.${round.status}`)}
        </Tag>
        <Typography.Text type="secondary" data-testid="round-window">
          {beijing(round.opensAt, i18n.language)} — {beijing(round.closedAt ?? round.closesAt, i18n.language)}
          {round.closedAt && new Date(round.closedAt) < new Date(round.closesAt)
            ? ` ${t('rounds.closedEarly', { planned: beijing(round.closesAt, i18n.language) })}`
            : ''}
        </Typography.Text>
        <Button onClick={() => setCreating(true)}>{t('newRound.title')}</Button>
        <RoundActions
          round={round}
          onDone={() => {
            set('round', round.id); // stay on this round whatever its new status
            void refetch();
          }}
        />
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => set('tab', k)}
        destroyOnHidden
        items={[
          {
            key: 'settings',
            label: t('rounds.settings'),
            children: <SettingsTab round={round} onSaved={() => void refetch()} />,
          },
          { key: 'invitations', label: t('rounds.invitations'), children: <InvitationsTab round={round} /> },
          { key: 'progress', label: t('rounds.progress'), children: <ProgressTab round={round} /> },
          ...(round.kind === 'MIDTERM'
            ? [{ key: 'reports', label: t('team.tab'), children: <ReportsTab round={round} /> }]
            : []),
          { key: 'assignment', label: t('rounds.assignment'), children: <AssignmentTab round={round} /> },
          { key: 'conflicts', label: t('rounds.conflicts'), children: <ConflictsTab round={round} /> },
          { key: 'reviews', label: t('rounds.reviews'), children: <ReviewsTab round={round} /> },
          { key: 'panels', label: t('rounds.panels'), children: <PanelsTab round={round} /> },
          { key: 'ranking', label: t('rounds.ranking'), children: <RankingTab round={round} /> },
          { key: 'decisions', label: t('rounds.decisions'), children: <DecisionsTab round={round} /> },
          { key: 'access', label: t('rounds.access'), children: <AccessTab round={round} /> },
          { key: 'exports', label: t('rounds.exports'), children: <ExportsTab round={round} /> },
          { key: 'audit', label: t('rounds.audit'), children: <AuditTab /> },
        ]}
      />
      {dialog}
    </Space>
  );
}
