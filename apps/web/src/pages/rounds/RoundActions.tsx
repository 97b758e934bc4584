import { graphql } from '../../gql';
import { useMutation } from '@apollo/client/react';
import { App, Button, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { beijing, beijingInput, errorText, fromBeijingInput } from '../../lib/format';
import type { Round } from './types';

const CLOSE = graphql(`
  mutation Close($roundId: ID!) {
    closeRound(roundId: $roundId) {
      id
      status
    }
  }
`);
const OPEN = graphql(`
  mutation Open($roundId: ID!) {
    openRound(roundId: $roundId) {
      id
      status
    }
  }
`);
const FINALIZE = graphql(`
  mutation Finalize($roundId: ID!) {
    finalizeRound(roundId: $roundId) {
      id
      status
    }
  }
`);
const EXTEND = graphql(`
  mutation Extend($roundId: ID!, $closesAt: DateTime!, $reason: String!) {
    extendRound(roundId: $roundId, closesAt: $closesAt, reason: $reason) {
      id
      status
      closesAt
      closedAt
    }
  }
`);
/** open, close and finalize: each takes the round's id */
type RoundChange = (options: { variables: { roundId: string } }) => Promise<unknown>;

/**
 * The round's life: open, close, reopen or extend, finalize. Each asks first and says what it
 * will do; the page stays on this round afterwards.
 */
export function RoundActions({ round, onDone }: { round: Round; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const [open] = useMutation(OPEN);
  const [close] = useMutation(CLOSE);
  const [finalize] = useMutation(FINALIZE);
  const [extendOpen, setExtendOpen] = useState(false);
  const run = async (fn: RoundChange, done: string) => {
    try {
      await fn({ variables: { roundId: round.id } });
      message.success(done);
      onDone();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const ask = (title: string, content: string, okText: string, fn: RoundChange, done: string, danger = false) =>
    modal.confirm({
      title,
      content,
      okText,
      okButtonProps: { danger },
      cancelText: t('common.cancel'),
      onOk: () => run(fn, done),
    });
  const at = beijing(round.closesAt, i18n.language);
  return (
    <Space wrap>
      {round.status === 'DRAFT' && (
        <Button
          onClick={() =>
            ask(
              t('rounds.openConfirm'),
              new Date(round.opensAt).getTime() > Date.now()
                ? t('rounds.openLater', { from: beijing(round.opensAt, i18n.language), at })
                : t('rounds.openWhat', { at }),
              t('rounds.open'),
              open,
              t('rounds.opened'),
            )
          }
        >
          {t('rounds.open')}
        </Button>
      )}
      {round.status === 'OPEN' && (
        <Button
          onClick={() =>
            ask(t('rounds.closeConfirm'), t('rounds.closeWhat', { at }), t('rounds.close'), close, t('rounds.closed'))
          }
        >
          {t('rounds.close')}
        </Button>
      )}
      {(round.status === 'OPEN' || round.status === 'CLOSED') && (
        <Button onClick={() => setExtendOpen(true)}>
          {round.status === 'OPEN' ? t('rounds.extend') : t('rounds.reopen')}
        </Button>
      )}
      {round.status === 'CLOSED' && (
        <Button
          danger
          onClick={() =>
            ask(
              t('rounds.finalizeConfirm'),
              t('rounds.finalizeWhat'),
              t('rounds.finalize'),
              finalize,
              t('rounds.finalized'),
              true,
            )
          }
        >
          {t('rounds.finalize')}
        </Button>
      )}
      {extendOpen && (
        <ExtendDialog
          round={round}
          onClose={() => setExtendOpen(false)}
          onDone={() => {
            setExtendOpen(false);
            onDone();
          }}
        />
      )}
    </Space>
  );
}

/** A new deadline in Beijing time with a reason; a CLOSED round opens again until then. */
function ExtendDialog({ round, onClose, onDone }: { round: Round; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [extend, state] = useMutation(EXTEND);
  // the current deadline plus a week, as Beijing wall-clock time for the input
  const initial = beijingInput(new Date(Math.max(Date.now(), new Date(round.closesAt).getTime()) + 7 * 86400000));
  const [when, setWhen] = useState(initial);
  const [reason, setReason] = useState('');
  const closesAt = fromBeijingInput(when);
  const valid = closesAt !== null && closesAt.getTime() > Date.now() && reason.trim().length >= 5;
  return (
    <Modal
      open
      title={round.status === 'OPEN' ? t('rounds.extend') : t('rounds.reopen')}
      okText={round.status === 'OPEN' ? t('rounds.extend') : t('rounds.reopen')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !valid, loading: state.loading }}
      onCancel={onClose}
      onOk={async () => {
        try {
          await extend({ variables: { roundId: round.id, closesAt: closesAt!.toISOString(), reason: reason.trim() } });
          message.success(t('rounds.extended', { at: beijing(closesAt!, i18next.language) }));
          onDone();
        } catch (e) {
          message.error(errorText(e));
        }
      }}
    >
      <Typography.Paragraph>
        {round.status === 'OPEN' ? t('rounds.extendWhat') : t('rounds.reopenWhat')}
      </Typography.Paragraph>
      <label style={{ display: 'block', marginBottom: 12 }}>
        {t('rounds.newDeadline')}
        <Input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} style={{ marginTop: 4 }} />
      </label>
      <label style={{ display: 'block' }}>
        {t('rounds.extendReason')}
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} style={{ marginTop: 4 }} />
      </label>
    </Modal>
  );
}

/** "2026-12-20T16:00" as Beijing wall-clock time (what a datetime-local input shows). */
