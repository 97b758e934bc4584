import { useQuery } from '@apollo/client/react';
import { Empty, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading, LoadError } from '../../components/Loading';
import { graphql } from '../../gql';
import { beijing, errorText } from '../../lib/format';

const MINE = graphql(`
  query MyPanelMeetings {
    myPanelMeetings {
      id
      titleZh
      titleEn
      kind
      startsAt
      status
      location
    }
  }
`);

/** 评审会议: the meetings I sit on. */
export default function MyPanelsPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { data, loading, error, refetch } = useQuery(MINE, { fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <Loading />;
  if (error) return <LoadError message={errorText(error)} onRetry={refetch} />;
  const rows = data?.myPanelMeetings ?? [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('panel.mine')}
      </Typography.Title>
      {rows.length === 0 ? (
        <Empty description={t('panel.none')} />
      ) : (
        <List
          bordered
          style={{ background: '#fff' }}
          dataSource={rows}
          renderItem={(m) => (
            <List.Item>
              <Link to={`/panels/${m.id}`}>{zh ? m.titleZh : m.titleEn}</Link>
              <span>
                {beijing(m.startsAt, i18n.language)} <Tag>{t(`panel.kinds.${m.kind}`)}</Tag>
                <Tag color={m.status === 'OPEN' ? 'processing' : 'default'}>{t(`panel.statuses.${m.status}`)}</Tag>
              </span>
            </List.Item>
          )}
        />
      )}
    </>
  );
}
