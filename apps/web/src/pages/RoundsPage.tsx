import { gql } from '@apollo/client';
import { useApolloClient, useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  InputNumber,
  Modal,
  Progress,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { useSearchParams } from 'react-router';
import { download } from '../lib/download';
import { beijing, errorText, inLang, money, projectTitle } from '../lib/format';
import { PROGRAMS_ROUNDS } from '../lib/queries';
import { Loading } from './Loading';
import {
  AssignmentCharts,
  CalibrationPanel,
  ConflictMatrix,
  MethodsComparison,
  OutboxPanel,
  type ConflictRow,
} from './RoundPanels';

interface Round {
  id: string;
  kind: string;
  status: string;
  nameZh: string;
  nameEn: string;
  opensAt: string;
  closesAt: string;
  closedAt: string | null;
  settings: { conflictPolicy: ConflictPolicy };
}

interface ConflictPolicy {
  preset: 'DEFAULT' | 'ERC' | 'NSF' | 'NIH';
  collaboratorYears: number;
  formerAffiliationYears: number;
}

const PROGRESS = gql`
  query RoundProgress($roundId: ID!) {
    roundProgress(roundId: $roundId) {
      assigned
      drafts
      submitted
      reviewers {
        reviewerId
        name
        email
        assigned
        drafts
        submitted
        overdue
      }
    }
  }
`;
const REMIND = gql`
  mutation Remind($roundId: ID!) {
    sendReminders(roundId: $roundId)
  }
`;
const GENERATE = gql`
  mutation Generate($roundId: ID!, $input: AssignmentOptions) {
    generateAssignments(roundId: $roundId, input: $input) {
      id
      status
      progress
    }
  }
`;
const RUN = gql`
  query Run($id: ID!) {
    assignmentRun(id: $id) {
      id
      status
      progress
      message
      preview {
        status
        objective
        reasons
        unchanged
        solveMs
        appliedAt
        objectiveKind
        stages {
          stage
          value
          bound
          gap
        }
        expectedObjective
        maxProbability
        seed
        added {
          projectTitle
          reviewerName
          covers
          affinity
        }
        removed {
          projectTitle
          reviewerName
        }
        coverage {
          projectTitle
          reviewers
          covers
        }
        loads {
          reviewerName
          load
          maxLoad
        }
      }
    }
  }
`;
const APPLY = gql`
  mutation Apply($runId: ID!) {
    applyAssignmentRun(runId: $runId) {
      added
      removed
      unchanged
    }
  }
`;
const CONFLICTS = gql`
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
`;
const OVERRIDE = gql`
  mutation Override($roundId: ID!, $projectId: ID!, $reviewerId: ID!, $reason: String!) {
    overrideConflict(roundId: $roundId, projectId: $projectId, reviewerId: $reviewerId, reason: $reason) {
      id
      overridden
    }
  }
`;
const RANKING = gql`
  query Ranking($roundId: ID!, $method: RankingMethod!) {
    ranking(roundId: $roundId, method: $method) {
      rank
      rawRank
      rankChange
      value
      rawMean
      n
      sd
      percentile
      ciLow
      ciHigh
      flags
      direction {
        number
      }
      project {
        id
        externalId
        title
        titleEn
        status
      }
    }
  }
`;
const DECISIONS = gql`
  query Decisions($roundId: ID!) {
    decisions(roundId: $roundId) {
      id
      projectId
      decision
      amount
      grade
      note
      version
    }
  }
`;
const PROPOSED = gql`
  query Proposed($roundId: ID!) {
    proposedAwards(roundId: $roundId) {
      rank
      value
      amount
      direction {
        number
        fundingAmount
      }
      project {
        id
        externalId
        title
        titleEn
      }
    }
  }
`;
const RECORD = gql`
  mutation Record($roundId: ID!, $projectId: ID!, $decision: Decision!, $amount: Float, $note: String) {
    recordDecision(roundId: $roundId, projectId: $projectId, decision: $decision, amount: $amount, note: $note) {
      id
      decision
      amount
      version
    }
  }
`;
const AUDIT = gql`
  query Audit($offset: Int!) {
    auditTrail(offset: $offset, limit: 50) {
      id
      at
      actorEmail
      action
      entity
      entityId
      reason
    }
  }
`;
const CLOSE = gql`
  mutation Close($roundId: ID!) {
    closeRound(roundId: $roundId) {
      id
      status
    }
  }
`;
const OPEN = gql`
  mutation Open($roundId: ID!) {
    openRound(roundId: $roundId) {
      id
      status
    }
  }
`;
const FINALIZE = gql`
  mutation Finalize($roundId: ID!) {
    finalizeRound(roundId: $roundId) {
      id
      status
    }
  }
`;
const POLICY_PRESETS = gql`
  query PolicyPresets {
    conflictPolicyPresets {
      preset
      collaboratorYears
      formerAffiliationYears
    }
  }
`;
const SET_POLICY = gql`
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
`;
const EXTEND = gql`
  mutation Extend($roundId: ID!, $closesAt: DateTime!, $reason: String!) {
    extendRound(roundId: $roundId, closesAt: $closesAt, reason: $reason) {
      id
      status
      closesAt
      closedAt
    }
  }
`;
const REMINDER_PREVIEW = gql`
  query ReminderPreview($roundId: ID!) {
    reminderPreview(roundId: $roundId) {
      delivery
      recipients {
        name
        email
        due
      }
      subject
      body
    }
  }
`;

export default function RoundsPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const [params, setParams] = useSearchParams();
  const { data, loading, error, refetch } = useQuery<{ programs: { id: string; rounds: Round[] }[] }>(PROGRAMS_ROUNDS);
  const rounds = useMemo(() => data?.programs.flatMap((p) => p.rounds) ?? [], [data]);
  const roundId = params.get('round') ?? rounds.find((r) => r.status === 'OPEN')?.id ?? rounds[0]?.id;
  const round = rounds.find((r) => r.id === roundId);
  const tab = params.get('tab') ?? 'progress';
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  if (loading && !data) return <Loading />;
  if (error) return <Alert type="error" showIcon title={t('common.error')} description={errorText(error)} />;
  if (!round) return <Empty description={t('rounds.none')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap align="center">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('rounds.title')}
        </Typography.Title>
        <Select
          style={{ minWidth: 320 }}
          value={round.id}
          aria-label={t('rounds.choose')}
          options={rounds.map((r) => ({
            value: r.id,
            label: `${zh ? r.nameZh : r.nameEn} · ${t(`roundStatus.${r.status}`)}`,
          }))}
          onChange={(v) => set('round', v)}
        />
        <Tag color={round.status === 'OPEN' ? 'green' : round.status === 'FINALIZED' ? 'purple' : 'default'}>
          {t(`roundStatus.${round.status}`)}
        </Tag>
        <Typography.Text type="secondary" data-testid="round-window">
          {beijing(round.opensAt, i18n.language)} — {beijing(round.closedAt ?? round.closesAt, i18n.language)}
          {round.closedAt && new Date(round.closedAt) < new Date(round.closesAt)
            ? ` ${t('rounds.closedEarly', { planned: beijing(round.closesAt, i18n.language) })}`
            : ''}
        </Typography.Text>
        <RoundActions
          round={round}
          onDone={() => {
            set('round', round.id); // stay on this round whatever its new status
            void refetch();
          }}
        />
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => set('tab', k)}
        destroyOnHidden
        items={[
          { key: 'progress', label: t('rounds.progress'), children: <ProgressTab round={round} /> },
          { key: 'assignment', label: t('rounds.assignment'), children: <AssignmentTab round={round} /> },
          { key: 'conflicts', label: t('rounds.conflicts'), children: <ConflictsTab round={round} /> },
          { key: 'ranking', label: t('rounds.ranking'), children: <RankingTab round={round} /> },
          { key: 'decisions', label: t('rounds.decisions'), children: <DecisionsTab round={round} /> },
          { key: 'exports', label: t('rounds.exports'), children: <ExportsTab round={round} /> },
          { key: 'audit', label: t('rounds.audit'), children: <AuditTab /> },
        ]}
      />
    </Space>
  );
}

