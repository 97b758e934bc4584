import { graphql } from '../../gql';
import type { ReviewerPoolQuery } from '../../gql/graphql';
import { useQuery } from '@apollo/client/react';
import { Input, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/format';
import { PROGRAMS_ROUNDS } from '../../lib/queries';
import { Loading, LoadError } from '../../components/Loading';

const POOL = graphql(`
  query ReviewerPool($roundId: ID) {
    reviewerPool(roundId: $roundId) {
      id
      name
      email
      title
      institution
      disciplines
      keywords
      disabled
      assigned
      submitted
      conflicts
    }
  }
`);

type PoolRow = ReviewerPoolQuery['reviewerPool'][number];

/** 评审工作量: every reviewer account with expertise; workload and conflicts for a chosen round (open rounds by default). */
export function WorkloadTab() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const [roundId, setRoundId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [discipline, setDiscipline] = useState<string | null>(null);
  const rounds = useQuery(PROGRAMS_ROUNDS);
  const { data, loading, error, refetch } = useQuery(POOL, {
    variables: { roundId },
    fetchPolicy: 'cache-and-network',
  });
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (data?.reviewerPool ?? []).filter(
      (r) =>
        (!discipline || r.disciplines.includes(discipline)) &&
        (!q || [r.name, r.email, r.institution ?? '', ...r.keywords].some((s) => s.toLowerCase().includes(q))),
    );
  }, [data, search, discipline]);
  const maxAssigned = Math.max(1, ...rows.map((r) => r.assigned));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          style={{ minWidth: 280 }}
          placeholder={t('pool.openRounds')}
          aria-label={t('pool.round')}
          value={roundId ?? undefined}
          onChange={(v) => setRoundId(v ?? null)}
          loading={rounds.loading}
          options={(rounds.data?.programs ?? []).flatMap((p) =>
            p.rounds.map((r) => ({
              value: r.id,
              label: `${zh ? r.nameZh : r.nameEn} · ${t(`roundStatus.${r.status}`)}`,
            })),
          )}
        />
        <Select
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('pool.discipline')}
          aria-label={t('pool.discipline')}
          value={discipline ?? undefined}
          onChange={(v) => setDiscipline(v ?? null)}
          options={['MATH', 'MEDICINE', 'IT'].map((d) => ({ value: d, label: t(`discipline.${d}`) }))}
        />
        <Input.Search
          allowClear
          style={{ width: 280 }}
          placeholder={t('pool.search')}
          aria-label={t('pool.search')}
          onSearch={setSearch}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Typography.Text type="secondary">{t('pool.count', { n: rows.length })}</Typography.Text>
      </Space>
      {error ? (
        <LoadError message={errorText(error)} onRetry={refetch} />
      ) : loading && !data ? (
        <Loading />
      ) : (
        <Table<PoolRow>
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={{ pageSize: 25, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('pool.none') }}
          columns={[
            {
              title: t('pool.name'),
              sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  <span>
                    {r.name} {r.title && <Typography.Text type="secondary">{r.title}</Typography.Text>}{' '}
                    {r.disabled && <Tag>{t('pool.disabled')}</Tag>}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.email}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('pool.institution'), dataIndex: 'institution' },
            {
              title: t('pool.disciplines'),
              render: (_, r) =>
                r.disciplines.map((d) => (
                  <Tag key={d} color={d === 'MATH' ? 'blue' : d === 'MEDICINE' ? 'magenta' : 'cyan'}>
                    {t(`discipline.${d}`, { defaultValue: d })}
                  </Tag>
                )),
            },
            {
              title: t('pool.keywords'),
              render: (_, r) => (
                <Typography.Text style={{ fontSize: 12 }}>{r.keywords.slice(0, 6).join('、')}</Typography.Text>
              ),
            },
            {
              title: t('pool.load'),
              width: 180,
              sorter: (a, b) => a.assigned - b.assigned,
              render: (_, r) => (
                <Progress
                  percent={(100 * r.assigned) / maxAssigned}
                  success={{ percent: (100 * r.submitted) / maxAssigned }}
                  // a full bar stays "normal": the success colour would leave the figures unreadable (contrast)
                  status="normal"
                  format={() => <span style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{`${r.submitted}/${r.assigned}`}</span>}
                  size="small"
                  aria-label={t('pool.loadLabel', { submitted: r.submitted, assigned: r.assigned })}
                />
              ),
            },
            {
              title: t('pool.conflicts'),
              width: 90,
              align: 'right',
              sorter: (a, b) => a.conflicts - b.conflicts,
              render: (_, r) => (r.conflicts ? <Tag color="red">{r.conflicts}</Tag> : '—'),
            },
          ]}
        />
      )}
    </Space>
  );
}
