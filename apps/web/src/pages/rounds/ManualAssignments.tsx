import { graphql } from '../../gql';

import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, projectTitle } from '../../lib/format';
import type { Round } from './types';

const PROJECT_CHOICES = graphql(`
  query RoundProjectChoices($programId: ID!, $roundId: ID!, $search: String) {
    projectPage(programId: $programId, roundId: $roundId, search: $search, first: 30) {
      total
      items {
        id
        externalId
        title
        titleEn
      }
    }
  }
`);
const PANEL = graphql(`
  query ProjectPanel($roundId: ID!, $projectId: ID!) {
    assignmentPage(roundId: $roundId, projectId: $projectId, first: 100) {
      items {
        id
        covers
        locked
        source
        reviewer {
          id
          name
        }
      }
    }
  }
`);
const REVIEWER_CHOICES = graphql(`
  query RoundReviewerChoices($roundId: ID!, $search: String) {
    reviewerPoolPage(roundId: $roundId, search: $search, first: 30) {
      total
      items {
        id
        name
        disciplines
        disabled
        assigned
      }
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

/**
 * A project's panel by hand: the officer adds a reviewer (locked: the solver keeps the pair; a
 * conflicted pair is refused with its evidence) or removes one, before the round closes.
 */
export function ManualAssignments({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [projectId, setProjectId] = useState<string | undefined>();
  const [reviewerId, setReviewerId] = useState<string | undefined>();
  const editable = round.status === 'DRAFT' || round.status === 'OPEN';
  // the round's projects, found by number or title on the server (a big round has thousands)
  const [search, setSearch] = useState('');
  const choices = useQuery(PROJECT_CHOICES, {
    variables: { programId: round.programId, roundId: round.id, search: search.trim() || null },
  });
  const found = (choices.data ?? choices.previousData)?.projectPage;
  const q = useQuery(PANEL, {
    variables: { roundId: round.id, projectId: projectId ?? '' },
    skip: !projectId,
    fetchPolicy: 'network-only',
  });
  // the round's reviewers, found by name, e-mail, institution or keyword on the server
  const [reviewerSearch, setReviewerSearch] = useState('');
  const reviewers = useQuery(REVIEWER_CHOICES, {
    variables: { roundId: round.id, search: reviewerSearch.trim() || null },
    skip: !projectId || !editable,
  });
  const pool = (reviewers.data ?? reviewers.previousData)?.reviewerPoolPage;
  const [assign, assignState] = useMutation(ASSIGN);
  const [remove] = useMutation(REMOVE);
  const panel = q.data?.assignmentPage.items ?? [];
  const onPanel = new Set(panel.map((a) => a.reviewer?.id));
  const add = async () => {
    if (!projectId || !reviewerId) return;
    try {
      await assign({ variables: { roundId: round.id, projectId, reviewerId } });
      setReviewerId(undefined);
      void q.refetch();
      void reviewers.refetch();
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
          filterOption={false}
          onSearch={setSearch}
          loading={choices.loading}
          style={{ width: '100%', maxWidth: 640 }}
          placeholder={t('manual.chooseProject')}
          aria-label={t('manual.chooseProject')}
          value={projectId}
          onChange={setProjectId}
          notFoundContent={choices.loading ? t('common.loading') : t('manual.noProject')}
          options={(found?.items ?? []).map((p) => ({ value: p.id, label: `${p.externalId} · ${projectTitle(p)}` }))}
        />
        {(found?.total ?? 0) > (found?.items.length ?? 0) && (
          <Typography.Text type="secondary">
            {t('manual.more', { shown: found!.items.length, total: found!.total })}
          </Typography.Text>
        )}
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
                  filterOption={false}
                  onSearch={setReviewerSearch}
                  loading={reviewers.loading}
                  style={{ width: 320 }}
                  placeholder={t('manual.chooseReviewer')}
                  aria-label={t('manual.chooseReviewer')}
                  value={reviewerId}
                  onChange={setReviewerId}
                  notFoundContent={reviewers.loading ? t('common.loading') : t('manual.noReviewer')}
                  options={(pool?.items ?? [])
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
