import { Space } from 'antd';
import { useTranslation } from 'react-i18next';

/** Coverage and load charts of an assignment preview: plain SVG (no chart library), each with a text alternative. */
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
  projects,
  disciplines,
  loads,
}: {
  /** projects in the proposal */
  projects: number;
  /** for each discipline, the projects whose panel has it (the server counts them) */
  disciplines: { discipline: string; projects: number }[];
  /** reviewers by load, every bucket from 0 */
  loads: { load: number; reviewers: number }[];
}) {
  const { t } = useTranslation();
  const covered = disciplines.map((d) => ({
    label: t(`discipline.${d.discipline}`),
    value: d.projects,
    color: d.projects === projects ? '#52c41a' : '#fa8c16',
  }));
  const histBars = loads.map((b) => ({ label: t('assign.loadBucket', { n: b.load }), value: b.reviewers }));
  return (
    <Space align="start" size="large" wrap>
      <BarChart title={t('assign.coverageChart', { n: projects })} bars={covered} limit={projects} />
      <BarChart title={t('assign.loadChart')} bars={histBars} />
    </Space>
  );
}
