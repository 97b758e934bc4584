import { graphql } from '../gql';
import type { CreateUserInput, Role, UpdateUserInput, UserPageQuery } from '../gql/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/format';
import { useSession } from '../lib/session';
import { Loading } from '../components/Loading';
import { CursorPager, useCursors } from '../components/CursorPager';

const USERS = graphql(`
  query UserPage($first: Int!, $after: String, $search: String, $role: Role) {
    userPage(first: $first, after: $after, search: $search, role: $role) {
      total
      hasMore
      endCursor
      items {
        id
        email
        name
        roles
        disabled
      }
    }
  }
`);
/** Accounts a page: the server reads 50 at a time in e-mail order, however many there are. */
const PAGE_SIZE = 50;
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
type U = UserPageQuery['userPage']['items'][number];

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const cursors = useCursors();
  const { data, previousData, loading, error, refetch } = useQuery(USERS, {
    variables: { first: PAGE_SIZE, after: cursors.after, search: search.trim() || null, role },
  });
  // the page on screen stays while the next one loads
  const list = (data ?? previousData)?.userPage;
  /** a filter changed: back to the first page */
  const narrow = (f: () => void) => {
    f();
    cursors.reset();
  };
  const [create, createState] = useMutation(CREATE);
  const [update] = useMutation(UPDATE);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CreateUserInput>();
  if (loading && !list) return <Loading />;
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
      <Space wrap>
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('users.search')}
          aria-label={t('users.search')}
          defaultValue={search}
          onSearch={(v) => narrow(() => setSearch(v))}
        />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('users.allRoles')}
          aria-label={t('users.roles')}
          value={role ?? undefined}
          onChange={(v) => narrow(() => setRole(v ?? null))}
          options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
      </Space>
      <Table<U>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={list?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: search || role ? t('users.noneMatch') : undefined }}
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
      <CursorPager cursors={cursors} list={list} pageSize={PAGE_SIZE} loading={loading} />
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
