import { graphql } from '../../gql';
import type { Decision, Grade, MidtermGradesQuery } from '../../gql/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Input, InputNumber, Modal, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, money, projectTitle } from '../../lib/format';
import { Loading } from '../../components/Loading';
import type { Round } from './types';

const MIDTERM_GRADES = graphql(`
  query MidtermGrades($roundId: ID!) {
    midtermGrades(roundId: $roundId) {
      grade
      proposedGrade
      panelGrade
      panelGradeReason
      value
      continueShare
      shenzhenLanding
      project {
        id
        externalId
        title
        titleEn
      }
    }
    decisions(roundId: $roundId) {
      id
      projectId
      decision
      amount
      grade
      note
    }
  }
`);
const SET_PANEL_GRADE = graphql(`
  mutation SetPanelGrade($roundId: ID!, $projectId: ID!, $grade: Grade, $reason: String) {
    setPanelGrade(roundId: $roundId, projectId: $projectId, grade: $grade, reason: $reason)
  }
`);
const RECORD_OUTCOME = graphql(`
  mutation RecordOutcome($roundId: ID!, $projectId: ID!, $decision: Decision!, $amount: Float, $note: String) {
    recordDecision(roundId: $roundId, projectId: $projectId, decision: $decision, amount: $amount, note: $note) {
      id
      decision
      amount
    }
  }
`);

type Row = MidtermGradesQuery['midtermGrades'][number];
const GRADE_COLOR: Record<string, string> = { EXCELLENT: 'gold', PASS: 'green', FAIL: 'red' };
const OUTCOMES: Decision[] = ['CONTINUE', 'COMPLETE', 'TERMINATE'];

/**
 * The mid-term decision table: each project's grade from the thresholds, the panel's own grade
 * (with its reason), the Shenzhen landing commitment, the phase-2 amount, and the outcome —
 * continue (phase 2), complete (phase 1 ends normally) or terminate. The server enforces the rules;
 * the buttons say which apply.
 */
