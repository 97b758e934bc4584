import { graphql } from '../../gql';
import type { ReviewerPoolQuery } from '../../gql/graphql';
import { useQuery } from '@apollo/client/react';
import { Input, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/format';
import { PROGRAMS_ROUNDS } from '../../lib/queries';
import { Loading, LoadError } from '../../components/Loading';
import { CursorPager, useCursors } from '../../components/CursorPager';

const POOL = graphql(`
  query ReviewerPool($roundId: ID, $discipline: String, $search: String, $sort: String!, $first: Int!, $after: String) {
    reviewerPoolPage(
      roundId: $roundId
      discipline: $discipline
      search: $search
      sort: $sort
      first: $first
      after: $after
    ) {
      total
      hasMore
      endCursor
      maxAssigned
      items {
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
  }
`);

type PoolRow = ReviewerPoolQuery['reviewerPoolPage']['items'][number];
/** Reviewers on one page: the server reads no more (keyset cursor). */
const PAGE_SIZE = 25;

/** 评审工作量: every reviewer account with expertise; workload and conflicts for a chosen round (open rounds by default). */
export function WorkloadTab() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const [roundId, setRoundId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [discipline, setDiscipline] = useState<string | null>(null);
  const [sort, setSort] = useState<'NAME' | 'LOAD'>('NAME');
  const cursors = useCursors();
  const rounds = useQuery(PROGRAMS_ROUNDS);
  const { data, previousData, loading, error, refetch } = useQuery(POOL, {
    variables: {
      roundId,
      discipline,
      search: search.trim() || null,
      sort,
      first: PAGE_SIZE,
      after: cursors.after,
    },
    fetchPolicy: 'cache-and-network',
  });
  const list = (data ?? previousData)?.reviewerPoolPage;
  const rows = list?.items ?? [];
  const maxAssigned = Math.max(1, list?.maxAssigned ?? 0);
  /** a filter or the order changed: back to the first page */
  const narrow = (f: () => void) => {
    f();
    cursors.reset();
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          style={{ minWidth: 280 }}
          placeholder={t('pool.openRounds')}
          aria-label={t('pool.round')}
          value={roundId ?? undefined}
          onChange={(v) => narrow(() => setRoundId(v ?? null))}
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
          onChange={(v) => narrow(() => setDiscipline(v ?? null))}
          options={['MATH', 'MEDICINE', 'IT'].map((d) => ({ value: d, label: t(`discipline.${d}`) }))}
        />
        <Input.Search
          allowClear
          style={{ width: 280 }}
          placeholder={t('pool.search')}
          aria-label={t('pool.search')}
          onSearch={(v) => narrow(() => setSearch(v))}
        />
        <Typography.Text type="secondary">{t('pool.count', { n: list?.total ?? 0 })}</Typography.Text>
      </Space>
      {error ? (
        <LoadError message={errorText(error)} onRetry={refetch} />
      ) : loading && !list ? (
        <Loading />
      ) : (
        <>
          <Table<PoolRow>
            size="small"
            rowKey="id"
            loading={loading}
            dataSource={rows}
            pagination={false}
            // wider than a phone (English headers): the table scrolls inside the page, not the page
            scroll={{ x: 'max-content' }}
            onChange={(_p, _f, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              narrow(() => setSort(s?.order && s.columnKey === 'load' ? 'LOAD' : 'NAME'));
            }}
            locale={{ emptyText: t('pool.none') }}
            columns={[
              {
                title: t('pool.name'),
                key: 'name',
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
                key: 'load',
                width: 180,
                // the server orders by load, most assigned first
                sorter: true,
                sortDirections: ['descend'],
                sortOrder: sort === 'LOAD' ? 'descend' : null,
                render: (_, r) => (
                  <Progress
                    percent={(100 * r.assigned) / maxAssigned}
                    success={{ percent: (100 * r.submitted) / maxAssigned }}
                    // a full bar stays "normal": the success colour would leave the figures unreadable (contrast)
                    status="normal"
                    format={() => (
                      <span style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{`${r.submitted}/${r.assigned}`}</span>
                    )}
                    size="small"
                    aria-label={t('pool.loadLabel', { submitted: r.submitted, assigned: r.assigned })}
                  />
                ),
              },
              {
                title: t('pool.conflicts'),
                width: 90,
                align: 'right',
                render: (_, r) => (r.conflicts ? <Tag color="red">{r.conflicts}</Tag> : '—'),
              },
            ]}
          />
          {(list?.total ?? 0) > PAGE_SIZE && (
            <CursorPager cursors={cursors} list={list} pageSize={PAGE_SIZE} loading={loading} />
          )}
        </>
      )}
    </Space>
  );
}
