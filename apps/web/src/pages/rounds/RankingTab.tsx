import { graphql } from '../../gql';
import { useQuery } from '@apollo/client/react';
import { Empty, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { projectTitle } from '../../lib/format';
import { Loading } from '../../components/Loading';
import { CalibrationPanel, MethodsComparison } from './RankingPanels';
import type { Round, Ranked } from './types';

export const RANKING = graphql(`
  query Ranking($roundId: ID!, $method: RankingMethod!) {
    ranking(roundId: $roundId, method: $method) {
      rank
      rawRank
      rankChange
      value
      rawMean
      n
      sd
      percentile
      ciLow
      ciHigh
      flags
      direction {
        number
      }
      project {
        id
        externalId
        title
        titleEn
        status
      }
    }
  }
`);
const RANKING_PAGE = graphql(`
  query RankingPage($roundId: ID!, $method: RankingMethod!, $first: Int!, $offset: Int!) {
    rankingPage(roundId: $roundId, method: $method, first: $first, offset: $offset) {
      total
      low
      high
      items {
        rank
        rawRank
        rankChange
        value
        rawMean
        n
        sd
        percentile
        ciLow
        ciHigh
        flags
        direction {
          number
        }
        project {
          id
          externalId
          title
          titleEn
          status
        }
      }
    }
  }
`);
/** Rows a page of the ranking shows: the server sends that many, however large the round. */
const PAGE_SIZE = 50;

export function RankingTab({ round }: { round: Round }) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<'CALIBRATED' | 'ZSCORE' | 'MEAN'>('CALIBRATED');
  const [view, setView] = useState<'ranking' | 'compare' | 'reviewers'>('ranking');
  const [page, setPage] = useState(1);
  const { data, previousData, loading } = useQuery(RANKING_PAGE, {
    variables: { roundId: round.id, method, first: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
    skip: view !== 'ranking',
  });
  const shown = (data ?? previousData)?.rankingPage;
  const rows = shown?.items ?? [];
  const lo = shown?.low ?? 0;
  const hi = shown?.high ?? 100;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={view}
          onChange={(v) => setView(v as typeof view)}
          options={[
            { value: 'ranking', label: t('ranking.viewRanking') },
            { value: 'compare', label: t('ranking.viewCompare') },
            { value: 'reviewers', label: t('ranking.reviewers') },
          ]}
        />
        {view === 'ranking' && (
          <Segmented
            value={method}
            onChange={(v) => {
              setMethod(v as typeof method);
              setPage(1);
            }}
            options={[
              { value: 'CALIBRATED', label: t('ranking.calibrated') },
              { value: 'ZSCORE', label: t('ranking.zscore') },
              { value: 'MEAN', label: t('ranking.mean') },
            ]}
          />
        )}
      </Space>
      {view === 'compare' ? (
        <MethodsComparison roundId={round.id} />
      ) : view === 'reviewers' ? (
        <CalibrationPanel roundId={round.id} />
      ) : loading && !shown ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Empty description={t('ranking.none')} />
      ) : (
        <Table<Ranked>
          size="small"
          rowKey={(r) => r.project.id}
          dataSource={rows}
          loading={loading}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: shown?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            onChange: setPage,
          }}
          columns={[
            { title: t('ranking.rank'), dataIndex: 'rank', width: 60 },
            {
              title: t('ranking.change'),
              render: (_, r) =>
                r.rankChange > 0 ? (
                  <Tag color="green">▲{r.rankChange}</Tag>
                ) : r.rankChange < 0 ? (
                  <Tag color="red">▼{-r.rankChange}</Tag>
                ) : (
                  '—'
                ),
              width: 80,
            },
            { title: t('reviewer.direction'), render: (_, r) => r.direction.number, width: 60 },
            { title: t('reviewer.project'), render: (_, r) => `${r.project.externalId} · ${projectTitle(r.project)}` },
            { title: t('ranking.value'), render: (_, r) => r.value.toFixed(2), align: 'right', width: 80 },
            { title: t('ranking.mean'), render: (_, r) => r.rawMean.toFixed(2), align: 'right', width: 80 },
            {
              title: t('ranking.interval'),
              width: 200,
              render: (_, r) => {
                const span = Math.max(1, hi - lo);
                return (
                  <svg width="180" height="14" role="img" aria-label={`${r.ciLow.toFixed(1)}–${r.ciHigh.toFixed(1)}`}>
                    <line
                      x1={(180 * (r.ciLow - lo)) / span}
                      x2={(180 * (r.ciHigh - lo)) / span}
                      y1="7"
                      y2="7"
                      stroke="#1f5fa8"
                      strokeWidth="3"
                    />
                    <circle cx={(180 * (r.value - lo)) / span} cy="7" r="4" fill="#12355b" />
                  </svg>
                );
              },
            },
            { title: 'N', dataIndex: 'n', width: 50 },
            { title: t('ranking.percentile'), dataIndex: 'percentile', width: 70 },
            {
              title: t('ranking.flags'),
              render: (_, r) =>
                r.flags.map((f) => (
                  <Tag key={f} color="orange">
                    {t(`flag.${f}`)}
                  </Tag>
                )),
            },
          ]}
        />
      )}
    </Space>
  );
}