export function MidtermDecisions({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { message } = App.useApp();
  const q = useQuery(MIDTERM_GRADES, { variables: { roundId: round.id } });
  const [setPanelGrade, panelState] = useMutation(SET_PANEL_GRADE);
  const [record] = useMutation(RECORD_OUTCOME);
  const [amounts, setAmounts] = useState<Record<string, number | null>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [grading, setGrading] = useState<{ row: Row; grade: Grade | null; reason: string } | null>(null);
  if (q.loading && !q.data) return <Loading />;
  if (q.error) return <Alert type="error" showIcon title={errorText(q.error)} />;
  const rows = q.data?.midtermGrades ?? [];
  const decided = new Map((q.data?.decisions ?? []).map((d) => [d.projectId, d]));
  const open = round.status === 'CLOSED';
  const phase2 = [...decided.values()].filter((d) => d.decision === 'CONTINUE' && d.amount);
  const act = async (r: Row, decision: Decision) => {
    try {
      await record({
        variables: {
          roundId: round.id,
          projectId: r.project.id,
          decision,
          amount: decision === 'CONTINUE' && r.shenzhenLanding ? (amounts[r.project.id] ?? null) : null,
          note: notes[r.project.id]?.trim() || decided.get(r.project.id)?.note || null,
        },
      });
      void q.refetch();
      message.success(t('decisions.recorded'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const saveGrade = async () => {
    if (!grading) return;
    try {
      await setPanelGrade({
        variables: {
          roundId: round.id,
          projectId: grading.row.project.id,
          grade: grading.grade,
          reason: grading.reason,
        },
      });
      setGrading(null);
      void q.refetch();
      message.success(t('midterm.graded'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space size="large" wrap>
        {OUTCOMES.map((o) => (
          <Statistic
            key={o}
            title={t(`decision.${o}`)}
            value={[...decided.values()].filter((d) => d.decision === o).length}
          />
        ))}
        <Statistic
          title={t('midterm.phase2Total')}
          value={money(
            phase2.reduce((a, d) => a + (d.amount ?? 0), 0),
            lang,
          )}
        />
      </Space>
      {!open && <Alert type="info" showIcon title={t('decisions.whenClosed')} />}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('midterm.rules')}
      </Typography.Paragraph>
      <Table<Row>
        size="small"
        rowKey={(r) => r.project.id}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        columns={[
          { title: t('reviewer.project'), render: (_, r) => `${r.project.externalId} · ${projectTitle(r.project)}` },
          { title: t('ranking.value'), width: 70, align: 'right', render: (_, r) => r.value.toFixed(1) },
          {
            title: t('midterm.continueShare'),
            width: 80,
            align: 'right',
            render: (_, r) => `${Math.round(r.continueShare * 100)}%`,
          },
          {
            title: t('midterm.proposedGrade'),
            width: 90,
            render: (_, r) => <Tag color={GRADE_COLOR[r.proposedGrade]}>{t(`grade.${r.proposedGrade}`)}</Tag>,
          },
          {
            title: t('midterm.panelGrade'),
            width: 150,
            render: (_, r) => (
              <Space size={4} wrap>
                {r.panelGrade ? (
                  <Tag color={GRADE_COLOR[r.panelGrade]} title={r.panelGradeReason ?? ''}>
                    {t(`grade.${r.panelGrade}`)}
                  </Tag>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                )}
                <Button
                  size="small"
                  autoInsertSpace={false}
                  disabled={round.status === 'FINALIZED'}
                  onClick={() =>
                    setGrading({
                      row: r,
                      grade: (r.panelGrade as Grade | null) ?? null,
                      reason: r.panelGradeReason ?? '',
                    })
                  }
                  aria-label={t('midterm.gradeFor', { project: r.project.externalId })}
                >
                  {t('midterm.grade')}
                </Button>
              </Space>
            ),
          },
          {
            title: t('midterm.landing'),
            width: 90,
            render: (_, r) =>
              r.shenzhenLanding ? <Tag color="blue">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>,
          },
          {
            title: t('midterm.phase2Amount'),
            width: 150,
            render: (_, r) =>
              r.shenzhenLanding && r.grade === 'EXCELLENT' ? (
                <InputNumber
                  size="small"
                  min={0}
                  step={100000}
                  style={{ width: 140 }}
                  placeholder={t('midterm.phase2Default')}
                  value={amounts[r.project.id] ?? undefined}
                  onChange={(v) => setAmounts({ ...amounts, [r.project.id]: v })}
                  disabled={!open}
                  aria-label={t('midterm.phase2AmountFor', { project: r.project.externalId })}
                />
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            title: t('decisions.decision'),
            width: 130,
            render: (_, r) => {
              const d = decided.get(r.project.id);
              return d ? (
                <Tag color={d.decision === 'CONTINUE' ? 'green' : d.decision === 'COMPLETE' ? 'blue' : 'default'}>
                  {t(`decision.${d.decision}`)} {d.amount ? money(d.amount, lang) : ''}
                </Tag>
              ) : (
                '—'
              );
            },
          },
          {
            title: t('decisions.note'),
            width: 180,
            render: (_, r) => (
              <Input
                size="small"
                placeholder={t('midterm.notePlaceholder')}
                value={notes[r.project.id] ?? decided.get(r.project.id)?.note ?? ''}
                onChange={(e) => setNotes({ ...notes, [r.project.id]: e.target.value })}
                disabled={!open}
                aria-label={t('midterm.noteFor', { project: r.project.externalId })}
              />
            ),
          },
          {
            title: '',
            width: 200,
            render: (_, r) => (
              <Space size={4} wrap>
                {OUTCOMES.map((o) => (
                  <Button
                    key={o}
                    size="small"
                    autoInsertSpace={false}
                    disabled={
                      !open || (o === 'CONTINUE' && r.grade !== 'EXCELLENT') || (o === 'COMPLETE' && r.grade === 'FAIL')
                    }
                    onClick={() => void act(r, o)}
                    aria-label={`${t(`decision.${o}`)} ${r.project.externalId}`}
                  >
                    {t(`decision.${o}`)}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={grading !== null}
        title={grading ? t('midterm.gradeTitle', { project: grading.row.project.externalId }) : ''}
        onCancel={() => setGrading(null)}
        onOk={() => void saveGrade()}
        okText={t('midterm.saveGrade')}
        cancelText={t('common.cancel')}
        confirmLoading={panelState.loading}
        okButtonProps={{ disabled: !!grading?.grade && (grading?.reason.trim().length ?? 0) < 2 }}
      >
        {grading && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>
              {t('midterm.proposedIs', { grade: t(`grade.${grading.row.proposedGrade}`) })}
            </Typography.Text>
            <Select<Grade | 'NONE'>
              style={{ width: 240 }}
              value={grading.grade ?? 'NONE'}
              aria-label={t('midterm.panelGrade')}
              onChange={(v) => setGrading({ ...grading, grade: v === 'NONE' ? null : v })}
              options={[
                { value: 'NONE', label: t('midterm.useThresholds') },
                { value: 'EXCELLENT', label: t('grade.EXCELLENT') },
                { value: 'PASS', label: t('grade.PASS') },
                { value: 'FAIL', label: t('grade.FAIL') },
              ]}
            />
            <Input.TextArea
              rows={3}
              value={grading.reason}
              onChange={(e) => setGrading({ ...grading, reason: e.target.value })}
              placeholder={t('midterm.reasonPlaceholder')}
              aria-label={t('midterm.reason')}
              disabled={!grading.grade}
            />
          </Space>
        )}
      </Modal>
    </Space>
  );
}
