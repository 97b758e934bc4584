import { graphql } from '../gql';
import { useMutation } from '@apollo/client/react';
import { App, Button, Progress, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, inLang } from '../lib/format';

const CANCEL_RUN = graphql(`
  mutation CancelRun($id: ID!) {
    cancelRun(id: $id) {
      id
      status
    }
  }
`);

/** A tracked run as its watchers poll it (detection, imports): status, per cent, stage, result. */
export const TRACKED_RUN = graphql(`
  query TrackedRun($id: ID!) {
    run(id: $id) {
      id
      status
      progress
      message
      result
    }
  }
`);

/** The server's stage text ("English / 中文") in the reader's language. */
export const stageText = (message: string | null | undefined, lang: string) => {
  if (!message) return '';
  const [en, zh] = message.split(' / ');
  return zh === undefined ? message : inLang(lang, zh, en);
};

/**
 * A background run while it is queued or running: its per cent and stage, and a button that
 * cancels it (after asking; the work stops at its next stage and keeps nothing it was writing).
 */
export function RunProgress({
  run,
  label,
  onCancelled,
}: {
  run: { id: string; status: string; progress: number; message?: string | null };
  label: string;
  onCancelled: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const [cancel, cancelling] = useMutation(CANCEL_RUN);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="run-progress">
      <Progress percent={run.progress} status="active" aria-label={label} />
      <Space wrap>
        <Typography.Text aria-live="polite">
          {run.status === 'QUEUED' ? t('run.queued') : stageText(run.message, i18n.language)}
        </Typography.Text>
        <Button
          size="small"
          loading={cancelling.loading}
          onClick={() =>
            modal.confirm({
              title: t('run.cancelTitle'),
              content: t('run.cancelWhat'),
              okText: t('run.cancel'),
              cancelText: t('run.keep'),
              onOk: async () => {
                try {
                  await cancel({ variables: { id: run.id } });
                  message.info(t('run.cancelled'));
                  onCancelled();
                } catch (e) {
                  message.error(errorText(e));
                }
              },
            })
          }
        >
          {t('run.cancel')}
        </Button>
      </Space>
    </Space>
  );
}
