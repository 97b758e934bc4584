import { graphql } from '../../gql';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Checkbox, Progress, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/format';
import { Loading } from '../../components/Loading';
import { OutboxPanel } from './OutboxPanel';
import type { Round, ReminderPreview } from './types';

const PROGRESS = graphql(`
  query RoundProgress($roundId: ID!, $first: Int!, $offset: Int!, $pending: Boolean!) {
    roundProgress(roundId: $roundId) {
      assigned
      drafts
      submitted
      reviewerCount
      pendingCount
      reviewers(first: $first, offset: $offset, pending: $pending) {
        reviewerId
        name
        email
        assigned
        drafts
        submitted
        overdue
      }
    }
  }
`);
const REMIND = graphql(`
  mutation Remind($roundId: ID!) {
    sendReminders(roundId: $roundId)
  }
`);
const REMINDER_PREVIEW = graphql(`
  query ReminderPreview($roundId: ID!) {
    reminderPreview(roundId: $roundId) {
      delivery
      recipients {
        name
        email
        due
      }
      subject
      body
    }
  }
`);

function ReminderPreviewView({ preview }: { preview: ReminderPreview }) {
  const { t } = useTranslation();
  return (
    <div>
      {preview.delivery === 'OUTBOX' && (
        <Alert type="warning" showIcon title={t('rounds.noMailServer')} style={{ marginBottom: 12 }} />
      )}
      <Typography.Paragraph strong>{t('rounds.recipients')}</Typography.Paragraph>
      <ul style={{ maxHeight: 160, overflowY: 'auto', paddingLeft: 18 }} data-testid="reminder-recipients">
        {preview.recipients.map((r) => (
          <li key={r.email}>
            {r.name} &lt;{r.email}&gt; · {t('rounds.dueCount', { n: r.due })}
          </li>
        ))}
      </ul>
      <Typography.Paragraph strong>{t('rounds.mailPreview')}</Typography.Paragraph>
      <div style={{ background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, padding: 8 }}>
        <div style={{ fontWeight: 600, marginBottom: 6 }}>{preview.subject}</div>
        <div style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}>{preview.body}</div>
      </div>
    </div>
  );
}

/** Reviewers on one page of the progress table: the server sends no more. */
const PAGE_SIZE = 50;

export function ProgressTab({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useApolloClient();
  // the reviewers a page at a time; those with reviews outstanding on request
  const [page, setPage] = useState(1);
  const [pending, setPending] = useState(false);
  const { data, previousData, loading, refetch } = useQuery(PROGRESS, {
    variables: { roundId: round.id, first: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, pending },
    fetchPolicy: 'cache-and-network',
  });
  const [remind, remindState] = useMutation(REMIND);
  const [sent, setSent] = useState(0);
  const p = (data ?? previousData)?.roundProgress;
  if (loading && !p) return <Loading />;
  if (!p) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space size="large">
        <Statistic title={t('rounds.assigned')} value={p.assigned} />
        <Statistic title={t('reviewer.draft')} value={p.drafts} />
        <Statistic title={t('reviewer.submitted')} value={p.submitted} suffix={`/ ${p.assigned}`} />
        <Progress
          type="circle"
          size={72}
          percent={p.assigned ? Math.round((100 * p.submitted) / p.assigned) : 0}
          aria-label={t('rounds.submittedShare')}
        />
        {round.status === 'OPEN' && (
          <Button
            loading={remindState.loading}
            onClick={async () => {
              // who gets what, and whether it really leaves, before anything is sent
              let preview: ReminderPreview;
              try {
                const r = await client.query({
                  query: REMINDER_PREVIEW,
                  variables: { roundId: round.id },
                  fetchPolicy: 'network-only',
                });
                preview = r.data!.reminderPreview;
              } catch (e) {
                message.error(errorText(e));
                return;
              }
              if (preview.recipients.length === 0) {
                message.info(t('rounds.nobodyToRemind'));
                return;
              }
              modal.confirm({
                title: t('rounds.remindConfirm', { n: preview.recipients.length }),
                width: 640,
                okText: t('rounds.remindSend'),
                cancelText: t('common.cancel'),
                content: <ReminderPreviewView preview={preview} />,
                onOk: async () => {
                  try {
                    const r = await remind({ variables: { roundId: round.id } });
                    const n = r.data?.sendReminders ?? 0;
                    if (preview.delivery === 'SMTP') message.success(t('rounds.remindedSmtp', { n }));
                    else message.warning(t('rounds.remindedOutbox', { n }));
                    setSent((k) => k + 1);
                    void refetch();
                  } catch (e) {
                    message.error(errorText(e));
                  }
                },
              });
            }}
          >
            {t('rounds.remind')}
          </Button>
        )}
      </Space>
      <Checkbox
        checked={pending}
        onChange={(e) => {
          setPending(e.target.checked);
          setPage(1);
        }}
      >
        {t('rounds.onlyPending', { n: p.pendingCount })}
      </Checkbox>
      <Table
        rowKey="reviewerId"
        size="small"
        loading={loading}
        dataSource={p.reviewers}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: pending ? p.pendingCount : p.reviewerCount,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          { title: t('rounds.reviewer'), dataIndex: 'name' },
          { title: 'E-mail', dataIndex: 'email' },
          { title: t('rounds.assigned'), dataIndex: 'assigned', align: 'right' },
          { title: t('reviewer.draft'), dataIndex: 'drafts', align: 'right' },
          { title: t('reviewer.submitted'), dataIndex: 'submitted', align: 'right' },
          {
            title: t('rounds.overdue'),
            render: (_, r) => (r.overdue ? <Tag color="red">{t('rounds.overdue')}</Tag> : null),
          },
        ]}
      />
      <OutboxPanel roundId={round.id} version={sent} />
    </Space>
  );
}
