import { graphql } from '../../gql';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Empty, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { beijing } from '../../lib/format';
import { Loading } from '../../components/Loading';
import { CursorPager, useCursors } from '../../components/CursorPager';

const OUTBOX = graphql(`
  query OutboxPage($roundId: ID, $status: String, $first: Int!, $after: String) {
    outboxPage(roundId: $roundId, status: $status, first: $first, after: $after) {
      total
      hasMore
      endCursor
      items {
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
  }
`);
/** Messages a page: the server reads 20 at a time, newest first, however many were sent. */
const PAGE_SIZE = 20;

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
  const [status, setStatus] = useState<string | null>(null);
  const cursors = useCursors();
  const { data, previousData, loading, refetch } = useQuery(OUTBOX, {
    variables: { roundId, status, first: PAGE_SIZE, after: cursors.after },
    fetchPolicy: 'cache-and-network',
  });
  useEffect(() => {
    if (version > 0) void refetch();
  }, [version, refetch]);
  // the page on screen stays while the next one loads
  const list = (data ?? previousData)?.outboxPage;
  if (loading && !list) return <Loading />;
  const rows = list?.items ?? [];
  return (
    <Card
      size="small"
      title={t('outbox.title')}
      extra={
        <Space>
          <Select
            allowClear
            size="small"
            style={{ width: 140 }}
            placeholder={t('outbox.allStatuses')}
            aria-label={t('outbox.status')}
            value={status ?? undefined}
            onChange={(v) => {
              setStatus(v ?? null);
              cursors.reset();
            }}
            options={Object.keys(STATUS_COLOR).map((s) => ({ value: s, label: t(`outbox.s_${s}`) }))}
          />
          <Button size="small" onClick={() => void refetch()}>
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      {rows.length === 0 && !status && cursors.page === 0 ? (
        <Empty description={t('outbox.empty')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          dataSource={rows}
          loading={loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
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
      {list && list.total > PAGE_SIZE && (
        <CursorPager cursors={cursors} list={list} pageSize={PAGE_SIZE} loading={loading} />
      )}
    </Card>
  );
}
