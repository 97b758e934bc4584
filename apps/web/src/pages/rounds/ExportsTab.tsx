import { App, Button, Space, Typography } from 'antd';
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
  const item = (label: string, file: string) => (
    <Button
      key={file}
      onClick={() =>
        void download(`${base}/${file}${file.includes('?') ? '&' : '?'}lang=${lang}`, file.split('?')[0]).catch(
          (e: Error) => {
            message.error(errorText(e));
          },
        )
      }
    >
      {label}
    </Button>
  );
  return (
    <Space direction="vertical">
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
