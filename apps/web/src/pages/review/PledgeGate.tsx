import { graphql } from '../../gql';
import { useMutation } from '@apollo/client/react';
import { App, Button, Checkbox, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Panel } from '../../components/Panel';
import { errorText } from '../../lib/format';

const SIGN = graphql(`
  mutation SignPledge($roundId: ID!) {
    signPledge(roundId: $roundId) {
      id
      version
      signedAt
    }
  }
`);

/**
 * 承诺书: before any material or score of a round, its reviewer reads the round's pledge (in their
 * language) and signs it; the server keeps who signed which text when.
 */
export function PledgeGate({
  round,
  heading,
  onSigned,
}: {
  round: { id: string; nameZh: string; nameEn: string; pledge: { version: number; textZh: string; textEn: string } };
  heading: string;
  onSigned: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const zh = i18n.language !== 'en-US';
  const [agreed, setAgreed] = useState(false);
  const [sign, state] = useMutation(SIGN);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16, maxWidth: 760 }}>
      <Link to="/reviews">← {t('review.back')}</Link>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 22 }}>
        {heading}
      </Typography.Title>
      <Panel title={t('pledge.title', { round: zh ? round.nameZh : round.nameEn })}>
        <Typography.Paragraph type="secondary">{t('pledge.why')}</Typography.Paragraph>
        <div data-testid="pledge-text" style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8, marginBottom: 16 }}>
          {zh ? round.pledge.textZh : round.pledge.textEn}
        </div>
        <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)}>
          {t('pledge.agree')}
        </Checkbox>
        <div style={{ marginTop: 16 }}>
          <Button
            type="primary"
            disabled={!agreed}
            loading={state.loading}
            style={{ minHeight: 44 }}
            onClick={async () => {
              try {
                await sign({ variables: { roundId: round.id } });
                message.success(t('pledge.signed'));
                onSigned();
              } catch (e) {
                message.error(errorText(e));
              }
            }}
          >
            {t('pledge.sign')}
          </Button>
        </div>
      </Panel>
    </div>
  );
}
