import { graphql } from '../../gql';
import { useQuery } from '@apollo/client/react';
import { Alert, Empty, Pagination, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompareMethodsQuery } from '../../gql/graphql';
import { errorText, projectTitle } from '../../lib/format';
import { Loading } from '../../components/Loading';

/** The ranking's side views: the three methods side by side, and each reviewer's scores against their calibrated bias. Plain SVG with text alternatives. */
const COMPARE = graphql(`
  query CompareMethods($roundId: ID!) {
    mean: ranking(roundId: $roundId, method: MEAN) {
      rank
      value
      project {
        id
        externalId
        title
        titleEn
      }
    }
    zscore: ranking(roundId: $roundId, method: ZSCORE) {
      rank
      value
      project {
        id
      }
    }
    calibrated: ranking(roundId: $roundId, method: CALIBRATED) {
      rank
      value
      ciLow
      ciHigh
      flags
      project {
        id
      }
    }
  }
`);

/** A project's place under one method (the mean lists the title: the others only rank and value). */
type Short = CompareMethodsQuery['zscore'][number] & {
  project: Partial<CompareMethodsQuery['mean'][number]['project']>;
};

/** Ranks under the three methods for every project; a spread of 3 places or more is flagged. */
export function MethodsComparison({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const { data, loading, error } = useQuery(COMPARE, { variables: { roundId } });
  const rows = useMemo(() => {
    if (!data) return [];
    const z = new Map(data.zscore.map((r) => [r.project.id, r]));
    const c = new Map(data.calibrated.map((r) => [r.project.id, r]));
    return data.mean
      .map((m) => {
        const zr = z.get(m.project.id)!;
        const cr = c.get(m.project.id)!;
        const ranks = [m.rank, zr.rank, cr.rank];
        return {
          id: m.project.id,
          label: `${m.project.externalId} · ${projectTitle(m.project)}`,
          mean: m,
          zscore: zr,
          calibrated: cr,
          spread: Math.max(...ranks) - Math.min(...ranks),
        };
      })
      .sort((a, b) => a.calibrated.rank - b.calibrated.rank);
  }, [data]);
  if (loading && !data) return <Loading />;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (rows.length === 0) return <Empty description={t('ranking.none')} />;
  const rankCell = (r: Short) => (
    <span>
      {r.rank} <Typography.Text type="secondary">({r.value.toFixed(1)})</Typography.Text>
    </span>
  );
  return (
    <Table
      size="small"
      rowKey="id"
      dataSource={rows}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      columns={[
        { title: t('reviewer.project'), dataIndex: 'label' },
        { title: t('ranking.mean'), render: (_, r) => rankCell(r.mean), width: 110 },
        { title: t('ranking.zscore'), render: (_, r) => rankCell(r.zscore), width: 110 },
        { title: t('ranking.calibrated'), render: (_, r) => rankCell(r.calibrated), width: 110 },
        {
          title: t('ranking.disagreement'),
          width: 160,
          render: (_, r) =>
            r.spread >= 3 ? (
              <Tag color="orange">{t('ranking.spread', { n: r.spread })}</Tag>
            ) : (
              <Typography.Text type="secondary">{r.spread}</Typography.Text>
            ),
        },
        {
          title: t('ranking.flags'),
          render: (_, r) =>
            r.calibrated.flags.map((f) => (
              <Tag key={f} color="orange">
                {t(`flag.${f}`)}
              </Tag>
            )),
        },
      ]}
    />
  );
}

const CALIBRATION = graphql(`
  query Calibration($roundId: ID!, $first: Int!, $offset: Int!) {
    reviewerCalibrationPage(roundId: $roundId, first: $first, offset: $offset) {
      total
      minScore
      maxScore
      items {
        reviewerId
        reviewerName
        n
        mean
        sd
        scores
        bias
      }
    }
  }
`);
/** Reviewers a page: a round of thousands is drawn 25 rows at a time, every page to the round's one scale. */
const CALIBRATION_PAGE = 25;

/**
 * One row per reviewer: their submitted totals as dots on 0–100, the mean as a bar, and the bias
 * the calibrated ranking removes; generous reviewers first.
 */
export function CalibrationPanel({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const { data, previousData, loading, error } = useQuery(CALIBRATION, {
    variables: { roundId, first: CALIBRATION_PAGE, offset: (page - 1) * CALIBRATION_PAGE },
  });
  // the page on screen stays while the next one loads
  const got = (data ?? previousData)?.reviewerCalibrationPage;
  if (loading && !got) return <Loading />;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  const rows = got?.items ?? [];
  if (!got || got.total === 0) return <Empty description={t('ranking.none')} />;
  const lo = Math.max(0, Math.floor((got.minScore ?? 0) / 10) * 10 - 10);
  const hi = Math.min(100, Math.ceil((got.maxScore ?? 100) / 10) * 10 + 10);
  const W = 420;
  const x = (v: number) => ((v - lo) / Math.max(1, hi - lo)) * W;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('ranking.calibrationHelp')}</Typography.Paragraph>
      <table style={{ borderCollapse: 'collapse', width: '100%' }} aria-label={t('ranking.reviewers')}>
        <thead>
          <tr>
            <th style={{ textAlign: 'left', padding: 4 }}>{t('rounds.reviewer')}</th>
            <th style={{ textAlign: 'right', padding: 4 }}>N</th>
            <th style={{ textAlign: 'right', padding: 4 }}>{t('ranking.mean')}</th>
            <th style={{ textAlign: 'right', padding: 4 }}>{t('ranking.bias')}</th>
            <th style={{ padding: 4, textAlign: 'left' }}>
              <svg width={W} height="16" aria-hidden="true" style={{ display: 'block' }}>
                {Array.from({ length: Math.floor((hi - lo) / 10) + 1 }, (_, i) => lo + 10 * i).map((v) => (
                  <text key={v} x={Math.min(W - 14, Math.max(0, x(v) - 6))} y="12" fontSize="10" fill="#888">
                    {v}
                  </text>
                ))}
              </svg>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.reviewerId} style={{ borderTop: '1px solid #f0f0f0' }}>
              <td style={{ padding: 4 }}>{r.reviewerName}</td>
              <td style={{ padding: 4, textAlign: 'right' }}>{r.n}</td>
              <td style={{ padding: 4, textAlign: 'right' }}>{r.mean.toFixed(1)}</td>
              <td style={{ padding: 4, textAlign: 'right' }}>
                {r.bias === null ? (
                  '—'
                ) : (
                  <Tag color={r.bias > 2 ? 'green' : r.bias < -2 ? 'volcano' : 'default'}>
                    {r.bias > 0 ? '+' : ''}
                    {r.bias.toFixed(1)}
                  </Tag>
                )}
              </td>
              <td style={{ padding: 4, textAlign: 'left' }}>
                <svg
                  style={{ display: 'block' }}
                  width={W}
                  height="18"
                  role="img"
                  aria-label={t('ranking.distribution', {
                    name: r.reviewerName,
                    scores: r.scores.map((s) => s.toFixed(0)).join(', '),
                  })}
                >
                  <line x1="0" x2={W} y1="9" y2="9" stroke="#f0f0f0" />
                  {r.scores.map((s, i) => (
                    <circle key={i} cx={x(s)} cy="9" r="3.5" fill="#1f5fa8" fillOpacity="0.55" />
                  ))}
                  <line x1={x(r.mean)} x2={x(r.mean)} y1="2" y2="16" stroke="#12355b" strokeWidth="2" />
                </svg>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination
        size="small"
        current={page}
        pageSize={CALIBRATION_PAGE}
        total={got.total}
        showSizeChanger={false}
        hideOnSinglePage
        onChange={setPage}
        showTotal={(n) => t('ranking.reviewersTotal', { n })}
      />
    </Space>
  );
}
