import { graphql } from '../gql';
import { useMutation } from '@apollo/client/react';
import { App, Button, Input, Modal, Space, Typography } from 'antd';
import { useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../lib/download';
import { errorText } from '../lib/format';
import { SessionContext } from '../lib/session';
import { Panel } from './Panel';

const CLOSE = graphql(`
  mutation CloseMyAccount($password: String!) {
    closeMyAccount(password: $password)
  }
`);

/**
 * The owner's own data: everything the platform holds about the account as a file, and closing
 * the account (password asked again; the server refuses while work is open and says what).
 */
export function AccountPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { signOut } = useContext(SessionContext);
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [close, closing] = useMutation(CLOSE);
  return (
    <Panel title={t('account.title')}>
      <Typography.Paragraph>{t('account.dataWhy')}</Typography.Paragraph>
      <Space wrap>
        <Button
          onClick={() =>
            void download('/account/data.json', 'my-data.json').catch((e: unknown) => message.error(errorText(e)))
          }
        >
          {t('account.download')}
        </Button>
        <Button danger onClick={() => setAsking(true)}>
          {t('account.close')}
        </Button>
      </Space>
      <Modal
        open={asking}
        title={t('account.close')}
        okText={t('account.closeOk')}
        okButtonProps={{ danger: true, disabled: password.length === 0, loading: closing.loading }}
        cancelText={t('common.cancel')}
        onCancel={() => {
          setAsking(false);
          setPassword('');
          setProblem(null);
        }}
        onOk={async () => {
          try {
            await close({ variables: { password } });
            message.success(t('account.closed'));
            signOut();
          } catch (e) {
            setProblem(errorText(e));
          }
        }}
      >
        <Typography.Paragraph>{t('account.closeWhat')}</Typography.Paragraph>
        <label>
          {t('account.password')}
          <Input.Password
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            aria-label={t('account.password')}
          />
        </label>
        {problem && (
          <Typography.Paragraph type="danger" role="alert" style={{ marginTop: 8 }}>
            {problem}
          </Typography.Paragraph>
        )}
      </Modal>
    </Panel>
  );
}
