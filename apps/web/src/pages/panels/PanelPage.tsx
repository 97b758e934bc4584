import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Empty, Input, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { createClient } from 'graphql-ws';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Loading, LoadError } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { ReportView } from '../../components/ReportView';
import { graphql } from '../../gql';
import type { PanelMeetingQuery } from '../../gql/graphql';
import { refreshTokens, tokens } from '../../lib/auth';
import { beijing, errorText } from '../../lib/format';
import { PROGRESS_REPORT } from '../../lib/queries';
import { useSession } from '../../lib/session';
import { RECEIPTS, newReceipt, receiptOf, type VoteChoice } from './receipts';

const SELECTION = `id roundId titleZh titleEn kind startsAt location status currentProjectId version
  rules { quorum threshold changeableVotes }
  members { id userId name role present }
  items { id projectId externalId title titleEn position slotStart slotMinutes result recusedMe reviews meanTotal notes panelGrade panelGradeReason
    rank calibrated ciLow ciHigh flags
    mailReviews { code total rating recommendation comment }
    targets { key labelZh labelEn unit min max }
    recused { userId name }
    ballots { id status eligible unconflicted votesCast yes no abstain quorumMet passed recused canVote hasVoted canChange proposedGrade } }`;

export const PANEL_MEETING = graphql(`
  query PanelMeeting($id: ID!) {
    panelMeeting(id: $id) {
      id
      roundId
      titleZh
      titleEn
      kind
      startsAt
      location
      status
      currentProjectId
      version
      rules {
        quorum
        threshold
        changeableVotes
      }
      members {
        id
        userId
        name
        role
        present
      }
      items {
        id
        projectId
        externalId
        title
        titleEn
        position
        slotStart
        slotMinutes
        result
        recusedMe
        reviews
        meanTotal
        notes
        panelGrade
        panelGradeReason
        rank
        calibrated
        ciLow
        ciHigh
        flags
        mailReviews {
          code
          total
          rating
          recommendation
          comment
        }
        targets {
          key
          labelZh
          labelEn
          unit
          min
          max
        }
        recused {
          userId
          name
        }
        ballots {
          id
          status
          eligible
          unconflicted
          votesCast
          yes
          no
          abstain
          quorumMet
          passed
          recused
          canVote
          hasVoted
          canChange
          proposedGrade
        }
      }
    }
  }
`);
const ATTEND = graphql(`
  mutation MarkAttendance($meetingId: ID!, $userId: ID!, $present: Boolean!) {
    markAttendance(meetingId: $meetingId, userId: $userId, present: $present) {
      id
      present
    }
  }
`);
const MOVE = graphql(`
  mutation MoveToProject($meetingId: ID!, $projectId: ID!) {
    moveToProject(meetingId: $meetingId, projectId: $projectId) {
      id
      currentProjectId
    }
  }
`);
const OPEN = graphql(`
  mutation OpenBallot($meetingId: ID!, $projectId: ID!, $grade: String) {
    openBallot(meetingId: $meetingId, projectId: $projectId, grade: $grade) {
      id
      status
    }
  }
`);
const VOTE = graphql(`
  mutation CastVote($ballotId: ID!, $vote: Vote!, $receipt: String) {
    castVote(ballotId: $ballotId, vote: $vote, receipt: $receipt)
  }
`);
const NOTES = graphql(`
  mutation SetPanelNotes($meetingId: ID!, $projectId: ID!, $notes: String) {
    setPanelNotes(meetingId: $meetingId, projectId: $projectId, notes: $notes) {
      id
      version
    }
  }
`);
const GRADE = graphql(`
  mutation GradeInMeeting($meetingId: ID!, $projectId: ID!, $grade: String, $reason: String) {
    gradeInMeeting(meetingId: $meetingId, projectId: $projectId, grade: $grade, reason: $reason) {
      id
      version
    }
  }
`);
const CLOSE = graphql(`
  mutation CloseBallot($ballotId: ID!) {
    closeBallot(ballotId: $ballotId) {
      id
      status
      passed
    }
  }
`);

type Meeting = PanelMeetingQuery['panelMeeting'];
type Item = Meeting['items'][number];

