import { App, Button, Descriptions, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DocumentViewer, type ViewedDocument } from './DocumentViewer';
import { download } from '../lib/download';
import { beijing, errorText, money } from '../lib/format';

/** A progress report as the schema gives it (the fields every reader asks for). */
export interface ReportData {
  status: string;
  summary: string;
  late: boolean;
  submittedAt?: string | null;
  returnNote?: string | null;
  landingRequired: boolean;
  landing?: { partner: string; site: string; milestones: string; requestedAmount?: number | null } | null;
  documents: {
    id: string;
    kind: string;
    filename: string;
    downloadable?: boolean | null;
    watermarked?: boolean | null;
  }[];
  targets: {
    key: string;
    labelZh: string;
    labelEn: string;
    unit?: string | null;
    min?: number | null;
    max?: number | null;
    achieved?: number | null;
    evidence: string;
    share?: number | null;
    met?: boolean | null;
  }[];
}

/** What the call asks of a target, in words: "at least 50 家" / "at most 100". */
export function callNumber(
  t: (k: string, o?: Record<string, unknown>) => string,
  x: { min?: number | null; max?: number | null; unit?: string | null },
  lang: string,
) {
  const n = x.min ?? x.max;
  if (n == null) return '—';
  const s = t(x.min != null ? 'team.atLeast' : 'team.atMost', { n: n.toLocaleString(lang) });
  return x.unit ? `${s} ${x.unit}` : s;
}

/**
 * The team's progress against the call's targets, read-only: per target the call's number, the
 * value reached with a bar of the share, and the evidence; then the summary, the landing plan and
 * the files. Reviewers, panel members, officers and the team itself read it the same way.
 */
export function ReportView({ report, compact = false }: { report: ReportData; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  // reviewers and panel members read stamped copies in the page; the team and officers get the file
  const [viewing, setViewing] = useState<ViewedDocument | null>(null);
  const { message } = App.useApp();
  const zh = i18n.language !== 'en-US';
  return (
    <div data-testid="report-view">
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag color={report.status === 'SUBMITTED' ? 'success' : report.status === 'RETURNED' ? 'warning' : 'default'}>
          {t(`team.statuses.${report.status}`)}
        </Tag>
        {report.late && <Tag color="error">{t('team.late')}</Tag>}
        {report.submittedAt && (
          <Typography.Text type="secondary">{beijing(report.submittedAt, i18n.language)}</Typography.Text>
        )}
      </Space>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('team.targets')}>
        {report.targets.map((x) => {
          const pct = x.share == null ? null : Math.round(x.share * 100);
          return (
            <li key={x.key} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="report-target">
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between' }}>
                <Typography.Text strong>{zh ? x.labelZh : x.labelEn}</Typography.Text>
                <span>
                  {t('team.callNumber')}
                  {zh ? '：' : ': '}
                  {callNumber(t, x, i18n.language)} · {t('team.achieved')}
                  {zh ? '：' : ': '}
                  <strong>{x.achieved == null ? '—' : x.achieved.toLocaleString(i18n.language)}</strong>
                  {x.achieved != null && x.unit ? ` ${x.unit}` : ''}
                  {x.met != null && (
                    <Tag color={x.met ? 'success' : 'error'} style={{ marginLeft: 8 }}>
                      {x.met ? t('team.met') : t('team.notMet')}
                    </Tag>
                  )}
                </span>
              </div>
              {pct != null && (
                <Progress
                  percent={Math.min(100, pct)}
                  // the figure in the text colour: the status colours (green, red) are too light to read (contrast)
                  format={() => <span style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{`${pct}%`}</span>}
                  status={x.met ? 'success' : 'exception'}
                  size="small"
                  aria-label={`${zh ? x.labelZh : x.labelEn} ${pct}%`}
                />
              )}
              {x.evidence && !compact && (
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {t('team.evidence')}
                  {zh ? '：' : ': '}
                  {x.evidence}
                </Typography.Paragraph>
              )}
            </li>
          );
        })}
      </ul>
      {report.summary && (
        <>
          <Typography.Title level={3} style={{ fontSize: 15, marginTop: 12 }}>
            {t('team.summary')}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{report.summary}</Typography.Paragraph>
        </>
      )}
      {report.landingRequired && report.landing && (
        <Descriptions title={t('team.landing')} size="small" column={1} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('team.partner')}>{report.landing.partner}</Descriptions.Item>
          <Descriptions.Item label={t('team.site')}>{report.landing.site}</Descriptions.Item>
          <Descriptions.Item label={t('team.milestones')}>{report.landing.milestones}</Descriptions.Item>
          <Descriptions.Item label={t('team.requestedAmount')}>
            {money(report.landing.requestedAmount ?? null, i18n.language)}
          </Descriptions.Item>
        </Descriptions>
      )}
      {report.documents.length > 0 && (
        <Space wrap style={{ marginTop: 8 }}>
          {report.documents.map((d) => (
            <Button
              key={d.id}
              size="small"
              onClick={() =>
                d.watermarked
                  ? setViewing(d)
                  : void download(`/documents/${d.id}`, d.filename).catch((e: unknown) => message.error(errorText(e)))
              }
            >
              {t(`team.kinds.${d.kind}`, { defaultValue: d.kind })} · {d.filename}
            </Button>
          ))}
        </Space>
      )}
      <DocumentViewer doc={viewing} onClose={() => setViewing(null)} />
    </div>
  );
}
