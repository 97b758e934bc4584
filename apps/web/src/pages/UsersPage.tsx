import { graphql } from '../gql';
import type { CreateUserInput, Role, UpdateUserInput, UsersQuery } from '../gql/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/format';
import { useSession } from '../lib/session';
import { Loading } from '../components/Loading';

const USERS = graphql(`
  query Users {
    users(limit: 500) {
      id
      email
      name
      roles
      disabled
    }
  }
`);
const CREATE = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
    }
  }
`);
const UPDATE = graphql(`
  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      id
      roles
      disabled
    }
  }
`);
const ROLES: Role[] = ['ADMIN', 'PROGRAM_OFFICER', 'REVIEWER'];
type U = UsersQuery['users'][number];

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const { data, loading, error, refetch } = useQuery(USERS);
  const [create, createState] = useMutation(CREATE);
  const [update] = useMutation(UPDATE);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CreateUserInput>();
  if (loading && !data) return <Loading />;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  const change = async (id: string, input: UpdateUserInput) => {
    try {
      await update({ variables: { id, input } });
      message.success(t('users.saved'));
      void refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('users.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setOpen(true)}>
          {t('users.create')}
        </Button>
      </Space>
      <Table<U>
        rowKey="id"
        size="small"
        dataSource={data?.users ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('login.email'), dataIndex: 'email' },
          { title: t('users.name'), dataIndex: 'name' },
          {
            title: t('users.roles'),
            render: (_, u) => (
              <Select
                mode="multiple"
                size="small"
                style={{ minWidth: 260 }}
                value={u.roles}
                aria-label={t('users.roles')}
                options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                onChange={(roles) => roles.length && void change(u.id, { roles })}
              />
            ),
          },
          {
            title: t('users.disabled'),
            render: (_, u) => (
              <Switch
                checked={u.disabled}
                disabled={u.id === me?.id}
                onChange={(v) => void change(u.id, { disabled: v })}
                aria-label={t('users.disabled')}
              />
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('users.create')}
        confirmLoading={createState.loading}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await create({ variables: { input: v } });
            setOpen(false);
            form.resetFields();
            message.success(t('users.created', { email: v.email }));
            void refetch();
          } catch (e) {
            message.error(errorText(e));
          }
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="email" label={t('login.email')} rules={[{ required: true, type: 'email' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="name" label={t('users.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true }]}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, min: 10 }]}
            extra={t('users.passwordHelp')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
