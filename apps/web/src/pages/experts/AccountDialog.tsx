import { graphql } from '../../gql';
import type { ExpertRow } from './queries';
import { useMutation } from '@apollo/client/react';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/format';

const CREATE_ACCOUNT = graphql(`
  mutation CreateExpertAccount($personId: ID!, $password: String!, $email: String) {
    createExpertAccount(personId: $personId, password: $password, email: $email) {
      id
      email
    }
  }
`);

/** Makes an expert a reviewer account from their record: name and e-mail are not retyped. */
export function AccountDialog({ expert, onClose }: { expert: ExpertRow | null; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ email: string; password: string; confirm: string }>();
  const [create, state] = useMutation(CREATE_ACCOUNT);
  useEffect(() => {
    if (expert) form.setFieldsValue({ email: expert.emails[0], password: '', confirm: '' });
  }, [expert, form]);
  return (
    <Modal
      open={expert !== null}
      title={expert ? t('experts.accountTitle', { name: expert.name }) : ''}
      okText={t('experts.createAccount')}
      cancelText={t('common.cancel')}
      confirmLoading={state.loading}
      onCancel={() => onClose(false)}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          const r = await create({ variables: { personId: expert!.id, password: v.password, email: v.email } });
          message.success(t('experts.accountCreated', { email: r.data!.createExpertAccount.email }));
          onClose(true);
        } catch (e) {
          message.error(errorText(e));
        }
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Typography.Paragraph type="secondary">{t('experts.accountHelp')}</Typography.Paragraph>
        <Form.Item name="email" label={t('login.email')} rules={[{ required: true, message: t('experts.noEmail') }]}>
          <Select options={(expert?.emails ?? []).map((e) => ({ value: e, label: e }))} aria-label={t('login.email')} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('experts.initialPassword')}
          extra={t('users.passwordHelp')}
          rules={[{ required: true, min: 10, message: t('users.passwordHelp') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('experts.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('experts.confirmPassword') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('experts.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
