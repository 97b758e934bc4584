import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Drawer, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '../../components/Panel';
import { ReportView } from '../../components/ReportView';
import { graphql } from '../../gql';
import { beijing, beijingInput, errorText, fromBeijingInput } from '../../lib/format';
import { PROGRESS_REPORT } from '../../lib/queries';
import type { Round } from './types';

const DATA = graphql(`
  query RoundReports($roundId: ID!) {
    progressReports(roundId: $roundId) {
      projectId
      externalId
      title
      titleEn
      status
      version
      submittedAt
      late
      updatedAt
      leadsWithAccount
    }
    reviewRound(id: $roundId) {
      id
      reportDueAt
    }
  }
`);
const DUE = graphql(`
  mutation SetReportDue($roundId: ID!, $dueAt: DateTime) {
    setReportDue(roundId: $roundId, dueAt: $dueAt) {
      roundId
      reportDueAt
    }
  }
`);
const GIVE_BACK = graphql(`
  mutation ReturnProgressReport($projectId: ID!, $roundId: ID!, $note: String!) {
    returnProgressReport(projectId: $projectId, roundId: $roundId, note: $note) {
      status
    }
  }
`);
const INVITE = graphql(`
  mutation InviteTeam($projectId: ID!) {
    inviteTeam(projectId: $projectId) {
      id
      hasAccount
    }
  }
`);

/**
 * 进展报告: a mid-term round's projects and their teams' reports — which are not submitted yet,
 * late ones, each report read against the targets, returned for changes with a note; the due
 * date; and the leads' account links.
 */
export function ReportsTab({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { message } = App.useApp();
  const { data, loading, refetch } = useQuery(DATA, {
    variables: { roundId: round.id },
    fetchPolicy: 'cache-and-network',
  });
  const [load, one] = useLazyQuery(PROGRESS_REPORT, { fetchPolicy: 'network-only' });
  const [open, setOpen] = useState<{ projectId: string; externalId: string } | null>(null);
  const [note, setNote] = useState('');
  const [due, setDue] = useState<string | null>(null);
  const done = (text: string) => () => {
    message.success(text);
    void refetch();
  };
  const fail = (e: unknown) => void message.error(errorText(e));
  const [setReportDue, saving] = useMutation(DUE, { onCompleted: done(t('team.dueSaved')), onError: fail });
  const [giveBack, returning] = useMutation(GIVE_BACK, { onError: fail });
  const [invite] = useMutation(INVITE, { onError: fail });
  const rows = data?.progressReports ?? [];
  const storedDue = data?.reviewRound.reportDueAt ?? null;
  const dueValue = due ?? (storedDue ? beijingInput(new Date(storedDue)) : '');
  const waiting = rows.filter((r) => r.status !== 'SUBMITTED').length;
  const show = (r: (typeof rows)[number]) => {
    setOpen({ projectId: r.projectId, externalId: r.externalId });
    setNote('');
    void load({ variables: { projectId: r.projectId, roundId: round.id } });
  };
  return (
    <>
      <Panel title={t('team.dueAt')}>
        <Space wrap>
          <Input
            type="datetime-local"
            aria-label={t('team.dueAt')}
            value={dueValue}
            onChange={(e) => setDue(e.target.value)}
            style={{ width: 240 }}
          />
          <Button
            loading={saving.loading}
            disabled={round.status === 'FINALIZED'}
            onClick={() =>
              void setReportDue({
                variables: { roundId: round.id, dueAt: dueValue ? fromBeijingInput(dueValue)?.toISOString() : null },
              })
            }
          >
            {t('team.setDue')}
          </Button>
          {storedDue && <Typography.Text type="secondary">{beijing(storedDue, i18n.language)}</Typography.Text>}
        </Space>
      </Panel>
      <Panel title={`${t('team.tab')} · ${t('team.notSubmitted', { n: waiting })}`}>
        <Table
          rowKey="projectId"
          size="small"
          loading={loading && !data}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          columns={[
            {
              title: t('team.project'),
              key: 'project',
              render: (_, r) => `${r.externalId} · ${zh ? r.title : r.titleEn}`,
            },
            {
              title: t('invite.status'),
              key: 'status',
              render: (_, r) => (
                <Space size={4} wrap>
                  <Tag color={r.status === 'SUBMITTED' ? 'success' : r.status === 'RETURNED' ? 'warning' : 'default'}>
                    {t(`team.statuses.${r.status}`)}
                  </Tag>
                  {r.late && <Tag color="error">{t('team.late')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('team.leads'),
              key: 'leads',
              render: (_, r) => (
                <Space size={4} wrap>
                  <span>{r.leadsWithAccount}</span>
                  <Button
                    size="small"
                    onClick={() =>
                      void invite({ variables: { projectId: r.projectId } }).then((x) => {
                        if (x.data) done(t('team.linksSent', { n: x.data.inviteTeam.length }))();
                      })
                    }
                  >
                    {t('team.sendLinks')}
                  </Button>
                </Space>
              ),
            },
            {
              title: '',
              key: 'view',
              render: (_, r) => (
                <Button
                  size="small"
                  autoInsertSpace={false}
                  onClick={() => show(r)}
                  aria-label={`${t('team.view')} ${r.externalId}`}
                >
                  {t('team.view')}
                </Button>
              ),
            },
          ]}
        />
      </Panel>
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open ? `${t('team.report')} · ${open.externalId}` : ''}
        size="large"
      >
        {one.data?.progressReport && <ReportView report={one.data.progressReport} />}
        {one.data?.progressReport.status === 'SUBMITTED' && round.status !== 'FINALIZED' && open && (
          <div style={{ marginTop: 16 }}>
            <Input.TextArea
              rows={3}
              aria-label={t('team.giveBackNote')}
              placeholder={t('team.giveBackNote')}
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
            />
            <Button
              danger
              style={{ marginTop: 8 }}
              loading={returning.loading}
              onClick={() =>
                void giveBack({ variables: { projectId: open.projectId, roundId: round.id, note } }).then((x) => {
                  if (x.data) {
                    done(t('team.statuses.RETURNED'))();
                    setOpen(null);
                  }
                })
              }
            >
              {t('team.giveBack')}
            </Button>
          </div>
        )}
      </Drawer>
    </>
  );
}
