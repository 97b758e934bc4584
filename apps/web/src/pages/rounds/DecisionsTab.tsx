import { graphql } from '../../gql';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Input, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, money, projectTitle } from '../../lib/format';
import { Loading } from '../../components/Loading';
import type { Decision, DecisionRankingQuery } from '../../gql/graphql';
import { MidtermDecisions } from './MidtermDecisions';
import type { Round } from './types';

const PANEL_RESULTS = graphql(`
  query PanelResults($roundId: ID!) {
    panelResults(roundId: $roundId) {
      projectId
      passed
      yes
      no
      abstain
    }
  }
`);
const DECISIONS = graphql(`
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
`);
const PROPOSED = graphql(`
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
`);
/** The ranking a page at a time (the server ranks the whole round and sends one page). */
const RANKING = graphql(`
  query DecisionRanking($roundId: ID!, $first: Int!, $offset: Int!) {
    rankingPage(roundId: $roundId, method: CALIBRATED, first: $first, offset: $offset) {
      total
      items {
        rank
        value
        direction {
          number
        }
        project {
          id
          externalId
          title
          titleEn
        }
      }
    }
  }
`);
const PAGE_SIZE = 50;
type Ranked = DecisionRankingQuery['rankingPage']['items'][number];
const RECORD = graphql(`
  mutation Record($roundId: ID!, $projectId: ID!, $decision: Decision!, $amount: Float, $note: String) {
    recordDecision(roundId: $roundId, projectId: $projectId, decision: $decision, amount: $amount, note: $note) {
      id
      decision
      amount
      version
    }
  }
`);
export function DecisionsTab({ round }: { round: Round }) {
  return round.kind === 'MIDTERM' ? <MidtermDecisions round={round} /> : <InitialDecisions round={round} />;
}

/** The initial selection: fund or decline, in rank order, within the awards cap and budgets. */
function InitialDecisions({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const decisions = useQuery(DECISIONS, { variables: { roundId: round.id } });
  const panels = useQuery(PANEL_RESULTS, { variables: { roundId: round.id } });
  const panelOf = new Map((panels.data?.panelResults ?? []).map((p) => [p.projectId, p]));
  const [page, setPage] = useState(1);
  const ranking = useQuery(RANKING, {
    variables: { roundId: round.id, first: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  });
  const ranked = (ranking.data ?? ranking.previousData)?.rankingPage;
  const proposed = useQuery(PROPOSED, { variables: { roundId: round.id } });
  const [record] = useMutation(RECORD);
  // notes as typed; a project not touched here shows the note stored with its decision
  const [edited, setNote] = useState<Record<string, string>>({});
  const byProject = new Map((decisions.data?.decisions ?? []).map((d) => [d.projectId, d]));
  const noteOf = (projectId: string) => edited[projectId] ?? byProject.get(projectId)?.note ?? '';
  const proposedIds = new Set((proposed.data?.proposedAwards ?? []).map((p) => p.project.id));
  const funded = (decisions.data?.decisions ?? []).filter((d) => d.decision === 'FUND' || d.decision === 'CONTINUE');
  const spent = funded.reduce((a, d) => a + (d.amount ?? 0), 0);
  const options: Decision[] = ['FUND', 'DECLINE'];
  const act = async (projectId: string, decision: Decision) => {
    try {
      await record({ variables: { roundId: round.id, projectId, decision, note: noteOf(projectId) || null } });
      void decisions.refetch();
      message.success(t('decisions.recorded'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  if (ranking.loading && !ranked) return <Loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space size="large">
        <Statistic title={t('decisions.funded')} value={funded.length} suffix="/ 14" />
        <Statistic title={t('decisions.budget')} value={money(spent, i18n.language)} />
      </Space>
      {round.status !== 'CLOSED' && <Alert type="info" showIcon title={t('decisions.whenClosed')} />}
      <Table<Ranked>
        size="small"
        rowKey={(r) => r.project.id}
        loading={ranking.loading}
        dataSource={ranked?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: ranked?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: setPage,
        }}
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
            title: t('decisions.panel'),
            width: 120,
            render: (_, r) => {
              const p = panelOf.get(r.project.id);
              return p ? (
                <Tag color={p.passed ? 'success' : 'error'} title={`${p.yes} / ${p.no} / ${p.abstain}`}>
                  {p.passed ? t('panel.passed') : t('panel.failed')} {p.yes}:{p.no}:{p.abstain}
                </Tag>
              ) : (
                '—'
              );
            },
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
