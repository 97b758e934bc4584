import { Alert, Descriptions, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { LinkPageFrame } from '../../components/LinkPageFrame';
import { SetPasswordForm } from '../../components/SetPasswordForm';
import { tokens } from '../../lib/auth';
import { errorText } from '../../lib/format';
import { publicGql } from '../../lib/publicGql';

interface LinkView {
  externalId: string;
  titleZh: string;
  titleEn: string;
  name: string;
  email: string;
  role: 'PI' | 'CO_PI';
  hasAccount: boolean;
  used: boolean;
}

/**
 * Where a project lead's e-mailed link leads: the project, then a password to set (once; the PI
 * account is made and signed in) or, for a lead who has an account, the way to sign in.
 */
export default function TeamLinkPage({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [view, setView] = useState<LinkView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const d = await publicGql<{ teamInvitationByLink: LinkView }>(
        'query TeamInvitationByLink($t:String!){ teamInvitationByLink(token:$t){ externalId titleZh titleEn name email role hasAccount used } }',
        { t: token },
      );
      setView(d.teamInvitationByLink);
    } catch (e) {
      setError(errorText(e));
    }
  }, [token]);
  useEffect(() => {
    void load();
  }, [load]);

  const setPassword = async (v: { password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const d = await publicGql<{ setPasswordByTeamLink: { accessToken: string; refreshToken: string } }>(
        'mutation SetPasswordByTeamLink($t:String!,$p:String!){ setPasswordByTeamLink(token:$t, password:$p){ accessToken refreshToken } }',
        { t: token, p: v.password },
      );
      tokens.set(d.setPasswordByTeamLink);
      onSignedIn();
      void navigate('/projects', { replace: true });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <LinkPageFrame title={t('team.heading')}>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
      {!view && !error && <Spin />}
      {view && (
        <>
          <Descriptions column={1} size="small" layout="vertical" style={{ marginBottom: 16, wordBreak: 'break-word' }}>
            <Descriptions.Item label={t('team.lead')}>
              {view.name} ({view.email}) · {t(`team.roles.${view.role}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('team.project')}>
              {view.externalId} · {zh ? view.titleZh : view.titleEn}
            </Descriptions.Item>
          </Descriptions>
          {view.hasAccount || view.used ? (
            <Typography.Paragraph>
              {view.used ? t('team.used') : t('team.hasAccount')}{' '}
              <Link to={`/login?next=${encodeURIComponent('/projects')}`}>{t('login.submit')}</Link>
            </Typography.Paragraph>
          ) : (
            <SetPasswordForm busy={busy} why={t('team.setPasswordWhy')} onSubmit={setPassword} />
          )}
        </>
      )}
    </LinkPageFrame>
  );
}
