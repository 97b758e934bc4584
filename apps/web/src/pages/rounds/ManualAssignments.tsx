import { graphql } from '../../gql';
import type { RoundAssignmentsQuery } from '../../gql/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, projectTitle } from '../../lib/format';
import type { Round } from './types';

const ROUND_ASSIGNMENTS = graphql(`
  query RoundAssignments($roundId: ID!) {
    assignments(roundId: $roundId) {
      id
      covers
      locked
      source
      project {
        id
        externalId
        title
        titleEn
      }
      reviewer {
        id
        name
      }
    }
    reviewerPool(roundId: $roundId) {
      id
      name
      disciplines
      disabled
      assigned
    }
  }
`);
const ASSIGN = graphql(`
  mutation AssignReviewer($roundId: ID!, $projectId: ID!, $reviewerId: ID!) {
    assignReviewer(roundId: $roundId, projectId: $projectId, reviewerId: $reviewerId) {
      id
    }
  }
`);
const REMOVE = graphql(`
  mutation RemoveAssignment($assignmentId: ID!) {
    removeAssignment(assignmentId: $assignmentId)
  }
`);

type Row = RoundAssignmentsQuery['assignments'][number];

/**
 * A project's panel by hand: the officer adds a reviewer (locked: the solver keeps the pair; a
 * conflicted pair is refused with its evidence) or removes one, before the round closes.
 */
export function ManualAssignments({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const q = useQuery(ROUND_ASSIGNMENTS, { variables: { roundId: round.id }, fetchPolicy: 'network-only' });
  const [assign, assignState] = useMutation(ASSIGN);
  const [remove] = useMutation(REMOVE);
  const [projectId, setProjectId] = useState<string | undefined>();
  const [reviewerId, setReviewerId] = useState<string | undefined>();
  const editable = round.status === 'DRAFT' || round.status === 'OPEN';
  const rows = q.data?.assignments ?? [];
  const projects = new Map<string, Row['project']>();
  for (const a of rows) projects.set(a.project.id, a.project);
  const panel = rows.filter((a) => a.project.id === projectId);
  const onPanel = new Set(panel.map((a) => a.reviewer?.id));
  const add = async () => {
    if (!projectId || !reviewerId) return;
    try {
      await assign({ variables: { roundId: round.id, projectId, reviewerId } });
      setReviewerId(undefined);
      void q.refetch();
      message.success(t('manual.assigned'));
    } catch (e) {
      modal.error({ title: t('manual.refused'), content: errorText(e) });
    }
  };
  return (
    <Card size="small" title={t('manual.title')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('manual.help')}</Typography.Text>
        {!editable && <Alert type="info" showIcon title={t('manual.closed')} />}
        <Select
          showSearch
          optionFilterProp="label"
          style={{ width: '100%', maxWidth: 640 }}
          placeholder={t('manual.chooseProject')}
          aria-label={t('manual.chooseProject')}
          value={projectId}
          onChange={setProjectId}
          options={[...projects.values()].map((p) => ({ value: p.id, label: `${p.externalId} · ${projectTitle(p)}` }))}
        />
        {projectId && (
          <>
            <Space wrap data-testid="manual-panel">
              {panel.map((a) => (
                <Tag
                  key={a.id}
                  color={a.locked ? 'blue' : undefined}
                  closable={editable}
                  onClose={(e) => {
                    e.preventDefault();
                    modal.confirm({
                      title: t('manual.removeConfirm', { name: a.reviewer?.name }),
                      okText: t('manual.remove'),
                      cancelText: t('common.cancel'),
                      onOk: async () => {
                        try {
                          await remove({ variables: { assignmentId: a.id } });
                          void q.refetch();
                          message.success(t('manual.removed'));
                        } catch (err) {
                          message.error(errorText(err));
                        }
                      },
                    });
                  }}
                >
                  {a.reviewer?.name}
                  {a.covers ? ` · ${t(`discipline.${a.covers}`)}` : ''}
                  {a.locked ? ` · ${t('manual.locked')}` : ''}
                </Tag>
              ))}
            </Space>
            {editable && (
              <Space wrap>
                <Select
                  showSearch
                  optionFilterProp="label"
                  style={{ width: 320 }}
                  placeholder={t('manual.chooseReviewer')}
                  aria-label={t('manual.chooseReviewer')}
                  value={reviewerId}
                  onChange={setReviewerId}
                  options={(q.data?.reviewerPool ?? [])
                    .filter((r) => !r.disabled && !onPanel.has(r.id))
                    .map((r) => ({
                      value: r.id,
                      label: `${r.name} · ${r.disciplines.map((d) => t(`discipline.${d}`)).join('、')} · ${t('manual.load', { n: r.assigned })}`,
                    }))}
                />
                <Button onClick={() => void add()} disabled={!reviewerId} loading={assignState.loading}>
                  {t('manual.assign')}
                </Button>
              </Space>
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
