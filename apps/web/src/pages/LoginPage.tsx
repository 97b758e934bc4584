import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { signIn } from '../lib/auth';
import { errorText } from '../lib/format';
import { BootDone } from './BootDone';
import { LanguageSwitch } from './LanguageSwitch';

export default function LoginPage({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // where to go after signing in (an invitation link sends here): a path of this site only
  const [params] = useSearchParams();
  const next = params.get('next');
  const target = next && /^\/[a-z]/i.test(next) ? next : '/';
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const submit = async (v: { email: string; password: string }) => {
    setError(null);
    setLoading(true);
    try {
      await signIn(v.email.trim(), v.password);
      onSignedIn();
      void navigate(target, { replace: true });
    } catch (e) {
      setError(errorText(e) || t('login.failed'));
    } finally {
      setLoading(false);
    }
  };

  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(160deg,#eef3fb,#f8fafc)',
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 400, maxWidth: '92vw' }}>
        <BootDone />
        <Typography.Title level={1} style={{ marginBottom: 4, fontSize: 24 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>
          {t('app.subtitle')}
        </Typography.Paragraph>
        <Typography.Title level={2} style={{ fontSize: 20 }}>
          {t('login.heading')}
        </Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false} disabled={loading}>
          <Form.Item
            label={t('login.email')}
            name="email"
            normalize={(v: string) => v.trim()}
            rules={[
              { required: true, message: t('login.emailRequired') },
              { type: 'email', message: t('login.emailInvalid') },
            ]}
          >
            <Input autoComplete="username" autoFocus inputMode="email" />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={loading}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph style={{ fontSize: 12, marginTop: 16, marginBottom: 0, color: 'rgba(0,0,0,0.65)' }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