/**
 * The meeting as it happens: every screen follows the chair (a graphql-ws subscription; every
 * 5 seconds a plain refetch as well, should the socket be blocked). Members vote from their
 * phones; a recused member is told to leave and sees nothing of the item; the chair (or an
 * officer) marks attendance, moves through the agenda, opens and closes ballots. `room` is the
 * read-only display for the meeting room.
 */
export default function PanelPage({ room = false }: { room?: boolean }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { id = '' } = useParams();
  const { me } = useSession();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(PANEL_MEETING, {
    variables: { id },
    pollInterval: 5000,
    fetchPolicy: 'cache-and-network',
  });
  const [live, setLive] = useState<Meeting | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const client = createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      connectionParams: async () => {
        await refreshTokens().catch(() => undefined);
        const tok = tokens.get();
        return tok ? { authorization: `Bearer ${tok.accessToken}` } : {};
      },
      lazy: false,
      retryAttempts: 1000,
      on: { connected: () => setConnected(true), closed: () => setConnected(false) },
    });
    const stop = client.subscribe<{ panelMeetingUpdated: Meeting }>(
      {
        query: `subscription PanelMeetingUpdated($m: ID!) { panelMeetingUpdated(meetingId: $m) { ${SELECTION} } }`,
        variables: { m: id },
      },
      {
        next: (msg) => {
          if (msg.data) setLive(msg.data.panelMeetingUpdated);
        },
        error: () => setConnected(false),
        complete: () => undefined,
      },
    );
    return () => {
      stop();
      void client.dispose();
    };
  }, [id]);
  const after = { onCompleted: () => void refetch(), onError: (e: unknown) => void message.error(errorText(e)) };
  const [attend] = useMutation(ATTEND, after);
  const [move] = useMutation(MOVE, after);
  const [open] = useMutation(OPEN, after);
  const [vote, voting] = useMutation(VOTE, after);
  /** A vote; where votes may change, with this tab's receipt for the ballot (a new one at the first vote). */
  const cast = async (ballotId: string, v: VoteChoice, changeable: boolean) => {
    const kept = changeable ? receiptOf(ballotId) : null;
    const receipt = changeable ? (kept?.receipt ?? newReceipt()) : null;
    const r = await vote({ variables: { ballotId, vote: v, receipt } });
    if (r.data?.castVote && receipt) {
      try {
        sessionStorage.setItem(RECEIPTS + ballotId, JSON.stringify({ receipt, vote: v }));
      } catch {
        /* storage off: the vote counts, it just cannot be changed from here */
      }
    }
  };
  const [close] = useMutation(CLOSE, after);
  const [saveNotes] = useMutation(NOTES, {
    onCompleted: () => {
      void refetch();
      void message.success(t('panel.saved'));
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const [setGrade] = useMutation(GRADE, {
    onCompleted: () => {
      void refetch();
      void message.success(t('panel.saved'));
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const fetched = data?.panelMeeting;
  // the newer of the two (the subscription's push, or the last fetch)
  const m = live && fetched ? (live.version >= fetched.version ? live : fetched) : (live ?? fetched);
  if (loading && !m) return <Loading />;
  if (error && !m) return <LoadError message={errorText(error)} onRetry={refetch} />;
  if (!m) return null;
  const mine = m.members.find((x) => x.userId === me?.id);
  const runs =
    !room &&
    (me?.roles.includes('PROGRAM_OFFICER') ||
      me?.roles.includes('ADMIN') ||
      mine?.role === 'CHAIR' ||
      mine?.role === 'VICE_CHAIR');
  const current = m.items.find((x) => x.projectId === m.currentProjectId) ?? null;
  const titleOf = (x: Item) => `${x.externalId} · ${zh ? x.title : x.titleEn || x.title}`;
  const openBallot = (x: Item) => x.ballots.find((b) => b.status === 'OPEN') ?? null;
  const lastClosed = (x: Item) => [...x.ballots].reverse().find((b) => b.status === 'CLOSED') ?? null;
  const big = room ? { fontSize: 28 } : {};

  const currentPanel = current ? (
    <Panel title={t('panel.current')}>
      <Typography.Title level={2} style={{ fontSize: room ? 36 : 20 }} data-testid="panel-current">
        {titleOf(current)}
      </Typography.Title>
      {current.recused.length > 0 && (
        <Typography.Paragraph style={big} data-testid="panel-recused">
          {t('panel.recusedList', { names: current.recused.map((r) => r.name).join('、') })}
        </Typography.Paragraph>
      )}
      {current.recusedMe ? (
        <Typography.Paragraph type="danger" style={{ fontSize: 18 }} role="alert" data-testid="panel-leave">
          {t('panel.leave')}
        </Typography.Paragraph>
      ) : (
        !room && (
          <>
            <ItemSummary item={current} />
            {m.kind === 'DEFENCE' && <ItemReport projectId={current.projectId} roundId={m.roundId} />}
          </>
        )
      )}
      <BallotView item={current} big={room} />
      {!room &&
        (() => {
          const b = openBallot(current);
          if (!b) return null;
          const kept = m.rules.changeableVotes ? receiptOf(b.id) : null;
          const buttons = (b.canVote || (b.canChange && kept)) && (
            <Space wrap style={{ marginTop: 12 }} data-testid="vote-buttons">
              {(['YES', 'NO', 'ABSTAIN'] as const).map((v) => (
                <Button
                  key={v}
                  size="large"
                  type={v === 'YES' ? 'primary' : 'default'}
                  danger={v === 'NO'}
                  disabled={kept?.vote === v}
                  loading={voting.loading}
                  style={{ minWidth: 96, minHeight: 48 }}
                  onClick={() => void cast(b.id, v, m.rules.changeableVotes)}
                >
                  {t(`panel.votes.${v}`)}
                </Button>
              ))}
            </Space>
          );
          return (
            <>
              {b.hasVoted && (
                <Typography.Paragraph type="success" style={{ marginTop: 12, marginBottom: 0 }} data-testid="voted">
                  {t('panel.voted')}
                  {kept &&
                    ` · ${t('panel.yourVote', { vote: t(`panel.votes.${kept.vote}`) })} · ${t('panel.changeHint')}`}
                  {b.canChange && !kept && ` · ${t('panel.votedElsewhere')}`}
                </Typography.Paragraph>
              )}
              {buttons}
            </>
          );
        })()}
      {!current.recusedMe && current.notes && !runs && (
        <Typography.Paragraph type="secondary">
          {t('panel.notes')}
          {zh ? '：' : ': '}
          {current.notes}
        </Typography.Paragraph>
      )}
      {runs && !current.recusedMe && (
        <ChairTools
          key={current.projectId}
          item={current}
          defence={m.kind === 'DEFENCE'}
          onNotes={(notes) => void saveNotes({ variables: { meetingId: m.id, projectId: current.projectId, notes } })}
          onGrade={(grade, reason) =>
            void setGrade({ variables: { meetingId: m.id, projectId: current.projectId, grade, reason } })
          }
        />
      )}
      {runs && !current.recusedMe && (
        <Space wrap style={{ marginTop: 12 }}>
          {!openBallot(current) ? (
            <OpenBallotControl
              key={current.projectId}
              defence={m.kind === 'DEFENCE'}
              onOpen={(grade) => void open({ variables: { meetingId: m.id, projectId: current.projectId, grade } })}
            />
          ) : (
            <Button danger onClick={() => void close({ variables: { ballotId: openBallot(current)!.id } })}>
              {t('panel.closeBallot')}
            </Button>
          )}
        </Space>
      )}
    </Panel>
  ) : (
    <Panel title={t('panel.current')}>
      <Empty description={t('panel.notStarted')} />
    </Panel>
  );

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: room ? 32 : 24 }}>
        {zh ? m.titleZh : m.titleEn}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(`panel.kinds.${m.kind}`)} · {beijing(m.startsAt, i18n.language)}
        {m.location ? ` · ${m.location}` : ''} ·{' '}
        {t('panel.rules', { quorum: m.rules.quorum, threshold: m.rules.threshold })}
        {' · '}
        <span data-testid="panel-live">{connected ? t('panel.live') : t('panel.polling')}</span>
        {!room && (
          <>
            {' · '}
            <Link to={`/panels/${m.id}/room`}>{t('panel.roomDisplay')}</Link>
          </>
        )}
      </Typography.Paragraph>
      {currentPanel}
      {!room && (
        <Panel title={t('panel.members', { present: m.members.filter((x) => x.present).length, n: m.members.length })}>
          <List
            size="small"
            dataSource={m.members}
            renderItem={(x) => (
              <List.Item
                actions={
                  runs
                    ? [
                        <Switch
                          key="present"
                          checked={x.present}
                          aria-label={t('panel.presentFor', { name: x.name })}
                          onChange={(v) =>
                            void attend({ variables: { meetingId: m.id, userId: x.userId, present: v } })
                          }
                        />,
                      ]
                    : []
                }
              >
                {x.name} <Tag>{t(`panel.roles.${x.role}`)}</Tag>
                {x.present ? <Tag color="success">{t('panel.present')}</Tag> : <Tag>{t('panel.absent')}</Tag>}
              </List.Item>
            )}
          />
        </Panel>
      )}
      <Panel title={t('panel.agenda')}>
        <List
          size="small"
          dataSource={m.items}
          renderItem={(x) => {
            const closed = lastClosed(x);
            return (
              <List.Item
                style={x.projectId === m.currentProjectId ? { background: '#e6f0fb' } : undefined}
                actions={
                  runs && x.projectId !== m.currentProjectId
                    ? [
                        <Button
                          key="move"
                          size="small"
                          aria-label={t('panel.moveTo', { project: x.externalId })}
                          onClick={() => void move({ variables: { meetingId: m.id, projectId: x.projectId } })}
                        >
                          {t('panel.discuss')}
                        </Button>,
                      ]
                    : []
                }
              >
                <span style={big}>
                  {x.position}. {titleOf(x)}
                  {x.slotStart ? ` · ${beijing(x.slotStart, i18n.language)}` : ''}
                  {x.recused.length > 0 && (
                    <Tag style={{ marginLeft: 8 }}>{t('panel.recusedCount', { n: x.recused.length })}</Tag>
                  )}
                  {closed && (
                    <Tag
                      color={closed.passed ? 'success' : closed.quorumMet ? 'error' : 'warning'}
                      style={{ marginLeft: 8 }}
                    >
                      {closed.passed ? t('panel.passed') : closed.quorumMet ? t('panel.failed') : t('panel.noQuorum')}
                    </Tag>
                  )}
                </span>
              </List.Item>
            );
          }}
        />
      </Panel>
    </>
  );
}

/** The chair's notes on the item and, in a mid-term defence, the panel's grade with its reason. */
function ChairTools({
  item,
  defence,
  onNotes,
  onGrade,
}: {
  item: Item;
  defence: boolean;
  onNotes: (notes: string | null) => void;
  onGrade: (grade: string | null, reason: string | null) => void;
}) {
  const { t } = useTranslation();
  const [notes, setNotes] = useState(item.notes ?? '');
  const [grade, setGradeValue] = useState<string | undefined>(item.panelGrade ?? undefined);
  const [reason, setReason] = useState(item.panelGradeReason ?? '');
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 12 }}>
      <label>
        {t('panel.notes')}
        <Input.TextArea rows={2} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <div>
        <Button onClick={() => onNotes(notes.trim() || null)}>{t('panel.saveNotes')}</Button>
      </div>
      {defence && (
        <Space wrap align="end">
          <Select
            style={{ width: 160 }}
            placeholder={t('panel.grade')}
            aria-label={t('panel.grade')}
            value={grade}
            onChange={setGradeValue}
            allowClear
            options={['EXCELLENT', 'PASS', 'FAIL'].map((g) => ({ value: g, label: t(`grade.${g}`) }))}
          />
          <Input
            style={{ width: 320 }}
            placeholder={t('panel.gradeReason')}
            aria-label={t('panel.gradeReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button type="primary" onClick={() => onGrade(grade ?? null, reason.trim() || null)}>
            {t('panel.setGrade')}
          </Button>
        </Space>
      )}
    </div>
  );
}

