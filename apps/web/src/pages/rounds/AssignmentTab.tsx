import { graphql } from '../../gql';
import { RunProgress } from '../../components/RunProgress';
import { usePolling } from '../../lib/usePolling';
import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import type { RunQuery } from '../../gql/graphql';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  InputNumber,
  Progress,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/format';
import { AssignmentCharts } from '../../components/Charts';
import { ManualAssignments } from './ManualAssignments';
import type { Round } from './types';

const GENERATE = graphql(`
  mutation Generate($roundId: ID!, $input: AssignmentOptions) {
    generateAssignments(roundId: $roundId, input: $input) {
      id
      status
      progress
    }
  }
`);
const RUN = graphql(`
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
        addedCount
        removedCount
        coverageCount
        incompleteCount
        loadsCount
        disciplineCoverage {
          discipline
          projects
        }
        loadHistogram {
          load
          reviewers
        }
      }
    }
  }
`);
/** One page of a run's preview: the proposal is read a table page at a time, never whole. */
const PREVIEW_PAGE = graphql(`
  query PreviewPage(
    $id: ID!
    $first: Int!
    $offset: Int!
    $incomplete: Boolean!
    $added: Boolean!
    $coverage: Boolean!
    $loads: Boolean!
  ) {
    assignmentRun(id: $id) {
      id
      preview {
        added(first: $first, offset: $offset) @include(if: $added) {
          projectId
          projectTitle
          reviewerId
          reviewerName
          covers
          affinity
        }
        coverage(first: $first, offset: $offset, incomplete: $incomplete) @include(if: $coverage) {
          projectId
          projectTitle
          reviewers
          covers
        }
        loads(first: $first, offset: $offset) @include(if: $loads) {
          reviewerId
          reviewerName
          load
          maxLoad
        }
      }
    }
  }
`);
const PREVIEW_PAGE_SIZE = 20;
const APPLY = graphql(`
  mutation Apply($runId: ID!) {
    applyAssignmentRun(runId: $runId) {
      added
      removed
      unchanged
    }
  }
`);
export function AssignmentTab({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [runId, setRunId] = useState<string | null>(null);
  const [maxLoad, setMaxLoad] = useState<number | null>(null);
  const [objective, setObjective] = useState<'SUM' | 'FAIR' | 'RANDOMIZED'>('SUM');
  const [maxProbability, setMaxProbability] = useState<number | null>(0.5);
  const [seed, setSeed] = useState<number | null>(null);
  const [generate, genState] = useMutation(GENERATE);
  const [poll, runQ] = useLazyQuery(RUN, { fetchPolicy: 'network-only' });
  const [apply, applyState] = useMutation(APPLY);
  const run = runQ.data?.assignmentRun;
  usePolling(
    runId,
    useCallback((id: string) => void poll({ variables: { id } }), [poll]),
  );
  useEffect(() => {
    if (run && (run.status === 'DONE' || run.status === 'FAILED' || run.status === 'CANCELLED')) setRunId(null);
  }, [run]);
  const editable = round.status === 'DRAFT' || round.status === 'OPEN';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ManualAssignments round={round} />
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
        <RunProgress run={run} label={t('assign.progress')} onCancelled={() => setRunId(null)} />
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
                      added: run.preview!.addedCount,
                      removed: run.preview!.removedCount,
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
            <Statistic title={t('assign.added')} value={run.preview.addedCount} />
            <Statistic title={t('assign.removed')} value={run.preview.removedCount} />
            <Statistic title={t('assign.unchanged')} value={run.preview.unchanged} />
          </Space>
          <PreviewTables runId={run.id} preview={run.preview} />
        </Card>
      )}
    </Space>
  );
}

type PreviewSummary = NonNullable<RunQuery['assignmentRun']['preview']>;

/**
 * The proposal's charts (from the server's counts) and its tables, each read from the server a
 * page at a time: a big round's preview is never sent whole.
 */
function PreviewTables({ runId, preview }: { runId: string; preview: PreviewSummary }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState('charts');
  const [pages, setPages] = useState({ coverage: 1, loads: 1, added: 1 });
  const [onlyIncomplete, setOnlyIncomplete] = useState(false);
  const which = tab as keyof typeof pages;
  const page = useQuery(PREVIEW_PAGE, {
    variables: {
      id: runId,
      first: PREVIEW_PAGE_SIZE,
      offset: ((pages[which] ?? 1) - 1) * PREVIEW_PAGE_SIZE,
      incomplete: onlyIncomplete,
      // only the open tab's list is read
      added: tab === 'added',
      coverage: tab === 'coverage',
      loads: tab === 'loads',
    },
    skip: tab === 'charts',
  });
  const rows = (page.data ?? page.previousData)?.assignmentRun.preview;
  const pager = (key: keyof typeof pages, total: number) => ({
    current: pages[key],
    pageSize: PREVIEW_PAGE_SIZE,
    total,
    showSizeChanger: false,
    showTotal: (n: number) => t('assign.pageTotal', { n }),
    onChange: (n: number) => setPages((p) => ({ ...p, [key]: n })),
  });
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        {
          key: 'charts',
          label: t('assign.charts'),
          children: (
            <AssignmentCharts
              projects={preview.coverageCount}
              disciplines={preview.disciplineCoverage}
              loads={preview.loadHistogram}
            />
          ),
        },
        {
          key: 'coverage',
          label: t('assign.coverage'),
          children: (
            <>
              <Checkbox
                checked={onlyIncomplete}
                onChange={(e) => {
                  setOnlyIncomplete(e.target.checked);
                  setPages((p) => ({ ...p, coverage: 1 }));
                }}
                style={{ marginBottom: 8 }}
              >
                {t('assign.onlyIncomplete', { n: preview.incompleteCount })}
              </Checkbox>
              <Table
                size="small"
                rowKey="projectId"
                loading={page.loading}
                dataSource={rows?.coverage ?? []}
                pagination={pager('coverage', onlyIncomplete ? preview.incompleteCount : preview.coverageCount)}
                columns={[
                  { title: t('reviewer.project'), dataIndex: 'projectTitle' },
                  { title: t('assign.reviewers'), dataIndex: 'reviewers', align: 'right' },
                  {
                    title: t('assign.covers'),
                    render: (_, r) => r.covers.map((c, i) => <Tag key={c + i}>{t(`discipline.${c}`)}</Tag>),
                  },
                ]}
              />
            </>
          ),
        },
        {
          key: 'loads',
          label: t('assign.loads'),
          children: (
            <Table
              size="small"
              rowKey="reviewerId"
              loading={page.loading}
              dataSource={rows?.loads ?? []}
              pagination={pager('loads', preview.loadsCount)}
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
              rowKey={(r) => r.projectId + r.reviewerId}
              loading={page.loading}
              dataSource={rows?.added ?? []}
              pagination={pager('added', preview.addedCount)}
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
  );
}
