import { graphql } from '../../gql';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { beijing } from '../../lib/format';
import { Loading } from '../../components/Loading';

const OUTBOX = graphql(`
  query Outbox($roundId: ID) {
    outbox(roundId: $roundId) {
      id
      toAddress
      subject
      createdAt
      sentAt
      status
      attempts
      error
    }
  }
`);

const STATUS_COLOR: Record<string, string> = {
  KEPT: 'default',
  PENDING: 'processing',
  SENDING: 'processing',
  SENT: 'success',
  FAILED: 'error',
};

/** Reminders with their delivery: sent, waiting for a retry (with the server's answer), or kept here. */
export function OutboxPanel({ roundId, version }: { roundId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const { data, loading, refetch } = useQuery(OUTBOX, { variables: { roundId }, fetchPolicy: 'cache-and-network' });
  useEffect(() => {
    if (version > 0) void refetch();
  }, [version, refetch]);
  if (loading && !data) return <Loading />;
  const rows = data?.outbox ?? [];
  return (
    <Card
      size="small"
      title={t('outbox.title')}
      extra={
        <Button size="small" onClick={() => void refetch()}>
          {t('common.refresh')}
        </Button>
      }
    >
      {rows.length === 0 ? (
        <Empty description={t('outbox.empty')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t('outbox.to'), dataIndex: 'toAddress' },
            { title: t('outbox.subject'), dataIndex: 'subject', ellipsis: true },
            { title: t('outbox.created'), render: (_, r) => beijing(r.createdAt, i18n.language), width: 170 },
            {
              title: t('outbox.status'),
              width: 200,
              render: (_, r) => (
                <Space size={4}>
                  <Tag color={STATUS_COLOR[r.status] ?? 'default'}>{t(`outbox.s_${r.status}`)}</Tag>
                  {r.attempts > 0 && r.status !== 'SENT' && (
                    <Tooltip title={r.error}>
                      <Typography.Text type="secondary">{t('outbox.attempts', { n: r.attempts })}</Typography.Text>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