/** Opening a ballot: in a mid-term defence, on a grade (carried, it is the panel's grade) or on pass / fail. */
function OpenBallotControl({ defence, onOpen }: { defence: boolean; onOpen: (grade: string | null) => void }) {
  const { t } = useTranslation();
  const [grade, setGrade] = useState<string>('');
  return (
    <Space wrap>
      {defence && (
        <Select
          style={{ width: 200 }}
          aria-label={t('panel.ballotOn')}
          value={grade}
          onChange={setGrade}
          options={[
            { value: '', label: t('panel.plainBallot') },
            ...['EXCELLENT', 'PASS', 'FAIL'].map((g) => ({
              value: g,
              label: t('panel.gradeBallot', { grade: t(`grade.${g}`) }),
            })),
          ]}
        />
      )}
      <Button type="primary" onClick={() => onOpen(grade || null)}>
        {t('panel.openBallot')}
      </Button>
    </Space>
  );
}

/** 答辩: the team's progress report against the targets, once the team has submitted it. */
function ItemReport({ projectId, roundId }: { projectId: string; roundId: string }) {
  const { t } = useTranslation();
  const { data } = useQuery(PROGRESS_REPORT, { variables: { projectId, roundId }, fetchPolicy: 'cache-and-network' });
  const r = data?.progressReport;
  if (!r) return null;
  return (
    <details open data-testid="panel-report">
      <summary>{t('team.report')}</summary>
      <ReportView report={r} compact />
    </details>
  );
}

