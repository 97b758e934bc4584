import { useQuery } from '@apollo/client/react';
import { Empty, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { beijing, countdown, errorText } from '../lib/format';
import { MY_ASSIGNMENTS } from '../lib/queries';
import { useNarrow } from '../lib/useNarrow';
import { Loading, LoadError } from '../components/Loading';
import { SimpleTable } from '../components/SimpleTable';
import type { MyAssignmentsQuery } from '../gql/graphql';

type Row = MyAssignmentsQuery['myAssignments'][number];

export default function MyAssignmentsPage() {
  const { t, i18n } = useTranslation();
  const { data, loading, error, refetch } = useQuery(MY_ASSIGNMENTS, {
    fetchPolicy: 'cache-and-network',
  });
  const zh = i18n.language !== 'en-US';
  const narrow = useNarrow();
  if (loading && !data) return <Loading />;
  if (error) return <LoadError message={errorText(error)} onRetry={refetch} />;
  const rows = data?.myAssignments ?? [];
  const title = (r: Row) => `${r.project.externalId} · ${zh ? r.project.title : r.project.titleEn || r.project.title}`;
  const deadline = (r: Row) => {
    const left = r.round.status === 'OPEN' ? countdown(r.round.closesAt, i18n.language) : null;
    return (
      <span title={beijing(r.round.closesAt, i18n.language)}>
        {left ? t('reviewer.left', { left }) : <Tag>{t(`roundStatus.${r.round.status}`)}</Tag>}
      </span>
    );
  };
  const status = (r: Row) =>
    r.review?.status === 'SUBMITTED' ? (
      <Tag color="success">{t('reviewer.submitted')}</Tag>
    ) : r.review ? (
      <Tag color="processing">{t('reviewer.draft')}</Tag>
    ) : (
      <Tag>{t('reviewer.notStarted')}</Tag>
    );
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('reviewer.myAssignments')}
      </Typography.Title>
      {rows.length === 0 ? (
        <Empty description={t('reviewer.none')} />
      ) : narrow ? (
        // a phone: one card per assignment, the whole card a link, the title on its own lines
        <ul aria-label={t('reviewer.myAssignments')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {rows.map((r) => (
            <li key={r.id} data-testid="assignment-card" style={{ marginBottom: 12 }}>
              <Link
                to={`/reviews/${r.id}`}
                style={{
                  display: 'block',
                  background: '#fff',
                  borderRadius: 8,
                  border: '1px solid #f0f0f0',
                  padding: 12,
                  color: 'inherit',
                  minHeight: 44,
                }}
              >
                <div style={{ color: '#1f5fa8', fontWeight: 600, marginBottom: 6 }}>{title(r)}</div>
                <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: 13, marginBottom: 8 }}>
                  {zh ? r.round.nameZh : r.round.nameEn} · {t('reviewer.direction')} {r.project.direction.number}
                  {r.covers ? ` · ${t(`discipline.${r.covers}`)}` : ''}
                </div>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
                  {status(r)}
                  {deadline(r)}
                  <span style={{ marginLeft: 'auto' }}>
                    {t('reviewer.total')}: {r.review?.total?.toFixed(2) ?? '—'}
                  </span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
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
              render: (r) => <Link to={`/reviews/${r.id}`}>{title(r)}</Link>,
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
              render: deadline,
            },
            { key: 'status', title: t('reviewer.status'), render: status },
            {
              key: 'total',
              title: t('reviewer.total'),
              render: (r) => r.review?.total?.toFixed(2) ?? '—',
              width: 80,
              align: 'right',
            },
          ]}
        />
      )}
    </>
  );
}
