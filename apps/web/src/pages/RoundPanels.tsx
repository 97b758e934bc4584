import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { beijing, errorText, inLang, projectTitle } from '../lib/format';
import { Loading } from './Loading';

/**
 * The officer's charts and views of a round that are not plain tables: methods side by side,
 * reviewers' score distributions against their calibrated bias, the conflicts matrix, coverage and
 * load charts, and the outbox. Plain SVG (no chart library): each chart has a text alternative.
 */

const COMPARE = gql`
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
`;

interface Short {
  rank: number;
  value: number;
  project: { id: string; externalId?: string; title?: string; titleEn?: string };
}

/** Ranks under the three methods for every project; a spread of 3 places or more is flagged. */
export function MethodsComparison({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const { data, loading, error } = useQuery<{
    mean: Short[];
    zscore: Short[];
    calibrated: (Short & { ciLow: number; ciHigh: number; flags: string[] })[];
  }>(COMPARE, { variables: { roundId } });
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

const CALIBRATION = gql`
  query Calibration($roundId: ID!) {
    reviewerCalibration(roundId: $roundId) {
      reviewerId
      reviewerName
      n
      mean
      sd
      scores
      bias
    }
  }
`;

interface Calibration {
  reviewerId: string;
  reviewerName: string;
  n: number;
  mean: number;
  sd: number;
  scores: number[];
  bias: number | null;
}

/**
 * One row per reviewer: their submitted totals as dots on 0–100, the mean as a bar, and the bias
 * the calibrated ranking removes; generous reviewers first.
 */
export function CalibrationPanel({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const { data, loading, error } = useQuery<{ reviewerCalibration: Calibration[] }>(CALIBRATION, {
    variables: { roundId },
  });
  if (loading && !data) return <Loading />;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  const rows = data?.reviewerCalibration ?? [];
  if (rows.length === 0) return <Empty description={t('ranking.none')} />;
  const lo = Math.max(0, Math.floor(Math.min(...rows.flatMap((r) => r.scores)) / 10) * 10 - 10);
  const hi = Math.min(100, Math.ceil(Math.max(...rows.flatMap((r) => r.scores)) / 10) * 10 + 10);
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
    </Space>
  );
}

export interface ConflictRow {
  id: string;
  rule: string;
  evidence: string;
  evidenceZh: string;
  source: string;
  overridden: boolean;
  projectId: string;
  reviewerId: string;
  project: { externalId: string; title: string };
  reviewer: { name: string };
}

/**
 * Projects × reviewers: a cell for each pair with a conflict (its rules counted; green when
 * overridden). Cells are buttons: Tab moves through them, Enter shows the evidence.
 */
export function ConflictMatrix({
  conflicts,
  onOverride,
}: {
  conflicts: ConflictRow[];
  onOverride: (pair: { projectId: string; reviewerId: string }) => void;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<{ projectId: string; reviewerId: string } | null>(null);
  const projects = [...new Map(conflicts.map((c) => [c.projectId, c.project])).entries()].sort((a, b) =>
    a[1].externalId.localeCompare(b[1].externalId),
  );
  const reviewers = [...new Map(conflicts.map((c) => [c.reviewerId, c.reviewer])).entries()].sort((a, b) =>
    a[1].name.localeCompare(b[1].name),
  );
  const byPair = new Map<string, ConflictRow[]>();
  for (const c of conflicts) {
    const k = `${c.projectId}|${c.reviewerId}`;
    (byPair.get(k) ?? byPair.set(k, []).get(k)!).push(c);
  }
  if (conflicts.length === 0) return <Empty description={t('conflicts.none')} />;
  const sel = selected ? (byPair.get(`${selected.projectId}|${selected.reviewerId}`) ?? []) : [];
  return (
    <Space align="start" wrap style={{ width: '100%' }}>
      <div style={{ overflow: 'auto', maxWidth: '100%', maxHeight: 560 }}>
        <table style={{ borderCollapse: 'collapse', fontSize: 12 }} aria-label={t('conflicts.matrix')}>
          <thead>
            <tr>
              <th style={{ position: 'sticky', left: 0, top: 0, background: '#fff', zIndex: 2 }} />
              {reviewers.map(([id, r]) => (
                <th
                  key={id}
                  scope="col"
                  style={{
                    position: 'sticky',
                    top: 0,
                    background: '#fafafa',
                    writingMode: 'vertical-rl',
                    padding: '6px 2px',
                    fontWeight: 500,
                  }}
                >
                  {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {projects.map(([pid, p]) => (
              <tr key={pid}>
                <th
                  scope="row"
                  style={{
                    position: 'sticky',
                    left: 0,
                    background: '#fafafa',
                    textAlign: 'left',
                    padding: '2px 6px',
                    whiteSpace: 'nowrap',
                    fontWeight: 500,
                  }}
                  title={p.title}
                >
                  {p.externalId}
                </th>
                {reviewers.map(([rid, r]) => {
                  const cs = byPair.get(`${pid}|${rid}`);
                  if (!cs) return <td key={rid} style={{ border: '1px solid #f5f5f5', width: 22, height: 22 }} />;
                  const overridden = cs.every((c) => c.overridden);
                  const isSel = selected?.projectId === pid && selected.reviewerId === rid;
                  return (
                    <td key={rid} style={{ border: '1px solid #f5f5f5', padding: 0 }}>
                      <Tooltip title={cs.map((c) => t(`rule.${c.rule}`, { defaultValue: c.rule })).join('、')}>
                        <button
                          type="button"
                          onClick={() => setSelected({ projectId: pid, reviewerId: rid })}
                          // the name starts with what the cell shows (the number of reasons), then says what they are
                          aria-label={`${cs.length} · ${p.externalId} × ${r.name}: ${cs.map((c) => t(`rule.${c.rule}`, { defaultValue: c.rule })).join(', ')}`}
                          aria-pressed={isSel}
                          style={{
                            width: 22,
                            height: 22,
                            border: isSel ? '2px solid #12355b' : 'none',
                            cursor: 'pointer',
                            color: '#fff',
                            fontSize: 11,
                            // white text at ≥ 4.5:1 on each colour
                            background: overridden
                              ? '#237804'
                              : cs.some((c) => c.source === 'DECLARED')
                                ? '#531dab'
                                : '#cf1322',
                          }}
                        >
                          {cs.length}
                        </button>
                      </Tooltip>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Card size="small" style={{ width: 360 }} title={t('conflicts.evidence')}>
        {sel.length === 0 ? (
          <Typography.Text type="secondary">{t('conflicts.pick')}</Typography.Text>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>
              {sel[0].project.externalId} × {sel[0].reviewer.name}
            </Typography.Text>
            {sel.map((c) => (
              <div key={c.id}>
                <Tag color={c.overridden ? 'green' : 'red'}>{t(`rule.${c.rule}`, { defaultValue: c.rule })}</Tag>
                <Typography.Paragraph style={{ marginBottom: 4 }}>
                  {inLang(i18next.language, c.evidenceZh, c.evidence)}
                </Typography.Paragraph>
              </div>
            ))}
            {!sel.every((c) => c.overridden) && !sel.some((c) => c.source === 'DECLARED') && (
              <Button onClick={() => onOverride(selected!)}>{t('conflicts.override')}</Button>
            )}
          </Space>
        )}
        <Space size={4} wrap style={{ marginTop: 12 }}>
          <Tag color="#cf1322">{t('conflicts.detected')}</Tag>
          <Tag color="#531dab">{t('conflicts.declared')}</Tag>
          <Tag color="#237804">{t('conflicts.overridden')}</Tag>
        </Space>
      </Card>
    </Space>
  );
}

/** Horizontal bars with a text alternative; `limit` draws a dashed line (e.g. the load ceiling). */
export function BarChart({
  title,
  bars,
  limit,
}: {
  title: string;
  bars: { label: string; value: number; color?: string }[];
  limit?: number;
}) {
  const max = Math.max(1, limit ?? 0, ...bars.map((b) => b.value));
  const W = 260;
  const H = 18;
  return (
    <figure style={{ margin: 0 }}>
      <figcaption style={{ fontWeight: 600, marginBottom: 6 }}>{title}</figcaption>
      <svg
        width={W + 170}
        height={bars.length * (H + 4) + 4}
        role="img"
        aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.value}`).join('; ')}`}
      >
        {bars.map((b, i) => (
          <g key={b.label + i} transform={`translate(0 ${i * (H + 4)})`}>
            <text x="0" y={H - 5} fontSize="12" fill="#333">
              {b.label.length > 14 ? b.label.slice(0, 13) + '…' : b.label}
            </text>
            <rect x="120" y="2" width={(W * b.value) / max} height={H - 4} fill={b.color ?? '#1f5fa8'} rx="2" />
            <text x={124 + (W * b.value) / max} y={H - 5} fontSize="11" fill="#555">
              {b.value}
            </text>
          </g>
        ))}
        {limit !== undefined && (
          <line
            x1={120 + (W * limit) / max}
            x2={120 + (W * limit) / max}
            y1="0"
            y2={bars.length * (H + 4)}
            stroke="#f5222d"
            strokeDasharray="4 3"
          />
        )}
      </svg>
    </figure>
  );
}

/** Per discipline: how many projects have a designated reviewer; and the histogram of loads. */
export function AssignmentCharts({
  coverage,
  loads,
}: {
  coverage: { reviewers: number; covers: string[] }[];
  loads: { reviewerName: string; load: number; maxLoad: number }[];
}) {
  const { t } = useTranslation();
  const disciplines = ['MATH', 'MEDICINE', 'IT'];
  const covered = disciplines.map((d) => ({
    label: t(`discipline.${d}`),
    value: coverage.filter((c) => c.covers.includes(d)).length,
    color: coverage.every((c) => c.covers.includes(d)) ? '#52c41a' : '#fa8c16',
  }));
  const hist = new Map<number, number>();
  for (const l of loads) hist.set(l.load, (hist.get(l.load) ?? 0) + 1);
  const maxLoad = Math.max(0, ...loads.map((l) => l.maxLoad));
  const histBars = Array.from({ length: maxLoad + 1 }, (_, k) => ({
    label: t('assign.loadBucket', { n: k }),
    value: hist.get(k) ?? 0,
  }));
  return (
    <Space align="start" size="large" wrap>
      <BarChart title={t('assign.coverageChart', { n: coverage.length })} bars={covered} limit={coverage.length} />
      <BarChart title={t('assign.loadChart')} bars={histBars} />
    </Space>
  );
}

const OUTBOX = gql`
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
`;

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
  const { data, loading, refetch } = useQuery<{
    outbox: {
      id: string;
      toAddress: string;
      subject: string;
      createdAt: string;
      sentAt: string | null;
      status: string;
      attempts: number;
      error: string | null;
    }[];
  }>(OUTBOX, { variables: { roundId }, fetchPolicy: 'cache-and-network' });
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
