import { graphql } from '../../gql';
import type { RoundSettingsQuery } from '../../gql/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Input, InputNumber, Space, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { beijingInput, errorText, fromBeijingInput } from '../../lib/format';
import { Loading } from '../../components/Loading';
import type { Round } from './types';
import { PledgeEditor } from './PledgeEditor';

const ROUND_SETTINGS = graphql(`
  query RoundSettings($id: ID!) {
    reviewRound(id: $id) {
      id
      kind
      status
      opensAt
      closesAt
      reviewersPerProject
      criteria {
        key
        labelZh
        labelEn
        guidanceZh
        guidanceEn
        weight
        min
        max
        step
      }
      settings {
        qualityThreshold
        excellentThreshold
        excellentContinueShare
        passThreshold
        maxExcellentShare
        phase2Amount
        reviewerDownload
        materialsGraceHours
      }
    }
  }
`);
const UPDATE_ROUND = graphql(`
  mutation UpdateRoundSettings($roundId: ID!, $input: UpdateRoundInput!) {
    updateRound(roundId: $roundId, input: $input) {
      id
      status
    }
  }
`);

type Criterion = RoundSettingsQuery['reviewRound']['criteria'][number];
type Settings = RoundSettingsQuery['reviewRound']['settings'];

/**
 * The round before it opens: its rubric (criteria, weights summing to 100, ranges, guidance in
 * both languages, previewed as the reviewer sees it), reviewers per project, window (Beijing time)
 * and thresholds. The rubric, window and panel size are fixed once the round opens; thresholds
 * stay editable until it is finalized.
 */
