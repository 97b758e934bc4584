import { App, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../../lib/download';
import { errorText } from '../../lib/format';
import type { Round } from './types';

export function ExportsTab({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const base = `/exports/rounds/${round.id}`;
  // files in the reader's language
  const lang = i18n.language === 'en-US' ? 'en' : 'zh';
  // a big round's export takes a while: what has arrived so far, and a way to stop it
  const [active, setActive] = useState<{ file: string; received: number; stop: AbortController } | null>(null);
  const start = async (file: string) => {
    const stop = new AbortController();
    setActive({ file, received: 0, stop });
    try {
      await download(`${base}/${file}${file.includes('?') ? '&' : '?'}lang=${lang}`, file.split('?')[0], {
        signal: stop.signal,
        onProgress: (received) => setActive((a) => (a && a.stop === stop ? { ...a, received } : a)),
      });
    } catch (e) {
      if (stop.signal.aborted) message.info(t('run.cancelled'));
      else message.error(errorText(e));
    } finally {
      setActive((a) => (a?.stop === stop ? null : a));
    }
  };
  const item = (label: string, file: string) => (
    <Button key={file} disabled={active !== null} loading={active?.file === file} onClick={() => void start(file)}>
      {label}
    </Button>
  );
  return (
    <Space direction="vertical">
      {active && (
        <Space wrap data-testid="export-progress">
          <Typography.Text aria-live="polite">
            {t('exports.receiving', { file: active.file.split('?')[0], mb: (active.received / 1048576).toFixed(1) })}
          </Typography.Text>
          <Button size="small" onClick={() => active.stop.abort()}>
            {t('run.cancel')}
          </Button>
        </Space>
      )}
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('exports.summaries')}
      </Typography.Title>
      <Space wrap>
        {item('CSV', 'reviewer-summaries.csv')}
        {item('Excel (XLSX)', 'reviewer-summaries.xlsx')}
        {item('PDF', 'reviewer-summaries.pdf')}
        {item(t('exports.withConfidential'), 'reviewer-summaries.pdf?confidential=true')}
      </Space>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('exports.other')}
      </Typography.Title>
      <Space wrap>
        {item(t('rounds.ranking') + ' XLSX', 'ranking.xlsx')}
        {item(t('rounds.decisions') + ' XLSX', 'decisions.xlsx')}
        {item(t('exports.workload') + ' XLSX', 'workload.xlsx')}
        {item(t('rounds.conflicts') + ' XLSX', 'conflicts.xlsx')}
        {item(t('exports.pledges') + ' XLSX', 'pledges.xlsx')}
        {item(t('exports.minutes') + ' XLSX', 'panel-minutes.xlsx')}
        {item(t('rounds.access') + ' XLSX', 'document-access.xlsx')}
        {item(t('panel.minutesPdf'), 'panel-minutes.pdf')}
      </Space>
    </Space>
  );
}
