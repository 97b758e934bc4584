import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Checkbox, Empty, InputNumber, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading, LoadError } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { graphql } from '../../gql';
import type { MyInvitationsQuery } from '../../gql/graphql';
import { beijing, errorText } from '../../lib/format';
import { DeclineForm } from '../InvitationLinkPage';

export const MY_INVITATIONS = graphql(`
  query MyInvitations {
    myInvitations {
      id
      roundId
      roundNameZh
      roundNameEn
      roundClosesAt
      status
      respondBy
      message
      maxLoad
      reason
      note
      substitutes
      answerLocked
      pledgeSigned
      pledge {
        required
        version
        textZh
        textEn
      }
    }
  }
`);

const RESPOND = graphql(`
  mutation RespondToInvitation(
    $id: ID!
    $accept: Boolean!
    $reason: String
    $maxLoad: Int
    $note: String
    $substitutes: String
  ) {
    respondToInvitation(
      invitationId: $id
      accept: $accept
      reason: $reason
      maxLoad: $maxLoad
      note: $note
      substitutes: $substitutes
    ) {
      id
      status
      maxLoad
      reason
      note
      substitutes
      answerLocked
      pledgeSigned
    }
  }
`);

const SIGN = graphql(`
  mutation SignPledgeFromInvitation($roundId: ID!) {
    signPledge(roundId: $roundId) {
      id
      version
    }
  }
`);

type Inv = MyInvitationsQuery['myInvitations'][number];
const COLOR: Record<string, string> = {
  PENDING: 'processing',
  ACCEPTED: 'success',
  DECLINED: 'default',
  EXPIRED: 'warning',
  WITHDRAWN: 'default',
};