export function SettingsTab({ round, onSaved }: { round: Round; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { message } = App.useApp();
  const q = useQuery(ROUND_SETTINGS, { variables: { id: round.id }, fetchPolicy: 'network-only' });
  const [update, state] = useMutation(UPDATE_ROUND);
  const [criteria, setCriteria] = useState<Criterion[]>([]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [opens, setOpens] = useState('');
  const [closes, setCloses] = useState('');
  const [perProject, setPerProject] = useState<number | null>(null);
  const r = q.data?.reviewRound;
  useEffect(() => {
    if (!r) return;
    setCriteria(r.criteria.map((c) => ({ ...c })));
    setSettings({ ...r.settings });
    setOpens(beijingInput(new Date(r.opensAt)));
    setCloses(beijingInput(new Date(r.closesAt)));
    setPerProject(r.reviewersPerProject);
  }, [r]);
  if (q.loading && !r) return <Loading />;
  if (q.error || !r || !settings) return <Alert type="error" showIcon title={errorText(q.error)} />;
  const draft = r.status === 'DRAFT';
  const final = r.status === 'FINALIZED';
  const sum = criteria.reduce((a, c) => a + (Number.isFinite(c.weight) ? c.weight : 0), 0);
  const keys = criteria.map((c) => c.key.trim());
  const problem =
    Math.abs(sum - 100) > 1e-9
      ? t('settings.weightSum', { sum })
      : keys.some((k) => !/^[a-z][a-z0-9_]*$/.test(k))
        ? t('settings.badKey')
        : new Set(keys).size !== keys.length
          ? t('settings.duplicateKey')
          : criteria.some((c) => !c.labelZh.trim() || !c.labelEn.trim())
            ? t('settings.needLabels')
            : criteria.some((c) => !(c.max > c.min) || !(c.step > 0) || c.step > c.max - c.min)
              ? t('settings.badRange')
              : null;
  const edit = (i: number, patch: Partial<Criterion>) =>
    setCriteria(criteria.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const save = async () => {
    const o = fromBeijingInput(opens);
    const c = fromBeijingInput(closes);
    const s = Object.fromEntries(Object.entries(settings).filter(([k, v]) => k !== '__typename' && v != null));
    try {
      await update({
        variables: {
          roundId: round.id,
          input: draft
            ? {
                criteria: criteria.map((x) => ({
                  key: x.key.trim(),
                  labelZh: x.labelZh.trim(),
                  labelEn: x.labelEn.trim(),
                  guidanceZh: x.guidanceZh,
                  guidanceEn: x.guidanceEn,
                  weight: x.weight,
                  min: x.min,
                  max: x.max,
                  step: x.step,
                })),
                reviewersPerProject: perProject ?? undefined,
                opensAt: o?.toISOString(),
                closesAt: c?.toISOString(),
                settings: s,
              }
            : { settings: s },
        },
      });
      message.success(t('settings.saved'));
      void q.refetch();
      onSaved();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const num = (key: keyof Settings, label: string, opts: { min?: number; max?: number; step?: number } = {}) => (
    <label key={key}>
      {label}{' '}
      <InputNumber
        value={settings[key] as number | null}
        min={opts.min ?? 0}
        max={opts.max}
        step={opts.step ?? 1}
        disabled={final}
        onChange={(v) => setSettings({ ...settings, [key]: v })}
        aria-label={label}
      />
    </label>
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {!draft && <Alert type="info" showIcon title={final ? t('settings.final') : t('settings.opened')} />}
      <Card size="small" title={t('settings.window')}>
        <Space wrap>
          <label>
            {t('newRound.opensAt')}{' '}
            <Input
              type="datetime-local"
              value={opens}
              disabled={!draft}
              onChange={(e) => setOpens(e.target.value)}
              aria-label={t('newRound.opensAt')}
            />
          </label>
          <label>
            {t('newRound.closesAt')}{' '}
            <Input
              type="datetime-local"
              value={closes}
              disabled={!draft}
              onChange={(e) => setCloses(e.target.value)}
              aria-label={t('newRound.closesAt')}
            />
          </label>
          <Typography.Text type="secondary">{t('settings.beijing')}</Typography.Text>
          <label>
            {t('newRound.perProject')}{' '}
            <InputNumber
              min={1}
              max={15}
              value={perProject}
              disabled={!draft}
              onChange={setPerProject}
              aria-label={t('newRound.perProject')}
            />
          </label>
        </Space>
      </Card>
      <Card size="small" title={t('settings.thresholds')}>
        <Space wrap size="large">
          {r.kind === 'INITIAL'
            ? num('qualityThreshold', t('settings.qualityThreshold'), { max: 100 })
            : [
                num('excellentThreshold', t('settings.excellentThreshold'), { max: 100 }),
                num('excellentContinueShare', t('settings.excellentContinueShare'), { max: 1, step: 0.05 }),
                num('passThreshold', t('settings.passThreshold'), { max: 100 }),
                num('maxExcellentShare', t('settings.maxExcellentShare'), { max: 1, step: 0.05 }),
                num('phase2Amount', t('settings.phase2Amount'), { step: 100000 }),
              ]}
        </Space>
      </Card>
      <Card size="small" title={t('settings.materials')}>
        <Space direction="vertical">
          <Space wrap size="large">
            <label>
              <Switch
                checked={settings.reviewerDownload}
                disabled={final}
                onChange={(v) => setSettings({ ...settings, reviewerDownload: v })}
                aria-label={t('settings.reviewerDownload')}
              />{' '}
              {t('settings.reviewerDownload')}
            </label>
            {num('materialsGraceHours', t('settings.materialsGraceHours'), { max: 720 })}
          </Space>
          <Typography.Text type="secondary">{t('settings.reviewerDownloadHelp')}</Typography.Text>
        </Space>
      </Card>
      <Card
        size="small"
        title={t('settings.rubric')}
        extra={
          <Typography.Text
            type={problem && Math.abs(sum - 100) > 1e-9 ? 'danger' : 'secondary'}
            data-testid="weight-sum"
          >
            {t('settings.sum', { sum })}
          </Typography.Text>
        }
      >
        <Table<Criterion>
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={criteria}
          scroll={{ x: 1100 }}
          columns={[
            {
              title: t('settings.key'),
              width: 130,
              render: (_, c, i) => (
                <Input
                  value={c.key}
                  disabled={!draft}
                  onChange={(e) => edit(i, { key: e.target.value })}
                  aria-label={`${t('settings.key')} ${i + 1}`}
                />
              ),
            },
            {
              title: t('settings.labelZh'),
              render: (_, c, i) => (
                <Input
                  value={c.labelZh}
                  disabled={!draft}
                  onChange={(e) => edit(i, { labelZh: e.target.value })}
                  aria-label={`${t('settings.labelZh')} ${i + 1}`}
                />
              ),
            },
            {
              title: t('settings.labelEn'),
              render: (_, c, i) => (
                <Input
                  value={c.labelEn}
                  disabled={!draft}
                  onChange={(e) => edit(i, { labelEn: e.target.value })}
                  aria-label={`${t('settings.labelEn')} ${i + 1}`}
                />
              ),
            },
            ...(['weight', 'min', 'max', 'step'] as const).map((k) => ({
              title: t(`settings.${k}`),
              width: 90,
              render: (_: unknown, c: Criterion, i: number) => (
                <InputNumber
                  value={c[k]}
                  disabled={!draft}
                  min={0}
                  onChange={(v) => edit(i, { [k]: v ?? 0 })}
                  aria-label={`${t(`settings.${k}`)} ${i + 1}`}
                  style={{ width: 80 }}
                />
              ),
            })),
            {
              title: t('settings.guidance'),
              width: 260,
              render: (_, c, i) => (
                <Space direction="vertical" style={{ width: '100%' }} size={4}>
                  <Input.TextArea
                    autoSize
                    value={c.guidanceZh}
                    disabled={!draft}
                    onChange={(e) => edit(i, { guidanceZh: e.target.value })}
                    aria-label={`${t('settings.guidanceZh')} ${i + 1}`}
                    placeholder={t('settings.guidanceZh')}
                  />
                  <Input.TextArea
                    autoSize
                    value={c.guidanceEn}
                    disabled={!draft}
                    onChange={(e) => edit(i, { guidanceEn: e.target.value })}
                    aria-label={`${t('settings.guidanceEn')} ${i + 1}`}
                    placeholder={t('settings.guidanceEn')}
                  />
                </Space>
              ),
            },
            {
              title: '',
              width: 70,
              render: (_, _c, i) => (
                <Button
                  size="small"
                  danger
                  disabled={!draft || criteria.length <= 1}
                  onClick={() => setCriteria(criteria.filter((_x, j) => j !== i))}
                >
                  {t('settings.remove')}
                </Button>
              ),
            },
          ]}
        />
        {draft && (
          <Button
            style={{ marginTop: 8 }}
            onClick={() =>
              setCriteria([
                ...criteria,
                {
                  key: `c${criteria.length + 1}`,
                  labelZh: '',
                  labelEn: '',
                  guidanceZh: '',
                  guidanceEn: '',
                  weight: 0,
                  min: 0,
                  max: 10,
                  step: 1,
                },
              ])
            }
          >
            {t('settings.add')}
          </Button>
        )}
      </Card>
      <Card size="small" title={t('settings.preview')} data-testid="rubric-preview">
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {criteria.map((c, i) => (
            <li key={i}>
              <strong>{zh ? c.labelZh : c.labelEn}</strong>{' '}
              <Typography.Text type="secondary">
                {t('settings.previewRange', { min: c.min, max: c.max, step: c.step, weight: c.weight })}
              </Typography.Text>
              {(zh ? c.guidanceZh : c.guidanceEn) && <div>{zh ? c.guidanceZh : c.guidanceEn}</div>}
            </li>
          ))}
        </ol>
      </Card>
      {problem && draft && <Alert type="warning" showIcon title={problem} />}
      <Button
        type="primary"
        disabled={final || (draft && problem !== null)}
        loading={state.loading}
        onClick={() => void save()}
        data-testid="settings-save"
      >
        {t('settings.save')}
      </Button>
      <PledgeEditor roundId={round.id} />
    </Space>
  );
}
