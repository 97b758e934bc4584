import { graphql } from '../../gql';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Input, Space, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { beijing, errorText } from '../../lib/format';
import { CursorPager, useCursors } from '../../components/CursorPager';

const PLEDGE = graphql(`
  query RoundPledge($id: ID!) {
    reviewRound(id: $id) {
      id
      status
      pledge {
        required
        version
        textZh
        textEn
      }
    }
  }
`);
const SIGNATURES = graphql(`
  query PledgeSignatures($id: ID!, $first: Int!, $after: String) {
    pledgePage(roundId: $id, first: $first, after: $after) {
      total
      hasMore
      endCursor
      items {
        id
        userName
        userEmail
        version
        signedAt
      }
    }
  }
`);
/** Signatures a page: the server reads 20 at a time, in the order they came. */
const SIGNATURES_PAGE = 20;
const SET = graphql(`
  mutation SetRoundPledge($roundId: ID!, $required: Boolean!, $textZh: String!, $textEn: String!) {
    setRoundPledge(roundId: $roundId, required: $required, textZh: $textZh, textEn: $textEn) {
      id
      pledge {
        required
        version
        textZh
        textEn
      }
    }
  }
`);

/** 承诺书 of a round: required or not, its text in both languages (a change is a new version), and who signed. */
export function PledgeEditor({ roundId }: { roundId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data, refetch } = useQuery(PLEDGE, { variables: { id: roundId } });
  const cursors = useCursors();
  const signatures = useQuery(SIGNATURES, {
    variables: { id: roundId, first: SIGNATURES_PAGE, after: cursors.after },
  });
  // the page on screen stays while the next one loads
  const signed = (signatures.data ?? signatures.previousData)?.pledgePage;
  const [save, saving] = useMutation(SET);
  const p = data?.reviewRound.pledge;
  const [form, setForm] = useState({ required: true, textZh: '', textEn: '' });
  useEffect(() => {
    if (p) setForm({ required: p.required, textZh: p.textZh, textEn: p.textEn });
  }, [p]);
  if (!p) return null;
  const locked = data.reviewRound.status === 'FINALIZED';
  const changed = form.textZh !== p.textZh || form.textEn !== p.textEn;
  return (
    <Card size="small" title={`${t('pledge.settingsTitle')} · ${t('pledge.version', { version: p.version })}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <label>
          <Switch checked={form.required} disabled={locked} onChange={(v) => setForm({ ...form, required: v })} />{' '}
          {t('pledge.required')}
        </label>
        <label>
          {t('pledge.textZh')}
          <Input.TextArea
            rows={5}
            value={form.textZh}
            disabled={locked}
            onChange={(e) => setForm({ ...form, textZh: e.target.value })}
            aria-label={t('pledge.textZh')}
          />
        </label>
        <label>
          {t('pledge.textEn')}
          <Input.TextArea
            rows={5}
            value={form.textEn}
            disabled={locked}
            onChange={(e) => setForm({ ...form, textEn: e.target.value })}
            aria-label={t('pledge.textEn')}
          />
        </label>
        {changed && <Alert type="warning" showIcon title={t('pledge.changedHint')} />}
        <Button
          type="primary"
          disabled={locked || (!changed && form.required === p.required)}
          loading={saving.loading}
          onClick={async () => {
            try {
              const r = await save({ variables: { roundId, ...form } });
              message.success(t('pledge.saved', { version: r.data!.setRoundPledge.pledge.version }));
              void refetch();
            } catch (e) {
              message.error(errorText(e));
            }
          }}
        >
          {t('pledge.save')}
        </Button>
        <Typography.Text strong>{t('pledge.signatures', { n: signed?.total ?? 0 })}</Typography.Text>
        <Table
          size="small"
          rowKey="id"
          loading={signatures.loading}
          dataSource={signed?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('pledge.who'), render: (_, x) => `${x.userName} (${x.userEmail})` },
            { title: t('pledge.settingsTitle'), render: (_, x) => t('pledge.version', { version: x.version }) },
            { title: t('pledge.at'), render: (_, x) => beijing(x.signedAt, i18n.language) },
          ]}
        />
        {signed && signed.total > SIGNATURES_PAGE && (
          <CursorPager cursors={cursors} list={signed} pageSize={SIGNATURES_PAGE} loading={signatures.loading} />
        )}
      </Space>
    </Card>
  );
}