/** 我的评审邀请: answer each invitation (accept, perhaps fewer projects, or decline), then sign the round's pledge. */
export default function MyInvitationsPage() {
  const { t } = useTranslation();
  const { data, loading, error, refetch } = useQuery(MY_INVITATIONS, { fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <Loading />;
  if (error) return <LoadError message={errorText(error)} onRetry={refetch} />;
  const rows = data?.myInvitations ?? [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('invite.mine')}
      </Typography.Title>
      {rows.length === 0 ? (
        <Empty description={t('invite.none')} />
      ) : (
        rows.map((inv) => <InvitationCard key={inv.id} inv={inv} onChanged={() => void refetch()} />)
      )}
    </>
  );
}

function InvitationCard({ inv, onChanged }: { inv: Inv; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { message } = App.useApp();
  const [mode, setMode] = useState<'view' | 'accept' | 'decline'>('view');
  const [fewer, setFewer] = useState(false);
  const [load, setLoad] = useState<number | null>(inv.maxLoad ?? null);
  const [respond, state] = useMutation(RESPOND);
  const [sign, signing] = useMutation(SIGN);
  const [agreed, setAgreed] = useState(false);
  const open =
    inv.status === 'PENDING' || ((inv.status === 'ACCEPTED' || inv.status === 'DECLINED') && !inv.answerLocked);
  const name = zh ? inv.roundNameZh : inv.roundNameEn;
  const colon = zh ? '：' : ': ';

  const answer = async (variables: {
    accept: boolean;
    maxLoad?: number | null;
    reason?: string;
    note?: string | null;
    substitutes?: string | null;
  }) => {
    try {
      await respond({ variables: { id: inv.id, ...variables } });
      message.success(variables.accept ? t('invite.acceptedToast') : t('invite.declinedToast'));
      setMode('view');
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Panel
      title={name}
      extra={
        <Tag color={COLOR[inv.status]} data-testid="my-invitation-status">
          {t(`invite.statuses.${inv.status}`)}
          {inv.status === 'ACCEPTED' && inv.maxLoad ? ` · ${t('invite.atMost', { n: inv.maxLoad })}` : ''}
        </Tag>
      }
    >
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {t('invite.respondBy')}
        {colon}
        {beijing(inv.respondBy, i18n.language)} · {t('invite.reviewsDue')}
        {colon}
        {beijing(inv.roundClosesAt, i18n.language)}
      </Typography.Paragraph>
      {inv.message && <Typography.Paragraph type="secondary">{inv.message}</Typography.Paragraph>}
      {inv.status === 'DECLINED' && inv.reason && (
        <Typography.Paragraph type="secondary">
          {t('invite.reason')}
          {colon}
          {t(`invite.reasons.${inv.reason}`)}
          {inv.note ? ` · ${inv.note}` : ''}
        </Typography.Paragraph>
      )}
      {inv.answerLocked && <Typography.Paragraph type="secondary">{t('invite.locked')}</Typography.Paragraph>}
      {open && mode === 'view' && (
        <Space wrap>
          {inv.status !== 'ACCEPTED' && (
            <Button type="primary" onClick={() => setMode('accept')} style={{ minHeight: 44 }}>
              {t('invite.accept')}
            </Button>
          )}
          {inv.status === 'ACCEPTED' && (
            <Button onClick={() => setMode('accept')} style={{ minHeight: 44 }}>
              {t('invite.changeLoad')}
            </Button>
          )}
          {inv.status !== 'DECLINED' && (
            <Button danger onClick={() => setMode('decline')} style={{ minHeight: 44 }}>
              {t('invite.decline')}
            </Button>
          )}
        </Space>
      )}
      {mode === 'accept' && (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          <Checkbox checked={fewer} onChange={(e) => setFewer(e.target.checked)}>
            {t('invite.fewer')}
          </Checkbox>
          {fewer && (
            <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
              {t('invite.maxLoad')}
              <InputNumber
                min={1}
                max={200}
                precision={0}
                value={load}
                onChange={(v) => setLoad(typeof v === 'number' ? v : null)}
                aria-label={t('invite.maxLoad')}
              />
            </label>
          )}
          <Space wrap>
            <Button
              type="primary"
              loading={state.loading}
              disabled={fewer && !load}
              onClick={() => void answer({ accept: true, maxLoad: fewer ? load : null })}
              style={{ minHeight: 44 }}
            >
              {t('invite.confirmAccept')}
            </Button>
            <Button onClick={() => setMode('view')}>{t('common.cancel')}</Button>
          </Space>
        </div>
      )}
      {mode === 'decline' && (
        <DeclineForm
          busy={state.loading}
          onCancel={() => setMode('view')}
          onSubmit={(v) =>
            void answer({ accept: false, reason: v.reason, note: v.note || null, substitutes: v.substitutes || null })
          }
        />
      )}
      {inv.status === 'ACCEPTED' && !inv.pledgeSigned && (
        <div style={{ marginTop: 16, borderTop: '1px solid #f0f0f0', paddingTop: 12 }} data-testid="invitation-pledge">
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('pledge.title', { round: name })}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('pledge.why')}</Typography.Paragraph>
          <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8, marginBottom: 12 }}>
            {zh ? inv.pledge.textZh : inv.pledge.textEn}
          </div>
          <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)}>
            {t('pledge.agree')}
          </Checkbox>
          <div style={{ marginTop: 12 }}>
            <Button
              type="primary"
              disabled={!agreed}
              loading={signing.loading}
              style={{ minHeight: 44 }}
              onClick={async () => {
                try {
                  await sign({ variables: { roundId: inv.roundId } });
                  message.success(t('pledge.signed'));
                  onChanged();
                } catch (e) {
                  message.error(errorText(e));
                }
              }}
            >
              {t('invite.signPledge')}
            </Button>
          </div>
        </div>
      )}
      {inv.status === 'ACCEPTED' && inv.pledgeSigned && (
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
          {t('invite.ready')}{' '}
          <Link to="/reviews" style={{ textDecoration: 'underline' }}>
            {t('invite.toAssignments')}
          </Link>
        </Typography.Paragraph>
      )}
    </Panel>
  );
}
