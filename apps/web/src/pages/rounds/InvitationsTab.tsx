import { useMutation, useQuery } from '@apollo/client/react';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { App, Button, Input, List, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '../../components/Panel';
import { graphql } from '../../gql';
import type { Discipline, InvitationCandidatesQuery, InvitationStatus, RoundInvitationsQuery } from '../../gql/graphql';
import { CursorPager, useCursors } from '../../components/CursorPager';
import { beijing, beijingInput, errorText, fromBeijingInput, inLang } from '../../lib/format';
import type { Round } from './types';

const CANDIDATES = graphql(`
  query InvitationCandidates(
    $roundId: ID!
    $search: String
    $discipline: Discipline
    $keyword: String
    $offset: Int!
    $limit: Int!
  ) {
    invitationCandidates(
      roundId: $roundId
      search: $search
      discipline: $discipline
      keyword: $keyword
      offset: $offset
      limit: $limit
    ) {
      total
      offset
      items {
        invitationStatus
        workload
        expert {
          id
          name
          title
          emails
          disciplines
          keywords
          account {
            id
          }
        }
        conflicts {
          projectId
          projectTitle
          rule
          evidence
          evidenceZh
        }
      }
    }
  }
`);
const INVITATIONS = graphql(`
  query RoundInvitations($roundId: ID!, $status: InvitationStatus, $search: String, $first: Int!, $after: String) {
    invitationPage(roundId: $roundId, status: $status, search: $search, first: $first, after: $after) {
      total
      hasMore
      endCursor
      counts {
        status
        count
      }
      items {
        id
        personId
        expertName
        email
        status
        respondBy
        invitedAt
        maxLoad
        reason
        note
        substitutes
        reminders
        alternate
        answerLocked
        hasAccount
        conflictsConfirmed {
          projectTitle
          evidenceZh
          evidence
        }
      }
    }
  }
`);
const ALTERNATES = graphql(`
  query RoundAlternates($roundId: ID!) {
    roundAlternates(roundId: $roundId) {
      roundId
      auto
      statuses
      experts {
        id
        name
      }
    }
  }
`);
/** Invitations a page: the server reads 20 at a time, unanswered first, however many were sent. */
const SENT_PAGE = 20;
const INVITATION_STATES: InvitationStatus[] = ['PENDING', 'DECLINED', 'EXPIRED', 'ACCEPTED', 'WITHDRAWN'];
const INVITE = graphql(`
  mutation InviteReviewers(
    $roundId: ID!
    $personIds: [ID!]!
    $respondBy: DateTime
    $message: String
    $confirmConflicts: Boolean
  ) {
    inviteReviewers(
      roundId: $roundId
      personIds: $personIds
      respondBy: $respondBy
      message: $message
      confirmConflicts: $confirmConflicts
    ) {
      id
      status
    }
  }
`);
const RESEND = graphql(`
  mutation ResendInvitation($id: ID!) {
    resendInvitation(invitationId: $id) {
      id
      status
      respondBy
    }
  }
`);
const WITHDRAW = graphql(`
  mutation WithdrawInvitation($id: ID!) {
    withdrawInvitation(invitationId: $id) {
      id
      status
    }
  }
`);
const SET_ALTERNATES = graphql(`
  mutation SetRoundAlternates($roundId: ID!, $personIds: [ID!]!, $auto: Boolean!) {
    setRoundAlternates(roundId: $roundId, personIds: $personIds, auto: $auto) {
      roundId
      auto
      statuses
      experts {
        id
        name
      }
    }
  }
`);

type Candidate = InvitationCandidatesQuery['invitationCandidates']['items'][number];
type Invitation = RoundInvitationsQuery['invitationPage']['items'][number];
const PAGE = 20;
const STATUS_COLOR: Record<string, string> = {
  PENDING: 'processing',
  ACCEPTED: 'success',
  DECLINED: 'error',
  EXPIRED: 'warning',
  WITHDRAWN: 'default',
};
const ANSWERED = new Set(['PENDING', 'ACCEPTED', 'DECLINED']);

/**
 * 专家邀请: staff a round from the expert pool — candidates filtered like the pool, each with their
 * workload and their conflicts with this round's projects; invitations with a respond-by date and
 * a message (conflicted experts only after the officer confirms, seeing the evidence); the answers;
 * and the ordered alternates, invited automatically after a decline or an expiry when switched on.
 */
export function InvitationsTab({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const [search, setSearch] = useState('');
  const [discipline, setDiscipline] = useState<Discipline | null>(null);
  const [keyword, setKeyword] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [inviting, setInviting] = useState(false);
  const closed = round.status === 'CLOSED' || round.status === 'FINALIZED';
  const cands = useQuery(CANDIDATES, {
    variables: {
      roundId: round.id,
      search: search || null,
      discipline,
      keyword: keyword || null,
      offset: (page - 1) * PAGE,
      limit: PAGE,
    },
    fetchPolicy: 'cache-and-network',
  });
  const [sentStatus, setSentStatus] = useState<InvitationStatus | null>(null);
  const [sentSearch, setSentSearch] = useState('');
  const cursors = useCursors();
  const invs = useQuery(INVITATIONS, {
    variables: {
      roundId: round.id,
      status: sentStatus,
      search: sentSearch || null,
      first: SENT_PAGE,
      after: cursors.after,
    },
    fetchPolicy: 'cache-and-network',
  });
  const alts = useQuery(ALTERNATES, { variables: { roundId: round.id }, fetchPolicy: 'cache-and-network' });
  const refresh = ['InvitationCandidates', 'RoundInvitations', 'RoundAlternates'];
  const [resend] = useMutation(RESEND, { refetchQueries: refresh });
  const [withdraw] = useMutation(WITHDRAW, { refetchQueries: refresh });
  const [setAlternates, savingAlternates] = useMutation(SET_ALTERNATES, { refetchQueries: refresh });
  const alternates = alts.data?.roundAlternates;
  const altIds = alternates?.experts.map((e) => e.id) ?? [];
  const evidence = (c: { evidence: string; evidenceZh: string }) => inLang(i18n.language, c.evidenceZh, c.evidence);

  const saveAlternates = async (ids: string[], auto: boolean) => {
    try {
      await setAlternates({ variables: { roundId: round.id, personIds: ids, auto } });
      message.success(t('invitations.alternatesSaved'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  /** Asks first; then acts and says how it went. */
  const confirmThen = (
    ask: { title: string; content?: string; okText: string; danger?: boolean },
    act: () => Promise<unknown>,
    done: string,
  ) =>
    modal.confirm({
      title: ask.title,
      content: ask.content,
      okText: ask.okText,
      okButtonProps: ask.danger ? { danger: true } : undefined,
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await act();
          message.success(done);
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });

  const columns = [
    {
      title: t('experts.name'),
      key: 'name',
      render: (_: unknown, c: Candidate) => (
        <span>
          {c.expert.name}
          {c.expert.title ? <Typography.Text type="secondary"> · {c.expert.title}</Typography.Text> : null}
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>
            {c.expert.emails[0] ?? t('invitations.noEmail')}
          </div>
        </span>
      ),
    },
    {
      title: t('experts.disciplines'),
      key: 'disciplines',
      render: (_: unknown, c: Candidate) => c.expert.disciplines.map((d) => <Tag key={d}>{t(`discipline.${d}`)}</Tag>),
    },
    {
      title: t('experts.keywords'),
      key: 'keywords',
      render: (_: unknown, c: Candidate) => c.expert.keywords.slice(0, 4).join('、'),
    },
    { title: t('invitations.workload'), dataIndex: 'workload', key: 'workload', width: 90 },
    {
      title: t('invitations.conflicts'),
      key: 'conflicts',
      width: 110,
      render: (_: unknown, c: Candidate) =>
        c.conflicts.length ? (
          <Tag color="error">{t('invitations.conflictCount', { n: c.conflicts.length })}</Tag>
        ) : (
          <Tag color="success">{t('invitations.noConflict')}</Tag>
        ),
    },
    {
      title: t('invitations.status'),
      key: 'status',
      width: 110,
      render: (_: unknown, c: Candidate) =>
        c.invitationStatus ? (
          <Tag color={STATUS_COLOR[c.invitationStatus]}>{t(`invite.statuses.${c.invitationStatus}`)}</Tag>
        ) : (
          '—'
        ),
    },
    {
      title: t('invitations.alternate'),
      key: 'alt',
      width: 120,
      render: (_: unknown, c: Candidate) =>
        altIds.includes(c.expert.id) ? (
          <Tag>{t('invitations.isAlternate', { n: altIds.indexOf(c.expert.id) + 1 })}</Tag>
        ) : (
          <Button
            size="small"
            disabled={closed || !!c.invitationStatus}
            aria-label={t('invitations.addAlternateFor', { name: c.expert.name })}
            onClick={() => void saveAlternates([...altIds, c.expert.id], alternates?.auto ?? false)}
          >
            {t('invitations.addAlternate')}
          </Button>
        ),
    },
  ];

  const invColumns = [
    { title: t('experts.name'), dataIndex: 'expertName', key: 'name' },
    {
      title: t('invitations.status'),
      key: 'status',
      render: (_: unknown, x: Invitation) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLOR[x.status]} data-testid="invitation-row-status">
            {t(`invite.statuses.${x.status}`)}
          </Tag>
          {x.alternate && <Tag>{t('invitations.viaAlternate')}</Tag>}
          {x.conflictsConfirmed.length > 0 && (
            <Tag
              color="warning"
              title={x.conflictsConfirmed.map((c) => `${c.projectTitle}: ${evidence(c)}`).join('\n')}
            >
              {t('invitations.confirmedConflicts', { n: x.conflictsConfirmed.length })}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('invitations.answer'),
      key: 'answer',
      render: (_: unknown, x: Invitation) =>
        x.status === 'ACCEPTED'
          ? x.maxLoad
            ? t('invite.atMost', { n: x.maxLoad })
            : t('invitations.fullLoad')
          : x.status === 'DECLINED'
            ? [
                x.reason ? t(`invite.reasons.${x.reason}`) : '',
                x.note,
                x.substitutes ? `${t('invite.substitutes')}：${x.substitutes}` : '',
              ]
                .filter(Boolean)
                .join(' · ')
            : '—',
    },
    {
      title: t('invite.respondBy'),
      key: 'respondBy',
      render: (_: unknown, x: Invitation) => (
        <span>
          {beijing(x.respondBy, i18n.language)}
          {x.reminders > 0 && <div style={{ fontSize: 12 }}>{t('invitations.reminded', { n: x.reminders })}</div>}
        </span>
      ),
    },
    {
      title: t('invitations.actions'),
      key: 'actions',
      render: (_: unknown, x: Invitation) => (
        <Space wrap size={4}>
          {(x.status === 'PENDING' || x.status === 'EXPIRED') && !closed && (
            <Button
              size="small"
              autoInsertSpace={false}
              aria-label={t('invitations.resendFor', { name: x.expertName })}
              onClick={() =>
                confirmThen(
                  {
                    title: t('invitations.resendTitle', { name: x.expertName }),
                    content: t('invitations.resendWhat'),
                    okText: t('invitations.resend'),
                  },
                  () => resend({ variables: { id: x.id } }),
                  t('invitations.resent', { name: x.expertName }),
                )
              }
            >
              {t('invitations.resend')}
            </Button>
          )}
          {(x.status === 'PENDING' || x.status === 'ACCEPTED') && !x.answerLocked && !closed && (
            <Button
              size="small"
              danger
              autoInsertSpace={false}
              aria-label={t('invitations.withdrawFor', { name: x.expertName })}
              onClick={() =>
                confirmThen(
                  {
                    title: t('invitations.withdrawTitle', { name: x.expertName }),
                    okText: t('invitations.withdraw'),
                    danger: true,
                  },
                  () => withdraw({ variables: { id: x.id } }),
                  t('invitations.withdrawn', { name: x.expertName }),
                )
              }
            >
              {t('invitations.withdraw')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  // the page on screen stays while the next one loads
  const sent = (invs.data ?? invs.previousData)?.invitationPage;
  const list = sent?.items ?? [];
  const counts = (s: InvitationStatus) => sent?.counts.find((c) => c.status === s)?.count ?? 0;
  const filtered = sentStatus !== null || sentSearch !== '';
  const items = cands.data?.invitationCandidates.items ?? [];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('invitations.why')}</Typography.Paragraph>
      <Panel
        title={t('invitations.sent')}
        extra={
          <span data-testid="invitation-counts">
            {t('invitations.counts', {
              accepted: counts('ACCEPTED'),
              pending: counts('PENDING'),
              declined: counts('DECLINED'),
              expired: counts('EXPIRED'),
            })}
          </span>
        }
      >
        {(filtered || (sent?.total ?? 0) > SENT_PAGE) && (
          <Space wrap style={{ marginBottom: 12 }}>
            <Input.Search
              allowClear
              placeholder={t('invitations.searchSent')}
              aria-label={t('invitations.searchSent')}
              onSearch={(v) => {
                setSentSearch(v.trim());
                cursors.reset();
              }}
              style={{ width: 240 }}
            />
            <Select<InvitationStatus>
              allowClear
              placeholder={t('invitations.anyStatus')}
              aria-label={t('invitations.status')}
              style={{ width: 150 }}
              value={sentStatus ?? undefined}
              onChange={(v) => {
                setSentStatus(v ?? null);
                cursors.reset();
              }}
              options={INVITATION_STATES.map((s) => ({ value: s, label: t(`invite.statuses.${s}`) }))}
            />
          </Space>
        )}
        <Table<Invitation>
          rowKey="id"
          size="small"
          loading={invs.loading}
          dataSource={list}
          columns={invColumns}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{
            emptyText: (
              <Typography.Text type="secondary">
                {filtered ? t('invitations.noneMatch') : t('invitations.noneSent')}
              </Typography.Text>
            ),
          }}
        />
        {sent && sent.total > SENT_PAGE && (
          <CursorPager cursors={cursors} list={sent} pageSize={SENT_PAGE} loading={invs.loading} />
        )}
      </Panel>
      <Panel title={t('invitations.pick')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('experts.search')}
            aria-label={t('experts.search')}
            onSearch={(v) => {
              setSearch(v.trim());
              setPage(1);
            }}
            style={{ width: 240 }}
          />
          <Select<Discipline>
            allowClear
            placeholder={t('experts.disciplines')}
            aria-label={t('experts.disciplines')}
            style={{ width: 140 }}
            value={discipline ?? undefined}
            onChange={(v) => {
              setDiscipline(v ?? null);
              setPage(1);
            }}
            options={(['MATH', 'MEDICINE', 'IT'] as Discipline[]).map((d) => ({
              value: d,
              label: t(`discipline.${d}`),
            }))}
          />
          <Input.Search
            allowClear
            placeholder={t('experts.keyword')}
            aria-label={t('experts.keyword')}
            onSearch={(v) => {
              setKeyword(v.trim());
              setPage(1);
            }}
            style={{ width: 180 }}
          />
          <Button
            type="primary"
            disabled={selected.length === 0 || closed}
            onClick={() => setInviting(true)}
            data-testid="invite-selected"
          >
            {t('invitations.inviteSelected', { n: selected.length })}
          </Button>
        </Space>
        <Table<Candidate>
          rowKey={(c) => c.expert.id}
          size="small"
          loading={cands.loading}
          dataSource={items}
          columns={columns}
          scroll={{ x: 1000 }}
          rowSelection={{
            selectedRowKeys: selected,
            preserveSelectedRowKeys: true,
            onChange: (keys) => setSelected(keys.map(String)),
            getCheckboxProps: (c) => ({
              disabled:
                closed || (!!c.invitationStatus && ANSWERED.has(c.invitationStatus)) || c.expert.emails.length === 0,
              'aria-label': t('invitations.selectFor', { name: c.expert.name }),
            }),
          }}
          expandable={{
            rowExpandable: (c) => c.conflicts.length > 0,
            expandedRowRender: (c) => (
              <List
                size="small"
                header={t('invitations.evidenceFor', { name: c.expert.name })}
                dataSource={c.conflicts}
                renderItem={(x) => (
                  <List.Item>
                    {x.projectTitle}：{evidence(x)}
                  </List.Item>
                )}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: cands.data?.invitationCandidates.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          locale={{ emptyText: <Typography.Text type="secondary">{t('invitations.noCandidates')}</Typography.Text> }}
        />
      </Panel>
      <Panel
        title={t('invitations.alternates')}
        extra={
          <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            {t('invitations.autoAlternates')}
            <Switch
              checked={alternates?.auto ?? false}
              loading={savingAlternates.loading}
              disabled={closed}
              onChange={(v) => void saveAlternates(altIds, v)}
            />
          </label>
        }
      >
        <Typography.Paragraph type="secondary">{t('invitations.alternatesWhy')}</Typography.Paragraph>
        <List
          size="small"
          dataSource={alternates?.experts ?? []}
          locale={{ emptyText: <Typography.Text type="secondary">{t('invitations.noAlternates')}</Typography.Text> }}
          renderItem={(e, i) => {
            const status = alternates?.statuses[i];
            const move = (to: number) => {
              const next = [...altIds];
              next.splice(i, 1);
              next.splice(to, 0, e.id);
              void saveAlternates(next, alternates?.auto ?? false);
            };
            return (
              <List.Item
                actions={[
                  <Button
                    key="up"
                    size="small"
                    icon={<ArrowUpOutlined />}
                    disabled={i === 0 || closed}
                    aria-label={t('invitations.moveUp', { name: e.name })}
                    onClick={() => move(i - 1)}
                  />,
                  <Button
                    key="down"
                    size="small"
                    icon={<ArrowDownOutlined />}
                    disabled={i === altIds.length - 1 || closed}
                    aria-label={t('invitations.moveDown', { name: e.name })}
                    onClick={() => move(i + 1)}
                  />,
                  <Button
                    key="remove"
                    size="small"
                    disabled={closed}
                    onClick={() =>
                      void saveAlternates(
                        altIds.filter((x) => x !== e.id),
                        alternates?.auto ?? false,
                      )
                    }
                  >
                    {t('invitations.removeAlternate')}
                  </Button>,
                ]}
              >
                {i + 1}. {e.name}{' '}
                {status ? <Tag color={STATUS_COLOR[status]}>{t(`invite.statuses.${status}`)}</Tag> : null}
              </List.Item>
            );
          }}
        />
      </Panel>
      <InviteDialog
        open={inviting}
        round={round}
        selected={selected}
        names={new Map(items.map((c) => [c.expert.id, c.expert.name]))}
        onClose={(sent) => {
          setInviting(false);
          if (sent) {
            setSelected([]);
            void cands.refetch();
            void invs.refetch();
          }
        }}
      />
    </>
  );
}

type ConflictDetail = { personId: string; name: string; projectTitle: string; evidence: string; evidenceZh: string };

/** The respond-by date and the message; conflicted experts come back with their evidence to confirm. */
function InviteDialog({
  open,
  round,
  selected,
  names,
  onClose,
}: {
  open: boolean;
  round: Round;
  selected: string[];
  names: Map<string, string>;
  onClose: (sent: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const defaultBy = () => {
    const week = Date.now() + 7 * 86_400_000;
    const close = new Date(round.closesAt).getTime() - 86_400_000;
    return beijingInput(new Date(Math.min(week, close)));
  };
  const [respondBy, setRespondBy] = useState(defaultBy);
  const [text, setText] = useState('');
  const [conflicts, setConflicts] = useState<ConflictDetail[] | null>(null);
  const [invite, state] = useMutation(INVITE);
  const send = async (confirm: boolean) => {
    const by = fromBeijingInput(respondBy);
    if (!by) {
      message.error(t('invitations.respondByRequired'));
      return;
    }
    try {
      const r = await invite({
        variables: {
          roundId: round.id,
          personIds: selected,
          respondBy: by.toISOString(),
          message: text.trim() || null,
          confirmConflicts: confirm,
        },
      });
      message.success(t('invitations.invited', { n: r.data?.inviteReviewers.length ?? 0 }));
      setConflicts(null);
      onClose(true);
    } catch (e) {
      const x = (e as { errors?: { extensions?: { code?: string; conflicts?: ConflictDetail[] } }[] }).errors?.[0]
        ?.extensions;
      if (x?.code === 'CONFLICT_OF_INTEREST' && x.conflicts) setConflicts(x.conflicts);
      else message.error(errorText(e));
    }
  };
  return (
    <Modal
      open={open}
      title={t('invitations.inviteTitle', { n: selected.length })}
      onCancel={() => {
        setConflicts(null);
        onClose(false);
      }}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={() => onClose(false)}>
          {t('common.cancel')}
        </Button>,
        conflicts ? (
          <Button key="confirm" type="primary" danger loading={state.loading} onClick={() => void send(true)}>
            {t('invitations.confirmInvite')}
          </Button>
        ) : (
          <Button key="send" type="primary" loading={state.loading} onClick={() => void send(false)}>
            {t('invitations.send')}
          </Button>
        ),
      ]}
    >
      <Typography.Paragraph>
        {selected
          .map((id) => names.get(id) ?? '')
          .filter(Boolean)
          .join('、')}
      </Typography.Paragraph>
      <label style={{ display: 'block', marginBottom: 12 }}>
        {t('invite.respondBy')}（{t('invitations.beijing')}）
        <Input type="datetime-local" value={respondBy} onChange={(e) => setRespondBy(e.target.value)} />
      </label>
      <label style={{ display: 'block' }}>
        {t('invite.message')}
        <Input.TextArea rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      {conflicts && (
        <div role="alert" style={{ marginTop: 12 }} data-testid="invite-conflicts">
          <Typography.Text type="danger">{t('invitations.conflictsFound')}</Typography.Text>
          <ul>
            {conflicts.map((c, i) => (
              <li key={i}>
                {c.name} — {c.projectTitle}：{inLang(i18n.language, c.evidenceZh, c.evidence)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Modal>
  );
}
