import { Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A new password typed twice (at least 10 characters), for the first sign-in through an e-mailed link. */
export function SetPasswordForm({
  busy,
  why,
  onSubmit,
}: {
  busy: boolean;
  why: string;
  onSubmit: (v: { password: string }) => void;
}) {
  const { t } = useTranslation();
  return (
    <Form layout="vertical" onFinish={onSubmit} requiredMark={false} disabled={busy}>
      <Typography.Paragraph>{why}</Typography.Paragraph>
      <Form.Item
        label={t('invite.password')}
        name="password"
        extra={t('invite.passwordRule')}
        rules={[
          { required: true, message: t('login.passwordRequired') },
          { min: 10, message: t('invite.passwordRule') },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('invite.passwordAgain')}
        name="again"
        dependencies={['password']}
        rules={[
          { required: true, message: t('invite.passwordAgain') },
          ({ getFieldValue }) => ({
            validator: (_, v) =>
              v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('invite.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block>
        {t('invite.setPassword')}
      </Button>
    </Form>
  );
}