/** What the panel reads on the item: the calibrated score and interval, flags, anonymised reviews, targets. */
function ItemSummary({ item }: { item: Item }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const num = (n: number | null | undefined) => (n == null ? '—' : n.toFixed(1));
  return (
    <div data-testid="panel-summary">
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('panel.summary', { n: item.reviews ?? 0, mean: num(item.meanTotal) })}
      </Typography.Paragraph>
      {item.calibrated != null && (
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {t('panel.calibrated', {
            value: num(item.calibrated),
            low: num(item.ciLow),
            high: num(item.ciHigh),
            rank: item.rank ?? '—',
          })}
          {item.flags.map((f) => (
            <Tag key={f} color="warning" style={{ marginLeft: 8 }}>
              {t(`flag.${f}`, { defaultValue: f })}
            </Tag>
          ))}
        </Typography.Paragraph>
      )}
      {item.targets.length > 0 && (
        <details>
          <summary>{t('panel.targets')}</summary>
          <ul style={{ margin: '4px 0 8px' }} data-testid="panel-targets">
            {item.targets.map((x) => (
              <li key={x.key}>
                {zh ? x.labelZh : x.labelEn}
                {x.min != null && `：${t('panel.targetMin', { n: x.min.toLocaleString(i18n.language) })}`}
                {x.max != null && `：${t('panel.targetMax', { n: x.max.toLocaleString(i18n.language) })}`}
                {x.unit ? ` ${x.unit}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
      <details>
        <summary>{t('panel.mailReviews')}</summary>
        {item.mailReviews.length === 0 ? (
          <Typography.Text type="secondary">{t('panel.noReviews')}</Typography.Text>
        ) : (
          <ul style={{ margin: '4px 0 8px' }} data-testid="panel-reviews">
            {item.mailReviews.map((r) => (
              <li key={r.code}>
                <strong>{r.code}</strong>{' '}
                {t('panel.reviewLine', {
                  total: num(r.total),
                  rating: r.rating ? t(`rating.${r.rating}`) : '—',
                  recommendation: r.recommendation
                    ? t(`recommendation.${r.recommendation}`, { defaultValue: r.recommendation })
                    : '—',
                })}
                {r.comment && <div>{r.comment}</div>}
              </li>
            ))}
          </ul>
        )}
      </details>
    </div>
  );
}

function BallotView({ item, big }: { item: Item; big: boolean }) {
  const { t } = useTranslation();
  const b = [...item.ballots].reverse()[0];
  if (!b) return null;
  const style = big ? { fontSize: 28 } : undefined;
  const on = b.proposedGrade ? (
    <Typography.Paragraph style={{ ...style, marginBottom: 0 }} strong data-testid="ballot-grade">
      {t('panel.ballotGrade', { grade: t(`grade.${b.proposedGrade}`) })}
    </Typography.Paragraph>
  ) : null;
  return b.status === 'OPEN' ? (
    <>
      {on}
      <Typography.Paragraph style={style} data-testid="ballot-open">
        {t('panel.ballotOpen', { cast: b.votesCast, eligible: b.eligible })}
      </Typography.Paragraph>
    </>
  ) : (
    <>
      {on}
      <Typography.Paragraph style={style} data-testid="ballot-result">
        {t('panel.ballotResult', { yes: b.yes, no: b.no, abstain: b.abstain, eligible: b.eligible })}{' '}
        <Tag color={b.passed ? 'success' : b.quorumMet ? 'error' : 'warning'}>
          {b.passed ? t('panel.passed') : b.quorumMet ? t('panel.failed') : t('panel.noQuorum')}
        </Tag>
      </Typography.Paragraph>
    </>
  );
}
