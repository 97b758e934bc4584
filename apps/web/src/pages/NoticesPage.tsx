import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Empty, List, Pagination, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading, LoadError } from '../components/Loading';
import { graphql } from '../gql';
import { beijing, errorText } from '../lib/format';

export const MY_NOTICES = graphql(`
  query MyNotices($offset: Int!, $limit: Int!) {
    myNotices(offset: $offset, limit: $limit) {
      total
      unread
      offset
      items {
        id
        kind
        titleZh
        titleEn
        bodyZh
        bodyEn
        link
        readAt
        createdAt
      }
    }
  }
`);

const MARK_READ = graphql(`
  mutation MarkNoticesRead($ids: [ID!]) {
    markNoticesRead(ids: $ids)
  }
`);

const PAGE = 20;

/** 通知: what the platform told me (each also went out by e-mail), newest first, a page at a time. */
export default function NoticesPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const { data, loading, error, refetch } = useQuery(MY_NOTICES, {
    variables: { offset: (page - 1) * PAGE, limit: PAGE },
    fetchPolicy: 'cache-and-network',
  });
  const [mark, marking] = useMutation(MARK_READ, { refetchQueries: ['MyNotices', 'UnreadNotices'] });
  if (loading && !data) return <Loading />;
  if (error) return <LoadError message={errorText(error)} onRetry={refetch} />;
  const n = data!.myNotices;
  return (
    <>
      <div
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}
      >
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('notices.title')}
        </Typography.Title>
        <Button
          disabled={n.unread === 0}
          loading={marking.loading}
          onClick={async () => {
            try {
              const r = await mark({ variables: { ids: null } });
              message.success(t('notices.marked', { n: r.data?.markNoticesRead ?? 0 }));
            } catch (e) {
              message.error(errorText(e));
            }
          }}
        >
          {t('notices.markAll')}
        </Button>
      </div>
      {n.total === 0 ? (
        <Empty description={t('notices.none')} />
      ) : (
        <>
          <List
            bordered
            style={{ background: '#fff' }}
            dataSource={n.items}
            renderItem={(x) => (
              <List.Item data-testid="notice">
                <List.Item.Meta
                  title={
                    <span>
                      {!x.readAt && (
                        <Tag color="blue" style={{ marginRight: 8 }}>
                          {t('notices.new')}
                        </Tag>
                      )}
                      {x.link ? <Link to={x.link}>{zh ? x.titleZh : x.titleEn}</Link> : zh ? x.titleZh : x.titleEn}
                    </span>
                  }
                  description={
                    <>
                      <div>{zh ? x.bodyZh : x.bodyEn}</div>
                      <div style={{ fontSize: 12 }}>{beijing(x.createdAt, i18n.language)}</div>
                    </>
                  }
                />
              </List.Item>
            )}
          />
          {n.total > PAGE && (
            <Pagination
              style={{ marginTop: 12 }}
              current={page}
              pageSize={PAGE}
              total={n.total}
              onChange={setPage}
              showSizeChanger={false}
            />
          )}
        </>
      )}
    </>
  );
}
