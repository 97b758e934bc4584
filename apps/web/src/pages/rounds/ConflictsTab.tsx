import { graphql } from '../../gql';
import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { CursorPager, useCursors } from '../../components/CursorPager';
import { RunProgress, TRACKED_RUN } from '../../components/RunProgress';
import { usePolling } from '../../lib/usePolling';
import { errorText, inLang } from '../../lib/format';
import { Loading } from '../../components/Loading';
import { ConflictMatrix } from '../../components/ConflictMatrix';
import type { Round, ConflictPolicy } from './types';

const CONFLICTS = graphql(`
  query Conflicts($roundId: ID!, $first: Int!, $after: String, $rule: String) {
    conflictPage(roundId: $roundId, first: $first, after: $after, rule: $rule) {
      total
      hasMore
      endCursor
      items {
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
  }
`);
/** Rows a list page shows; the matrix draws a round whose conflicts fit in one read of MATRIX_MAX. */
const PAGE_SIZE = 30;
const MATRIX_MAX = 500;
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
  mutation StartConflictDetection($roundId: ID!) {
    startConflictDetection(roundId: $roundId) {
      id
      status
      progress
      message
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
  // detection runs in the background (a big round takes a while): its stage, and a way to stop it
  const [runId, setRunId] = useState<string | null>(null);
  const [poll, runQ] = useLazyQuery(TRACKED_RUN, { fetchPolicy: 'network-only' });
  const run = runId ? runQ.data?.run : undefined;
  usePolling(
    runId,
    useCallback((id: string) => void poll({ variables: { id } }), [poll]),
  );
  useEffect(() => {
    if (!run || run.id !== runId) return;
    if (run.status === 'DONE') {
      message.success(t('policy.detected', run.result as { pairs: number; reasons: number }));
      setRunId(null);
      onSaved();
    } else if (run.status === 'FAILED') {
      message.error(run.message ?? t('common.error'));
      setRunId(null);
    } else if (run.status === 'CANCELLED') setRunId(null);
  }, [run, runId, message, t, onSaved]);
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
          disabled={locked || runId !== null}
          loading={detecting.loading}
          onClick={async () => {
            try {
              const r = await detect({ variables: { roundId: round.id } });
              setRunId(r.data!.startConflictDetection.id);
            } catch (e) {
              message.error(errorText(e));
            }
          }}
        >
          {t('policy.detect')}
        </Button>
      </Space>
      {runId && (
        <div style={{ marginTop: 8 }}>
          <RunProgress
            run={run ?? { id: runId, status: 'QUEUED', progress: 0 }}
            label={t('run.detecting')}
            onCancelled={() => setRunId(null)}
          />
        </div>
      )}
      <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0, color: 'rgba(0,0,0,0.65)' }}>
        {locked ? t('policy.locked') : t('policy.help')}
      </Typography.Paragraph>
    </Card>
  );
}

export function ConflictsTab({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  // the matrix reads up to MATRIX_MAX rows at once; a bigger round is read a page at a time
  const matrix = useQuery(CONFLICTS, { variables: { roundId: round.id, first: MATRIX_MAX } });
  const [rule, setRule] = useState<string | null>(null);
  // keyset paging: the cursor each page starts after (page 0 at the start)
  const cursors = useCursors();
  const tooBig = matrix.data?.conflictPage.hasMore ?? false;
  const [chosenView, setView] = useState<'matrix' | 'list' | null>(null);
  const view = chosenView ?? (tooBig ? 'list' : 'matrix');
  const list = useQuery(CONFLICTS, {
    variables: { roundId: round.id, first: PAGE_SIZE, after: cursors.after, rule },
    skip: view !== 'list',
  });
  const refetch = () => {
    cursors.reset();
    void matrix.refetch();
    if (view === 'list') void list.refetch();
  };
  const [override] = useMutation(OVERRIDE);
  const [target, setTarget] = useState<{ projectId: string; reviewerId: string } | null>(null);
  const [reason, setReason] = useState('');
  if (matrix.loading && !matrix.data) return <Loading />;
  const listPage = (list.data ?? list.previousData)?.conflictPage;
  return (
    <>
      <ConflictPolicyEditor round={round} onSaved={refetch} />
      <Segmented
        style={{ marginBottom: 12 }}
        value={view}
        onChange={(v) => setView(v as 'matrix' | 'list')}
        options={[
          { value: 'matrix', label: t('conflicts.matrix') },
          { value: 'list', label: t('conflicts.list') },
        ]}
      />
      {view === 'matrix' ? (
        tooBig ? (
          <Alert
            type="info"
            showIcon
            message={t('conflicts.tooBig', { n: matrix.data!.conflictPage.total, max: MATRIX_MAX })}
          />
        ) : (
          <ConflictMatrix conflicts={matrix.data?.conflictPage.items ?? []} onOverride={setTarget} />
        )
      ) : (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            <Select
              allowClear
              style={{ minWidth: 220 }}
              placeholder={t('conflicts.allRules')}
              aria-label={t('conflicts.rule')}
              value={rule}
              onChange={(v: string | undefined) => {
                setRule(v ?? null);
                cursors.reset();
              }}
              // every rule the translations name (libs/conflicts' CONFLICT_RULES, each with its words)
              options={Object.entries(t('rule', { returnObjects: true }) as Record<string, string>).map(
                ([value, label]) => ({ value, label }),
              )}
            />
          </Space>
          <Table
            size="small"
            rowKey="id"
            loading={list.loading}
            dataSource={listPage?.items ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
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
                    <Button
                      size="small"
                      onClick={() => setTarget({ projectId: c.projectId, reviewerId: c.reviewerId })}
                    >
                      {t('conflicts.override')}
                    </Button>
                  ),
              },
            ]}
          />
          <CursorPager cursors={cursors} list={listPage} pageSize={PAGE_SIZE} loading={list.loading} />
        </>
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
            // the officer stays on the page they were reading
            void matrix.refetch();
            if (view === 'list') void list.refetch();
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
