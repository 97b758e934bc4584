import { Alert, Button, Spin } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

export function Loading() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }} role="status" aria-live="polite">
      <Spin size="large" />
    </div>
  );
}

/** A query that failed: what the server said, and a way to ask again. */
export function LoadError({
  message,
  onRetry,
  style,
}: {
  message?: string;
  onRetry: () => unknown;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={t('common.error')}
      description={message}
      action={<Button onClick={() => void onRetry()}>{t('common.retry')}</Button>}
      style={style}
    />
  );
}
