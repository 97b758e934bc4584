import { graphql } from '../../gql';
import { RunProgress } from '../../components/RunProgress';
import { usePolling } from '../../lib/usePolling';
import { useLazyQuery, useMutation } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
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
`);
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
