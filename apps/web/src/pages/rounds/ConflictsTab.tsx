import { graphql } from '../../gql';
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Card, Input, InputNumber, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { errorText, inLang } from '../../lib/format';
import { Loading } from '../../components/Loading';
import { ConflictMatrix } from '../../components/ConflictMatrix';
import type { Round, ConflictPolicy } from './types';

const CONFLICTS = graphql(`
  query Conflicts($roundId: ID!) {
    conflicts(roundId: $roundId) {
      id
      rule
      evidence
      evidenceZh
      source
      overridden
      projectId
      reviewerId
      project {
        externalId
        title
        titleEn
      }
      reviewer {
        name
      }
    }
  }
`);
const OVERRIDE = graphql(`
  mutation Override($roundId: ID!, $projectId: ID!, $reviewerId: ID!, $reason: String!) {
    overrideConflict(roundId: $roundId, projectId: $projectId, reviewerId: $reviewerId, reason: $reason) {
      id
      overridden
    }
  }
`);
const POLICY_PRESETS = graphql(`
  query PolicyPresets {
    conflictPolicyPresets {
      preset
      collaboratorYears
      formerAffiliationYears
    }
  }
`);
const SET_POLICY = graphql(`
  mutation SetPolicy($roundId: ID!, $policy: ConflictPolicyInput!) {
    updateRound(roundId: $roundId, input: { settings: { conflictPolicy: $policy } }) {
      id
      settings {
        conflictPolicy {
          preset
          collaboratorYears
          formerAffiliationYears
        }
      }
    }
  }
`);
const DETECT = graphql(`
  mutation DetectConflicts($roundId: ID!) {
    detectConflicts(roundId: $roundId) {
      pairs
      reasons
    }
  }
`);
/**
 * The round's conflict policy: a preset (its windows shown) or windows of one's own. Saving
 * detects the round's conflicts again; a finalized round keeps the one it was decided under.
 */
function ConflictPolicyEditor({ round, onSaved }: { round: Round; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const current = round.settings.conflictPolicy;
  const [preset, setPreset] = useState<ConflictPolicy['preset']>(current.preset);
  const [collab, setCollab] = useState<number | null>(current.collaboratorYears);
  const [former, setFormer] = useState<number | null>(current.formerAffiliationYears);
  const [save, state] = useMutation(SET_POLICY);
  const [detect, detecting] = useMutation(DETECT);
  // the presets and their windows, as libs/conflicts defines them
  const presets = useQuery(POLICY_PRESETS).data?.conflictPolicyPresets ?? [];
  const locked = round.status === 'FINALIZED';
  const changed =
    preset !== current.preset || collab !== current.collaboratorYears || former !== current.formerAffiliationYears;
  return (
    <Card size="small" title={t('policy.title')} style={{ marginBottom: 12 }}>
      <Space wrap align="end">
        <label>
          <div>{t('policy.preset')}</div>
          <Select
            style={{ minWidth: 260 }}
            value={preset}
            disabled={locked}
            aria-label={t('policy.preset')}
            onChange={(v: ConflictPolicy['preset']) => {
              const p = presets.find((x) => x.preset === v);
              setPreset(v);
              if (p) {
                setCollab(p.collaboratorYears);
                setFormer(p.formerAffiliationYears);
              }
            }}
            options={presets.map((p) => ({
              value: p.preset,
              label: t(`policy.${p.preset}`, { c: p.collaboratorYears, f: p.formerAffiliationYears }),
            }))}
          />
        </label>
        {(
          [
            ['policy.collaboratorYears', collab, setCollab],
            ['policy.formerAffiliationYears', former, setFormer],
          ] as const
        ).map(([key, value, set]) => (
          <label key={key}>
            <div>{t(key)}</div>
            <InputNumber
              min={0}
              max={100}
              step={0.5}
              value={value}
              disabled={locked}
              aria-label={t(key)}
              onChange={(v) => set(v)}
            />
          </label>
        ))}
        <Button
          type="primary"
          disabled={locked || !changed || collab === null || former === null}
          loading={state.loading}
          onClick={async () => {
            try {
              await save({
                variables: {
                  roundId: round.id,
                  policy: { preset, collaboratorYears: collab, formerAffiliationYears: former },
                },
              });
              message.success(t('policy.saved'));
              onSaved();
            } catch (e) {
              message.error(errorText(e));
            }
          }}
        >
          {t('policy.save')}
        </Button>
        <Button
          disabled={locked}
          loading={detecting.loading}
          onClick={async () => {
            try {
              const r = await detect({ variables: { roundId: round.id } });
              message.success(t('policy.detected', r.data!.detectConflicts));
              onSaved();
            } catch (e) {
              message.error(errorText(e));
            }
          }}
        >
          {t('policy.detect')}
        </Button>
      </Space>
      <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0, color: 'rgba(0,0,0,0.65)' }}>
        {locked ? t('policy.locked') : t('policy.help')}
      </Typography.Paragraph>
    </Card>
  );
}

export function ConflictsTab({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, loading, refetch } = useQuery(CONFLICTS, {
    variables: { roundId: round.id },
  });
  const [override] = useMutation(OVERRIDE);
  const [target, setTarget] = useState<{ projectId: string; reviewerId: string } | null>(null);
  const [reason, setReason] = useState('');
  const [view, setView] = useState<'matrix' | 'list'>('matrix');
  if (loading && !data) return <Loading />;
  return (
    <>
      <ConflictPolicyEditor round={round} onSaved={() => void refetch()} />
      <Segmented
        style={{ marginBottom: 12 }}
        value={view}
        onChange={(v) => setView(v as typeof view)}
        options={[
          { value: 'matrix', label: t('conflicts.matrix') },
          { value: 'list', label: t('conflicts.list') },
        ]}
      />
      {view === 'matrix' ? (
        <ConflictMatrix conflicts={data?.conflicts ?? []} onOverride={setTarget} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          dataSource={data?.conflicts ?? []}
          pagination={{ pageSize: 30 }}
          columns={[
            { title: t('reviewer.project'), render: (_, c) => `${c.project.externalId}` },
            { title: t('rounds.reviewer'), render: (_, c) => c.reviewer.name },
            {
              title: t('conflicts.rule'),
              render: (_, c) => <Tag color="red">{t(`rule.${c.rule}`, { defaultValue: c.rule })}</Tag>,
            },
            {
              title: t('conflicts.evidence'),
              render: (_, c) => inLang(i18next.language, c.evidenceZh, c.evidence),
            },
            {
              title: t('conflicts.override'),
              render: (_, c) =>
                c.overridden ? (
                  <Tag color="green">{t('conflicts.overridden')}</Tag>
                ) : c.source === 'DECLARED' ? null : (
                  <Button size="small" onClick={() => setTarget({ projectId: c.projectId, reviewerId: c.reviewerId })}>
                    {t('conflicts.override')}
                  </Button>
                ),
            },
          ]}
        />
      )}
      <Modal
        open={!!target}
        title={t('conflicts.override')}
        okButtonProps={{ disabled: reason.trim().length < 10 }}
        onCancel={() => setTarget(null)}
        onOk={async () => {
          try {
            await override({ variables: { roundId: round.id, ...target!, reason } });
            setTarget(null);
            setReason('');
            message.success(t('conflicts.overriddenOk'));
            void refetch();
          } catch (e) {
            message.error(errorText(e));
          }
        }}
      >
        <Typography.Paragraph>{t('conflicts.reasonHelp')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-label={t('conflicts.reason')}
        />
      </Modal>
    </>
  );
}
