import { Alert, Button, Descriptions, Form, Input, Radio, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { tokens } from '../lib/auth';
import { beijing, errorText } from '../lib/format';
import { publicGql } from '../lib/publicGql';
import { LinkPageFrame } from '../components/LinkPageFrame';
import { SetPasswordForm } from '../components/SetPasswordForm';

interface LinkView {
  invitationId: string;
  status: 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'WITHDRAWN';
  roundNameZh: string;
  roundNameEn: string;
  roundClosesAt: string;
  respondBy: string;
  expertName: string;
  email: string;
  message: string | null;
  hasAccount: boolean;
}
const FIELDS =
  'invitationId status roundNameZh roundNameEn roundClosesAt respondBy expertName email message hasAccount';
export const DECLINE_REASONS = ['NO_TIME', 'OUTSIDE_EXPERTISE', 'CONFLICT', 'OTHER'] as const;

/**
 * Where an invitation e-mail's link leads, signed out: what the invitation is, then either
 * setting a password (a new expert: the account is made and signed in, once) or signing in to
 * answer; declining needs no account at all.
 */
export default function InvitationLinkPage({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [view, setView] = useState<LinkView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [declining, setDeclining] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const d = await publicGql<{ invitationByLink: LinkView }>(
        `query InvitationByLink($t:String!){ invitationByLink(token:$t){ ${FIELDS} } }`,
        { t: token },
      );
      setView(d.invitationByLink);
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
      const d = await publicGql<{ setPasswordByInvitation: { accessToken: string; refreshToken: string } }>(
        'mutation SetPasswordByInvitation($t:String!,$p:String!){ setPasswordByInvitation(token:$t, password:$p){ accessToken refreshToken } }',
        { t: token, p: v.password },
      );
      tokens.set(d.setPasswordByInvitation);
      onSignedIn();
      void navigate('/invitations', { replace: true });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const decline = async (v: { reason: string; note?: string; substitutes?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await publicGql(
        'mutation DeclineInvitationByLink($t:String!,$a:InvitationAnswerInput!){ declineInvitationByLink(token:$t, answer:$a){ status } }',
        { t: token, a: { reason: v.reason, note: v.note || null, substitutes: v.substitutes || null } },
      );
      setDone(t('invite.declinedThanks'));
      setDeclining(false);
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const signedIn = tokens.get() !== null;
  return (
    <LinkPageFrame title={t('invite.heading')}>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
      {done && <Alert type="success" showIcon title={done} role="status" style={{ marginBottom: 16 }} />}
      {!view && !error && <Spin />}
      {view && (
        <>
          <Descriptions column={1} size="small" layout="vertical" style={{ marginBottom: 16, wordBreak: 'break-word' }}>
            <Descriptions.Item label={t('invite.expert')}>
              {view.expertName} ({view.email})
            </Descriptions.Item>
            <Descriptions.Item label={t('invite.round')}>{zh ? view.roundNameZh : view.roundNameEn}</Descriptions.Item>
            <Descriptions.Item label={t('invite.reviewsDue')}>
              {beijing(view.roundClosesAt, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('invite.respondBy')}>
              {beijing(view.respondBy, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('invite.status')}>
              <span data-testid="invitation-status">{t(`invite.statuses.${view.status}`)}</span>
            </Descriptions.Item>
            {view.message && <Descriptions.Item label={t('invite.message')}>{view.message}</Descriptions.Item>}
          </Descriptions>
          {view.hasAccount ? (
            <Typography.Paragraph>
              {signedIn ? (
                <Link to="/invitations">{t('invite.openMine')}</Link>
              ) : (
                <>
                  {t('invite.signInToAnswer')}{' '}
                  <Link to={`/login?next=${encodeURIComponent('/invitations')}`}>{t('login.submit')}</Link>
                </>
              )}
            </Typography.Paragraph>
          ) : (
            <SetPasswordForm busy={busy} why={t('invite.setPasswordWhy')} onSubmit={setPassword} />
          )}
          {(view.status === 'PENDING' || view.status === 'ACCEPTED') && !view.hasAccount && (
            <div style={{ marginTop: 16 }}>
              {!declining ? (
                <Button type="link" onClick={() => setDeclining(true)} style={{ padding: 0 }}>
                  {t('invite.declineWithout')}
                </Button>
              ) : (
                <DeclineForm busy={busy} onSubmit={decline} onCancel={() => setDeclining(false)} />
              )}
            </div>
          )}
        </>
      )}
    </LinkPageFrame>
  );
}

/** Decline with a reason (OTHER needs a few words) and, if the expert likes, who could review instead. */
export function DeclineForm({
  busy,
  onSubmit,
  onCancel,
}: {
  busy: boolean;
  onSubmit: (v: { reason: string; note?: string; substitutes?: string }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string; note?: string; substitutes?: string }>();
  const reason = Form.useWatch('reason', form);
  return (
    <Form form={form} layout="vertical" onFinish={onSubmit} disabled={busy} requiredMark={false}>
      <Form.Item
        label={t('invite.reason')}
        name="reason"
        rules={[{ required: true, message: t('invite.reasonRequired') }]}
      >
        <Radio.Group>
          {DECLINE_REASONS.map((r) => (
            <Radio key={r} value={r} style={{ display: 'flex', minHeight: 32 }}>
              {t(`invite.reasons.${r}`)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item
        label={t('invite.note')}
        name="note"
        rules={[{ required: reason === 'OTHER', message: t('invite.noteRequired') }, { max: 2000 }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item
        label={t('invite.substitutes')}
        name="substitutes"
        extra={t('invite.substitutesHelp')}
        rules={[{ max: 2000 }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Button danger htmlType="submit" loading={busy}>
          {t('invite.confirmDecline')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
}
