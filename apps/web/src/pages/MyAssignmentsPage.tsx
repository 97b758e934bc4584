import { useQuery } from '@apollo/client/react';
import { Empty, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { beijing, countdown } from '../lib/format';
import { MY_ASSIGNMENTS } from '../lib/queries';
import { Loading, LoadError } from './Loading';
import { SimpleTable } from './SimpleTable';

interface Row {
  id: string;
  covers: string | null;
  round: { id: string; kind: string; nameZh: string; nameEn: string; status: string; closesAt: string };
  project: { id: string; externalId: string; title: string; titleEn: string; direction: { number: number } };
  review: { status: string; total: number | null } | null;
}

export default function MyAssignmentsPage() {
  const { t, i18n } = useTranslation();
  const { data, loading, error, refetch } = useQuery<{ myAssignments: Row[] }>(MY_ASSIGNMENTS, {
    fetchPolicy: 'cache-and-network',
  });
  const zh = i18n.language !== 'en-US';
  if (loading && !data) return <Loading />;
  if (error) return <LoadError message={error.message} onRetry={refetch} />;
  const rows = data?.myAssignments ?? [];
  return (
    <>
      <Typography.Title level={3}>{t('reviewer.myAssignments')}</Typography.Title>
      {rows.length === 0 ? (
        <Empty description={t('reviewer.none')} />
      ) : (
        <SimpleTable<Row>
          caption={t('reviewer.myAssignments')}
          rowKey={(r) => r.id}
          rows={rows}
          columns={[
            { key: 'round', title: t('reviewer.round'), render: (r) => (zh ? r.round.nameZh : r.round.nameEn) },
            {
              key: 'project',
              title: t('reviewer.project'),
              render: (r) => (
                <Link
                  to={`/reviews/${r.id}`}
                >{`${r.project.externalId} · ${zh ? r.project.title : r.project.titleEn || r.project.title}`}</Link>
              ),
            },
            { key: 'direction', title: t('reviewer.direction'), render: (r) => r.project.direction.number, width: 80 },
            {
              key: 'covers',
              title: t('reviewer.covers'),
              render: (r) => (r.covers ? <Tag>{t(`discipline.${r.covers}`)}</Tag> : null),
              width: 100,
            },
            {
              key: 'deadline',
              title: t('reviewer.deadline'),
              render: (r) => {
                const left = r.round.status === 'OPEN' ? countdown(r.round.closesAt, i18n.language) : null;
                return (
                  <span title={beijing(r.round.closesAt, i18n.language)}>
                    {left ? t('reviewer.left', { left }) : <Tag>{t(`roundStatus.${r.round.status}`)}</Tag>}
                  </span>
                );
              },
            },
            {
              key: 'status',
              title: t('reviewer.status'),
              render: (r) =>
                r.review?.status === 'SUBMITTED' ? (
                  <Tag color="success">{t('reviewer.submitted')}</Tag>
                ) : r.review ? (
                  <Tag color="processing">{t('reviewer.draft')}</Tag>
                ) : (
                  <Tag>{t('reviewer.notStarted')}</Tag>
                ),
            },
            {
              key: 'total',
              title: t('reviewer.total'),
              render: (r) => r.review?.total?.toFixed(1) ?? '—',
              width: 80,
              align: 'right',
            },
          ]}
        />
      )}
    </>
  );
}
