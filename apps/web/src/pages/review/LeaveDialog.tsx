import { Alert, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Choice, TextArea } from '../fields';

export type LeaveKind = 'declare' | 'decline';
const DECLINE_REASONS = ['NO_TIME', 'OUTSIDE_EXPERTISE', 'OTHER'] as const;

/**
 * Leaving an assignment, with a reason: declaring a conflict of interest, or declining the project
 * (no time, outside one's expertise, other). Either way the assignment is withdrawn and another
 * reviewer seated; a draft is discarded (said before). `reason` is what the server records.
 */
export function LeaveDialog({
  kind,
  hasDraft,
  busy,
  onCancel,
  onConfirm,
}: {
  kind: LeaveKind | null;
  hasDraft: boolean;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<string | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    setChoice(null);
    setText('');
  }, [kind]);
  const needsText = kind === 'declare' || choice === 'OTHER';
  const ready = kind === 'declare' ? text.trim().length >= 2 : !!choice && (!needsText || text.trim().length >= 2);
  const reason =
    kind === 'decline' && choice
      ? [t(`review.declineReason_${choice}`), text.trim()].filter(Boolean).join('：')
      : text.trim();
  return (
    <Modal
      open={kind !== null}
      title={kind === 'decline' ? t('review.decline') : t('review.declare')}
      okText={kind === 'decline' ? t('review.declineOk') : t('review.declareOk')}
      okButtonProps={{ danger: true, disabled: !ready, loading: busy }}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => onConfirm(reason)}
    >
      <Typography.Paragraph>
        {kind === 'decline' ? t('review.declineHelp') : t('review.declareHelp')}
      </Typography.Paragraph>
      {hasDraft && <Alert type="warning" showIcon title={t('review.declareDiscard')} style={{ marginBottom: 12 }} />}
      {kind === 'decline' && (
        <div style={{ marginBottom: 12 }}>
          <Choice
            name="decline-reason"
            label={t('review.declineWhy')}
            value={choice}
            disabled={false}
            onChange={setChoice}
            options={DECLINE_REASONS.map((r) => ({ value: r, label: t(`review.declineReason_${r}`) }))}
          />
        </div>
      )}
      <TextArea
        rows={3}
        value={text}
        onChange={setText}
        ariaLabel={kind === 'decline' ? t('review.declineNote') : t('review.declareReason')}
      />
    </Modal>
  );
}