/**
 * The round's life: open, close, reopen or extend, finalize. Each asks first and says what it
 * will do; the page stays on this round afterwards.
 */
function RoundActions({ round, onDone }: { round: Round; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const [open] = useMutation(OPEN);
  const [close] = useMutation(CLOSE);
  const [finalize] = useMutation(FINALIZE);
  const [extendOpen, setExtendOpen] = useState(false);
  const run = async (fn: typeof open, done: string) => {
    try {
      await fn({ variables: { roundId: round.id } });
      message.success(done);
      onDone();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const ask = (title: string, content: string, okText: string, fn: typeof open, done: string, danger = false) =>
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
            ask(t('rounds.openConfirm'), t('rounds.openWhat', { at }), t('rounds.open'), open, t('rounds.opened'))
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
function beijingInput(d: Date): string {
  const b = new Date(d.getTime() + 8 * 3600000);
  return b.toISOString().slice(0, 16);
}
function fromBeijingInput(v: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return null;
  const d = new Date(`${v}:00+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

interface ReminderPreview {
  delivery: 'SMTP' | 'OUTBOX';
  recipients: { name: string; email: string; due: number }[];
  subject: string | null;
  body: string | null;
}

function ReminderPreviewView({ preview }: { preview: ReminderPreview }) {
  const { t } = useTranslation();
  return (
    <div>
      {preview.delivery === 'OUTBOX' && (
        <Alert type="warning" showIcon title={t('rounds.noMailServer')} style={{ marginBottom: 12 }} />
      )}
      <Typography.Paragraph strong>{t('rounds.recipients')}</Typography.Paragraph>
      <ul style={{ maxHeight: 160, overflowY: 'auto', paddingLeft: 18 }} data-testid="reminder-recipients">
        {preview.recipients.map((r) => (
          <li key={r.email}>
            {r.name} &lt;{r.email}&gt; · {t('rounds.dueCount', { n: r.due })}
          </li>
        ))}
      </ul>
      <Typography.Paragraph strong>{t('rounds.mailPreview')}</Typography.Paragraph>
      <div style={{ background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, padding: 8 }}>
        <div style={{ fontWeight: 600, marginBottom: 6 }}>{preview.subject}</div>
        <div style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}>{preview.body}</div>
      </div>
    </div>
  );
}

function ProgressTab({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useApolloClient();
  const { data, loading, refetch } = useQuery<{
    roundProgress: {
      assigned: number;
      drafts: number;
      submitted: number;
      reviewers: {
        reviewerId: string;
        name: string;
        email: string;
        assigned: number;
        drafts: number;
        submitted: number;
        overdue: boolean;
      }[];
    };
  }>(PROGRESS, {
    variables: { roundId: round.id },
    fetchPolicy: 'cache-and-network',
  });
  const [remind, remindState] = useMutation<{ sendReminders: number }>(REMIND);
  const [sent, setSent] = useState(0);
  if (loading && !data) return <Loading />;
  const p = data?.roundProgress;
  if (!p) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space size="large">
        <Statistic title={t('rounds.assigned')} value={p.assigned} />
        <Statistic title={t('reviewer.draft')} value={p.drafts} />
        <Statistic title={t('reviewer.submitted')} value={p.submitted} suffix={`/ ${p.assigned}`} />
        <Progress
          type="circle"
          size={72}
          percent={p.assigned ? Math.round((100 * p.submitted) / p.assigned) : 0}
          aria-label={t('rounds.submittedShare')}
        />
        {round.status === 'OPEN' && (
          <Button
            loading={remindState.loading}
            onClick={async () => {
              // who gets what, and whether it really leaves, before anything is sent
              let preview: ReminderPreview;
              try {
                const r = await client.query<{ reminderPreview: ReminderPreview }>({
                  query: REMINDER_PREVIEW,
                  variables: { roundId: round.id },
                  fetchPolicy: 'network-only',
                });
                preview = r.data!.reminderPreview;
              } catch (e) {
                message.error(errorText(e));
                return;
              }
              if (preview.recipients.length === 0) {
                message.info(t('rounds.nobodyToRemind'));
                return;
              }
              modal.confirm({
                title: t('rounds.remindConfirm', { n: preview.recipients.length }),
                width: 640,
                okText: t('rounds.remindSend'),
                cancelText: t('common.cancel'),
                content: <ReminderPreviewView preview={preview} />,
                onOk: async () => {
                  try {
                    const r = await remind({ variables: { roundId: round.id } });
                    const n = r.data?.sendReminders ?? 0;
                    if (preview.delivery === 'SMTP') message.success(t('rounds.remindedSmtp', { n }));
                    else message.warning(t('rounds.remindedOutbox', { n }));
                    setSent((k) => k + 1);
                    void refetch();
                  } catch (e) {
                    message.error(errorText(e));
                  }
                },
              });
            }}
          >
            {t('rounds.remind')}
          </Button>
        )}
      </Space>
      <Table
        rowKey="reviewerId"
        size="small"
        dataSource={p.reviewers}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('rounds.reviewer'), dataIndex: 'name' },
          { title: 'E-mail', dataIndex: 'email' },
          { title: t('rounds.assigned'), dataIndex: 'assigned', align: 'right' },
          { title: t('reviewer.draft'), dataIndex: 'drafts', align: 'right' },
          { title: t('reviewer.submitted'), dataIndex: 'submitted', align: 'right' },
          {
            title: t('rounds.overdue'),
            render: (_, r) => (r.overdue ? <Tag color="red">{t('rounds.overdue')}</Tag> : null),
          },
        ]}
      />
      <OutboxPanel roundId={round.id} version={sent} />
    </Space>
  );
}

interface Preview {
  status: string;
  objective: number;
  reasons: string[];
  unchanged: number;
  solveMs: number;
  appliedAt: string | null;
  objectiveKind: 'SUM' | 'FAIR' | 'RANDOMIZED';
  stages: { stage: string; value: number; bound: number; gap: number }[] | null;
  expectedObjective: number | null;
  maxProbability: number | null;
  seed: number | null;
  added: { projectTitle: string; reviewerName: string; covers: string | null; affinity: number }[];
  removed: { projectTitle: string; reviewerName: string }[];
  coverage: { projectTitle: string; reviewers: number; covers: string[] }[];
  loads: { reviewerName: string; load: number; maxLoad: number }[];
}

function AssignmentTab({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [runId, setRunId] = useState<string | null>(null);
  const [maxLoad, setMaxLoad] = useState<number | null>(null);
  const [objective, setObjective] = useState<'SUM' | 'FAIR' | 'RANDOMIZED'>('SUM');
  const [maxProbability, setMaxProbability] = useState<number | null>(0.5);
  const [seed, setSeed] = useState<number | null>(null);
  const [generate, genState] = useMutation<{ generateAssignments: { id: string } }>(GENERATE);
  const [poll, runQ] = useLazyQuery<{
    assignmentRun: { id: string; status: string; progress: number; message: string | null; preview: Preview | null };
  }>(RUN, { fetchPolicy: 'network-only' });
  const [apply, applyState] = useMutation<{
    applyAssignmentRun: { added: number; removed: number; unchanged: number };
  }>(APPLY);
  const run = runQ.data?.assignmentRun;
  useEffect(() => {
    if (!runId) return;
    const id = setInterval(() => void poll({ variables: { id: runId } }), 700);
    void poll({ variables: { id: runId } });
    return () => clearInterval(id);
  }, [runId, poll]);
  useEffect(() => {
    if (run && (run.status === 'DONE' || run.status === 'FAILED')) setRunId(null);
  }, [run]);
  const editable = round.status === 'DRAFT' || round.status === 'OPEN';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('assign.maxLoad')}</span>
        <InputNumber
          min={1}
          max={200}
          value={maxLoad}
          onChange={(v) => setMaxLoad(v)}
          placeholder={t('assign.auto')}
          aria-label={t('assign.maxLoad')}
        />
        <span>{t('assign.objective')}</span>
        <Select
          value={objective}
          onChange={setObjective}
          aria-label={t('assign.objective')}
          style={{ minWidth: 200 }}
          options={(['SUM', 'FAIR', 'RANDOMIZED'] as const).map((o) => ({ value: o, label: t(`assign.obj${o}`) }))}
        />
        {objective === 'RANDOMIZED' && (
          <>
            <span>{t('assign.maxProbability')}</span>
            <InputNumber
              min={0.05}
              max={1}
              step={0.05}
              value={maxProbability}
              onChange={(v) => setMaxProbability(v)}
              aria-label={t('assign.maxProbability')}
            />
            <span>{t('assign.seed')}</span>
            <InputNumber
              min={0}
              max={2147483647}
              precision={0}
              value={seed}
              onChange={(v) => setSeed(v)}
              placeholder={t('assign.auto')}
              aria-label={t('assign.seed')}
            />
          </>
        )}
        <Button
          type="primary"
          disabled={!editable}
          loading={genState.loading || !!runId}
          onClick={async () => {
            try {
              const r = await generate({
                variables: {
                  roundId: round.id,
                  input: {
                    objective,
                    ...(maxLoad ? { maxLoad } : {}),
                    ...(objective === 'RANDOMIZED' ? { maxProbability, ...(seed != null ? { seed } : {}) } : {}),
                  },
                },
              });
              setRunId(r.data!.generateAssignments.id);
            } catch (e) {
              message.error(errorText(e));
            }
          }}
        >
          {t('assign.run')}
        </Button>
        {!editable && <Typography.Text type="secondary">{t('assign.locked')}</Typography.Text>}
      </Space>
      {run && (run.status === 'QUEUED' || run.status === 'RUNNING') && (
        <Progress percent={run.progress} status="active" aria-label={t('assign.progress')} />
      )}
      {run?.status === 'FAILED' && <Alert type="error" showIcon title={run.message} />}
      {run?.preview && (
        <Card
          size="small"
          title={
            run.preview.status === 'optimal'
              ? t(run.preview.objectiveKind === 'SUM' ? 'assign.optimal' : 'assign.result', {
                  objective: run.preview.objective.toFixed(3),
                  ms: run.preview.solveMs.toFixed(0),
                })
              : t('assign.infeasible')
          }
          extra={
            run.preview.status === 'optimal' && !run.preview.appliedAt ? (
              <Button
                type="primary"
                loading={applyState.loading}
                onClick={() =>
                  modal.confirm({
                    title: t('assign.applyConfirm'),
                    content: t('assign.applyConsequences', {
                      added: run.preview!.added.length,
                      removed: run.preview!.removed.length,
                      unchanged: run.preview!.unchanged,
                    }),
                    okText: t('assign.apply'),
                    cancelText: t('common.cancel'),
                    onOk: async () => {
                      try {
                        const r = await apply({ variables: { runId: run.id } });
                        message.success(t('assign.applied', r.data!.applyAssignmentRun));
                        void poll({ variables: { id: run.id } });
                      } catch (e) {
                        message.error(errorText(e));
                      }
                    },
                  })
                }
              >
                {t('assign.apply')}
              </Button>
            ) : run.preview.appliedAt ? (
              <Tag color="green">{t('assign.appliedTag')}</Tag>
            ) : null
          }
        >
          {run.preview.reasons.length > 0 && (
            <Alert type="warning" showIcon title={run.preview.reasons.join('；')} style={{ marginBottom: 12 }} />
          )}
          {run.preview.stages && (
            <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
              {run.preview.stages.map((st) => (
                <Descriptions.Item key={st.stage} label={t(`assign.stage_${st.stage}`)}>
                  {t('assign.stageLine', {
                    value: st.value.toFixed(3),
                    bound: st.bound.toFixed(3),
                    gap: st.gap.toFixed(3),
                  })}{' '}
                  {st.gap < 1e-6 && <Tag color="green">{t('assign.proven')}</Tag>}
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
          {run.preview.expectedObjective != null && (
            <Typography.Paragraph>
              {t('assign.expected', {
                expected: run.preview.expectedObjective.toFixed(3),
                objective: run.preview.objective.toFixed(3),
                q: run.preview.maxProbability,
                seed: run.preview.seed,
              })}
            </Typography.Paragraph>
          )}
          <Space size="large" style={{ marginBottom: 12 }}>
            <Statistic title={t('assign.added')} value={run.preview.added.length} />
            <Statistic title={t('assign.removed')} value={run.preview.removed.length} />
            <Statistic title={t('assign.unchanged')} value={run.preview.unchanged} />
          </Space>
          <Tabs
            items={[
              {
                key: 'charts',
                label: t('assign.charts'),
                children: <AssignmentCharts coverage={run.preview.coverage} loads={run.preview.loads} />,
              },
              {
                key: 'coverage',
                label: t('assign.coverage'),
                children: (
                  <Table
                    size="small"
                    rowKey="projectTitle"
                    dataSource={run.preview.coverage}
                    pagination={{ pageSize: 20 }}
                    columns={[
                      { title: t('reviewer.project'), dataIndex: 'projectTitle' },
                      { title: t('assign.reviewers'), dataIndex: 'reviewers', align: 'right' },
                      {
                        title: t('assign.covers'),
                        render: (_, r) => r.covers.map((c) => <Tag key={c}>{t(`discipline.${c}`)}</Tag>),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'loads',
                label: t('assign.loads'),
                children: (
                  <Table
                    size="small"
                    rowKey="reviewerName"
                    dataSource={run.preview.loads}
                    pagination={{ pageSize: 20 }}
                    columns={[
                      { title: t('rounds.reviewer'), dataIndex: 'reviewerName' },
                      {
                        title: t('assign.load'),
                        render: (_, r) => (
                          <Progress
                            percent={Math.round((100 * r.load) / r.maxLoad)}
                            format={() => `${r.load}/${r.maxLoad}`}
                            size="small"
                            style={{ width: 160 }}
                            aria-label={`${r.reviewerName}: ${r.load}/${r.maxLoad}`}
                          />
                        ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'added',
                label: t('assign.added'),
                children: (
                  <Table
                    size="small"
                    rowKey={(r) => r.projectTitle + r.reviewerName}
                    dataSource={run.preview.added}
                    pagination={{ pageSize: 20 }}
                    columns={[
                      { title: t('reviewer.project'), dataIndex: 'projectTitle' },
                      { title: t('rounds.reviewer'), dataIndex: 'reviewerName' },
                      { title: t('assign.covers'), render: (_, r) => (r.covers ? t(`discipline.${r.covers}`) : '—') },
                      { title: t('assign.affinity'), dataIndex: 'affinity', align: 'right' },
                    ]}
                  />
                ),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

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
  // the presets and their windows, as libs/conflicts defines them
  const presets =
    useQuery<{ conflictPolicyPresets: ConflictPolicy[] }>(POLICY_PRESETS).data?.conflictPolicyPresets ?? [];
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
      </Space>
      <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0, color: 'rgba(0,0,0,0.65)' }}>
        {locked ? t('policy.locked') : t('policy.help')}
      </Typography.Paragraph>
    </Card>
  );
}

function ConflictsTab({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, loading, refetch } = useQuery<{ conflicts: ConflictRow[] }>(CONFLICTS, {
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

interface Ranked {
  rank: number;
  rawRank: number;
  rankChange: number;
  value: number;
  rawMean: number;
  n: number;
  sd: number;
  percentile: number;
  ciLow: number;
  ciHigh: number;
  flags: string[];
  direction: { number: number };
  project: { id: string; externalId: string; title: string; titleEn?: string; status: string };
}

function RankingTab({ round }: { round: Round }) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<'CALIBRATED' | 'ZSCORE' | 'MEAN'>('CALIBRATED');
  const [view, setView] = useState<'ranking' | 'compare' | 'reviewers'>('ranking');
  const { data, loading } = useQuery<{ ranking: Ranked[] }>(RANKING, {
    variables: { roundId: round.id, method },
    skip: view !== 'ranking',
  });
  const rows = data?.ranking ?? [];
  const lo = Math.min(...rows.map((r) => r.ciLow), 100);
  const hi = Math.max(...rows.map((r) => r.ciHigh), 0);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={view}
          onChange={(v) => setView(v as typeof view)}
          options={[
            { value: 'ranking', label: t('ranking.viewRanking') },
            { value: 'compare', label: t('ranking.viewCompare') },
            { value: 'reviewers', label: t('ranking.reviewers') },
          ]}
        />
        {view === 'ranking' && (
          <Segmented
            value={method}
            onChange={(v) => setMethod(v as typeof method)}
            options={[
              { value: 'CALIBRATED', label: t('ranking.calibrated') },
              { value: 'ZSCORE', label: t('ranking.zscore') },
              { value: 'MEAN', label: t('ranking.mean') },
            ]}
          />
        )}
      </Space>
      {view === 'compare' ? (
        <MethodsComparison roundId={round.id} />
      ) : view === 'reviewers' ? (
        <CalibrationPanel roundId={round.id} />
      ) : loading && !data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Empty description={t('ranking.none')} />
      ) : (
        <Table<Ranked>
          size="small"
          rowKey={(r) => r.project.id}
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('ranking.rank'), dataIndex: 'rank', width: 60 },
            {
              title: t('ranking.change'),
              render: (_, r) =>
                r.rankChange > 0 ? (
                  <Tag color="green">▲{r.rankChange}</Tag>
                ) : r.rankChange < 0 ? (
                  <Tag color="red">▼{-r.rankChange}</Tag>
                ) : (
                  '—'
                ),
              width: 80,
            },
            { title: t('reviewer.direction'), render: (_, r) => r.direction.number, width: 60 },
            { title: t('reviewer.project'), render: (_, r) => `${r.project.externalId} · ${projectTitle(r.project)}` },
            { title: t('ranking.value'), render: (_, r) => r.value.toFixed(2), align: 'right', width: 80 },
            { title: t('ranking.mean'), render: (_, r) => r.rawMean.toFixed(2), align: 'right', width: 80 },
            {
              title: t('ranking.interval'),
              width: 200,
              render: (_, r) => {
                const span = Math.max(1, hi - lo);
                return (
                  <svg width="180" height="14" role="img" aria-label={`${r.ciLow.toFixed(1)}–${r.ciHigh.toFixed(1)}`}>
                    <line
                      x1={(180 * (r.ciLow - lo)) / span}
                      x2={(180 * (r.ciHigh - lo)) / span}
                      y1="7"
                      y2="7"
                      stroke="#1f5fa8"
                      strokeWidth="3"
                    />
                    <circle cx={(180 * (r.value - lo)) / span} cy="7" r="4" fill="#12355b" />
                  </svg>
                );
              },
            },
            { title: 'N', dataIndex: 'n', width: 50 },
            { title: t('ranking.percentile'), dataIndex: 'percentile', width: 70 },
            {
              title: t('ranking.flags'),
              render: (_, r) =>
                r.flags.map((f) => (
                  <Tag key={f} color="orange">
                    {t(`flag.${f}`)}
                  </Tag>
                )),
            },
          ]}
        />
      )}
    </Space>
  );
}

function DecisionsTab({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const decisions = useQuery<{
    decisions: { id: string; projectId: string; decision: string; amount: number | null; note: string | null }[];
  }>(DECISIONS, { variables: { roundId: round.id } });
  const ranking = useQuery<{ ranking: Ranked[] }>(RANKING, { variables: { roundId: round.id, method: 'CALIBRATED' } });
  const proposed = useQuery<{ proposedAwards: { project: { id: string } }[] }>(PROPOSED, {
    variables: { roundId: round.id },
    skip: round.kind !== 'INITIAL',
  });
  const [record] = useMutation(RECORD);
  // notes as typed; a project not touched here shows the note stored with its decision
  const [edited, setNote] = useState<Record<string, string>>({});
  const byProject = new Map((decisions.data?.decisions ?? []).map((d) => [d.projectId, d]));
  const noteOf = (projectId: string) => edited[projectId] ?? byProject.get(projectId)?.note ?? '';
  const proposedIds = new Set((proposed.data?.proposedAwards ?? []).map((p) => p.project.id));
  const funded = (decisions.data?.decisions ?? []).filter((d) => d.decision === 'FUND' || d.decision === 'CONTINUE');
  const spent = funded.reduce((a, d) => a + (d.amount ?? 0), 0);
  const options = round.kind === 'INITIAL' ? ['FUND', 'DECLINE'] : ['CONTINUE', 'TERMINATE'];
  const act = async (projectId: string, decision: string) => {
    try {
      await record({ variables: { roundId: round.id, projectId, decision, note: noteOf(projectId) || null } });
      void decisions.refetch();
      message.success(t('decisions.recorded'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  if (ranking.loading && !ranking.data) return <Loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space size="large">
        <Statistic
          title={t('decisions.funded')}
          value={funded.length}
          suffix={round.kind === 'INITIAL' ? '/ 14' : undefined}
        />
        <Statistic title={t('decisions.budget')} value={money(spent, i18n.language)} />
      </Space>
      {round.status !== 'CLOSED' && <Alert type="info" showIcon title={t('decisions.whenClosed')} />}
      <Table<Ranked>
        size="small"
        rowKey={(r) => r.project.id}
        dataSource={ranking.data?.ranking ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('ranking.rank'), dataIndex: 'rank', width: 60 },
          { title: t('reviewer.direction'), render: (_, r) => r.direction.number, width: 60 },
          { title: t('reviewer.project'), render: (_, r) => `${r.project.externalId} · ${projectTitle(r.project)}` },
          { title: t('ranking.value'), render: (_, r) => r.value.toFixed(2), width: 80, align: 'right' },
          {
            title: t('decisions.proposed'),
            render: (_, r) =>
              proposedIds.has(r.project.id) ? <Tag color="blue">{t('decisions.proposedTag')}</Tag> : null,
            width: 90,
          },
          {
            title: t('decisions.decision'),
            render: (_, r) => {
              const d = byProject.get(r.project.id);
              return d ? (
                <Tag color={d.decision === 'FUND' || d.decision === 'CONTINUE' ? 'green' : 'default'}>
                  {t(`decision.${d.decision}`)} {d.amount ? money(d.amount, i18n.language) : ''}
                </Tag>
              ) : (
                '—'
              );
            },
          },
          {
            title: t('decisions.note'),
            render: (_, r) => (
              <Input
                size="small"
                placeholder={t('decisions.notePlaceholder')}
                value={noteOf(r.project.id)}
                onChange={(e) => setNote({ ...edited, [r.project.id]: e.target.value })}
                disabled={round.status !== 'CLOSED'}
                aria-label={t('decisions.note')}
              />
            ),
          },
          {
            title: '',
            render: (_, r) => (
              <Space>
                {options.map((o) => (
                  <Button
                    key={o}
                    size="small"
                    disabled={round.status !== 'CLOSED'}
                    onClick={() => void act(r.project.id, o)}
                  >
                    {t(`decision.${o}`)}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

function ExportsTab({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const base = `/exports/rounds/${round.id}`;
  // files in the reader's language
  const lang = i18n.language === 'en-US' ? 'en' : 'zh';
  const item = (label: string, file: string) => (
    <Button
      key={file}
      onClick={() =>
        void download(`${base}/${file}${file.includes('?') ? '&' : '?'}lang=${lang}`, file.split('?')[0]).catch(
          (e: Error) => {
            message.error(errorText(e));
          },
        )
      }
    >
      {label}
    </Button>
  );
  return (
    <Space direction="vertical">
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('exports.summaries')}
      </Typography.Title>
      <Space wrap>
        {item('CSV', 'reviewer-summaries.csv')}
        {item('Excel (XLSX)', 'reviewer-summaries.xlsx')}
        {item('PDF', 'reviewer-summaries.pdf')}
        {item(t('exports.withConfidential'), 'reviewer-summaries.pdf?confidential=true')}
      </Space>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('exports.other')}
      </Typography.Title>
      <Space wrap>
        {item(t('rounds.ranking') + ' XLSX', 'ranking.xlsx')}
        {item(t('rounds.decisions') + ' XLSX', 'decisions.xlsx')}
        {item(t('exports.workload') + ' XLSX', 'workload.xlsx')}
        {item(t('rounds.conflicts') + ' XLSX', 'conflicts.xlsx')}
      </Space>
    </Space>
  );
}

function AuditTab() {
  const { t, i18n } = useTranslation();
  const [offset, setOffset] = useState(0);
  const { data, loading } = useQuery<{
    auditTrail: {
      id: string;
      at: string;
      actorEmail: string | null;
      action: string;
      entity: string;
      entityId: string | null;
      reason: string | null;
    }[];
  }>(AUDIT, { variables: { offset } });
  return (
    <Table
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={data?.auditTrail ?? []}
      pagination={false}
      footer={() => (
        <Space>
          <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 50))}>
            {t('common.prev')}
          </Button>
          <Button disabled={(data?.auditTrail.length ?? 0) < 50} onClick={() => setOffset(offset + 50)}>
            {t('common.next')}
          </Button>
        </Space>
      )}
      columns={[
        { title: t('audit.at'), render: (_, r) => beijing(r.at, i18n.language) },
        { title: t('audit.actor'), render: (_, r) => r.actorEmail ?? t('audit.system') },
        {
          title: t('audit.action'),
          // a code the texts do not know yet is shown as it is, never as nothing
          render: (_, r) => (
            <span title={r.action}>{t(`auditAction.${r.action.replace(/\./g, '_')}`, { defaultValue: r.action })}</span>
          ),
        },
        { title: t('audit.entity'), render: (_, r) => t(`auditEntity.${r.entity}`, { defaultValue: r.entity }) },
        { title: t('audit.reason'), dataIndex: 'reason' },
      ]}
    />
  );
}
