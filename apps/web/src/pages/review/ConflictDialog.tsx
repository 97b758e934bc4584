import { Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FormValues } from './draftSync';

/**
 * Two versions of one review (this page's and the one saved from another tab or device), field by
 * field where they differ; the reviewer keeps one. Nothing is saved until they choose.
 */
export function ConflictDialog({
  open,
  mine,
  server,
  serverVersion,
  labels,
  show,
  onKeepMine,
  onTakeServer,
}: {
  open: boolean;
  mine: FormValues;
  server: FormValues;
  serverVersion: number;
  labels: Record<string, string>;
  show: (field: string, value: string) => string;
  onKeepMine: () => void;
  onTakeServer: () => void;
}) {
  const { t } = useTranslation();
  const fields = Object.keys(labels).filter((k) => (mine[k] ?? '') !== (server[k] ?? ''));
  const cell = { padding: '6px 8px', borderBottom: '1px solid #f0f0f0', verticalAlign: 'top' as const };
  return (
    <Modal
      open={open}
      title={t('review.conflictTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      width={720}
      footer={[
        <Button key="server" onClick={onTakeServer}>
          {t('review.takeServer')}
        </Button>,
        <Button key="mine" type="primary" onClick={onKeepMine}>
          {t('review.keepMine')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{t('review.conflictHelp')}</Typography.Paragraph>
      <div style={{ overflowX: 'auto' }}>
        <table style={{ width: '100%', borderCollapse: 'collapse' }} data-testid="conflict-versions">
          <thead>
            <tr>
              <th style={{ ...cell, textAlign: 'left' }}>{t('review.conflictField')}</th>
              <th style={{ ...cell, textAlign: 'left' }}>{t('review.conflictMine')}</th>
              <th style={{ ...cell, textAlign: 'left' }}>{t('review.conflictServer', { version: serverVersion })}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((k) => (
              <tr key={k}>
                <th scope="row" style={{ ...cell, textAlign: 'left', fontWeight: 500 }}>
                  {labels[k]}
                </th>
                <td style={{ ...cell, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{show(k, mine[k] ?? '')}</td>
                <td style={{ ...cell, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {show(k, server[k] ?? '')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Modal>
  );
}
