import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { DocumentViewer, type ViewedDocument } from '../../components/DocumentViewer';
import { Choice, Field, NumberInput, TextArea } from '../fields';
import { Panel } from '../../components/Panel';
import { beijing, countdown, errorCode, errorText, targetAmount } from '../../lib/format';
import {
  ASSIGNMENT_DETAIL,
  DECLARE_CONFLICT,
  DECLINE_ASSIGNMENT,
  MY_ASSIGNMENTS,
  PROGRESS_REPORT,
  SAVE_REVIEW,
  SUBMIT_REVIEW,
  WITHDRAW_REVIEW,
  takeEarly,
} from '../../lib/queries';
import { Loading, LoadError } from '../../components/Loading';
import { ConflictDialog } from './ConflictDialog';
import { LeaveDialog, type LeaveKind } from './LeaveDialog';
import { PledgeGate } from './PledgeGate';
import type { AssignmentDetailQuery } from '../../gql/graphql';
import type { FormValues } from './draftSync';
import { ReportView } from '../../components/ReportView';
import { useDraftSync } from './useDraftSync';

type Detail = AssignmentDetailQuery['myAssignments'][number];
type ReviewData = NonNullable<Detail['review']>;
export type Criterion = Detail['round']['criteria'][number];

/** The form's fields as typed: scores as text under `score:<key>`, choices and comments. */
export const formValues = (r: ReviewData | null): FormValues => {
  const v: FormValues = {
    rating: r?.rating ?? '',
    recommendation: r?.recommendation ?? '',
    commentToApplicant: r?.commentToApplicant ?? '',
    confidentialComment: r?.confidentialComment ?? '',
  };
  for (const s of r?.scores ?? []) v[`score:${s.criterionKey}`] = String(s.score);
  return v;
};

const onGrid = (v: number, c: Criterion) => Math.abs((v - c.min) / c.step - Math.round((v - c.min) / c.step)) <= 1e-9;

export default function ReviewPage() {
  const { t, i18n } = useTranslation();
  const { assignmentId } = useParams();
  const navigate = useNavigate();
  const client = useApolloClient();
  const { message, modal } = App.useApp();
  const zh = i18n.language !== 'en-US';
  // the server's latest on every visit; on a cold load's first, the answer the shell asked for beside `me`
  const [early] = useState(() => takeEarly(ASSIGNMENT_DETAIL));
  const { data, loading, error, refetch } = useQuery(ASSIGNMENT_DETAIL, {
    fetchPolicy: early ? 'cache-first' : 'network-only',
  });
  const a = data?.myAssignments.find((x) => x.id === assignmentId);
  const [status, setStatus] = useState<string | null>(null);
  const [submittedAt, setSubmittedAt] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState<Set<string>>(new Set());
  const [leaving, setLeaving] = useState<LeaveKind | null>(null);
  const [viewing, setViewing] = useState<ViewedDocument | null>(null);
  const [server, setServer] = useState<{ values: FormValues; version: number; review: ReviewData | null } | null>(null);
  const [save] = useMutation(SAVE_REVIEW);
  const [submit, submitState] = useMutation(SUBMIT_REVIEW, { refetchQueries: [{ query: MY_ASSIGNMENTS }] });
  const [withdraw] = useMutation(WITHDRAW_REVIEW);
  const [declare, declareState] = useMutation(DECLARE_CONFLICT, { refetchQueries: [{ query: MY_ASSIGNMENTS }] });
  const [decline, declineState] = useMutation(DECLINE_ASSIGNMENT, { refetchQueries: [{ query: MY_ASSIGNMENTS }] });

  const criteria = useMemo(() => a?.round.criteria ?? [], [a]);
  const reviewStatus = status ?? a?.review?.status ?? 'DRAFT';
  const open = a?.round.status === 'OPEN' && new Date(a.round.closesAt).getTime() > Date.now();
  const readOnly = !open || reviewStatus === 'SUBMITTED';

  /** The message for a score as typed, or null: empty is allowed in a draft. */
  const validate = useCallback(
    (v: FormValues) => {
      const e: Record<string, string> = {};
      for (const c of criteria) {
        const raw = v[`score:${c.key}`];
        if (raw === undefined || raw.trim() === '') continue;
        const n = Number(raw);
        if (!Number.isFinite(n) || n < c.min || n > c.max)
          e[`score:${c.key}`] = t('review.range', { min: c.min, max: c.max });
        else if (!onGrid(n, c)) e[`score:${c.key}`] = t('review.step', { step: c.step });
      }
      return e;
    },
    [criteria, t],
  );
  const toInput = useCallback(
    (v: FormValues) => ({
      scores: criteria
        .filter((c) => (v[`score:${c.key}`] ?? '').trim() !== '')
        .map((c) => ({ criterionKey: c.key, score: Number(v[`score:${c.key}`]) })),
      rating: v.rating || null,
      recommendation: v.recommendation || null,
      commentToApplicant: v.commentToApplicant ?? '',
      confidentialComment: v.confidentialComment ?? '',
    }),
    [criteria],
  );

  const draft = useDraftSync(
    a ? a.id : null,
    () => ({
      initial: formValues(a!.review),
      version: a!.review?.version ?? 0,
      total: a!.review?.total ?? null,
      savedAt: a!.review?.updatedAt ?? null,
      readOnly,
      validate,
      isVersionConflict: (e) => errorCode(e) === 'VERSION_CONFLICT',
      describe: (e) => errorText(e),
      save: async (values, expectedVersion) => {
        const input = toInput(values);
        // small enough for a keepalive request: the save then survives the tab being closed
        const keepalive = JSON.stringify(input).length < 50_000;
        const r = await save({
          variables: { assignmentId: a!.id, input, expectedVersion },
          context: { fetchOptions: { keepalive } },
        });
        if (!r.data) throw new Error('no answer');
        return r.data.saveReview;
      },
    }),
    toInput,
  );
  const sync = draft.sync.current;
  const state = draft.state;
  const values = draft.values;

  /** Reads the stored review again (another tab or device saved it) to show both versions. */
  const loadServerVersion = useCallback(async () => {
    const r = await client.query({
      query: ASSIGNMENT_DETAIL,
      fetchPolicy: 'network-only',
    });
    const review = r.data?.myAssignments.find((x) => x.id === assignmentId)?.review ?? null;
    setServer({ values: formValues(review), version: review?.version ?? 0, review });
  }, [client, assignmentId]);

  const conflictShown = state?.phase === 'conflict' || draft.restored?.kind === 'conflict';
  useEffect(() => {
    if (conflictShown && !server) void loadServerVersion();
  }, [conflictShown, server, loadServerVersion]);
  /** What this page holds: the typed values, or a backup from an earlier visit the server moved past. */
  const mine = draft.restored?.kind === 'conflict' ? draft.restored.mine : draft.values;

  const onChange = (field: string, value: string) => {
    if (readOnly || !sync) return;
    sync.edit(field, value);
    if (field.startsWith('score:')) setShowErrors((s) => new Set(s).add(field));
  };

  const weightSum = useMemo(() => criteria.reduce((s, c) => s + c.weight, 0), [criteria]);

  if (loading && !data) return <Loading />;
  if (error) return <LoadError message={errorText(error)} onRetry={refetch} />;
  if (!a)
    return (
      <Alert
        type="warning"
        showIcon
        title={t('review.notFound')}
        action={<Link to="/reviews">{t('review.back')}</Link>}
      />
    );
  if (!a.round.pledgeSigned)
    return (
      <PledgeGate
        round={a.round}
        heading={`${a.project.externalId} · ${zh ? a.project.title : a.project.titleEn || a.project.title}`}
        onSigned={() => void refetch()}
      />
    );

  const errors = state?.invalid ?? {};
  const label = (c: Criterion) => (zh ? c.labelZh : c.labelEn);
  const missing = () => [
    ...criteria.filter((c) => (values[`score:${c.key}`] ?? '').trim() === '').map(label),
    ...(values.rating ? [] : [t('review.rating')]),
    ...(values.recommendation ? [] : [t('review.recommendation')]),
  ];

  const confirmSubmit = () => {
    if (!sync) return;
    const gaps = missing();
    const invalid = Object.keys(errors);
    if (gaps.length || invalid.length) {
      setShowErrors(new Set(invalid));
      modal.warning({
        title: t('review.incompleteTitle'),
        content: gaps.length
          ? t('review.incomplete', { items: gaps.join('、') })
          : t('review.invalidCount', { n: invalid.length }),
        okText: t('common.ok'),
      });
      return;
    }
    modal.confirm({
      title: t('review.confirmTitle'),
      content: t('review.confirmBody'),
      okText: t('review.submit'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        await sync.flush();
        // a failed save is tried once more at once: submitting is when the reviewer waits for it
        if (sync.state().phase === 'error') await sync.flush();
        if (sync.hasUnsaved) {
          const s = sync.state();
          if (s.phase !== 'conflict')
            message.error(t('review.notSubmittedUnsaved', { reason: s.error ?? t('review.pending') }));
          return; // a conflict opens its own dialog with both versions
        }
        try {
          const r = await submit({ variables: { assignmentId: a.id, expectedVersion: sync.expectedVersion } });
          if (r.data) {
            sync.moved(r.data.submitReview.version, r.data.submitReview.total);
            setStatus('SUBMITTED');
            setSubmittedAt(r.data.submitReview.submittedAt);
            message.success(t('review.submittedOk'));
          }
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  };

  const confirmWithdraw = () => {
    if (!sync) return;
    modal.confirm({
      title: t('review.withdrawConfirm'),
      content: t('review.withdrawHelp'),
      okText: t('review.withdraw'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const r = await withdraw({ variables: { assignmentId: a.id, expectedVersion: sync.expectedVersion } });
          if (r.data) {
            sync.moved(r.data.withdrawReview.version);
            setStatus('DRAFT');
            setSubmittedAt(null);
            message.success(t('review.withdrawn'));
          }
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  };

  const saveState = () => {
    if (!state) return t('review.notSaved');
    const invalidUnsaved = state.unsaved.filter((k) => k in state.invalid).length;
    if (state.phase === 'saving') return t('review.saving');
    if (state.phase === 'error')
      return (
        <Typography.Text type="danger">
          {t('review.saveFailed', { error: state.error, n: Math.round((state.retryInMs ?? 0) / 1000) })}{' '}
          <Button size="small" onClick={() => void sync?.flush()}>
            {t('review.retryNow')}
          </Button>
        </Typography.Text>
      );
    if (state.phase === 'conflict')
      return <Typography.Text type="warning">{t('review.conflictTitle')}</Typography.Text>;
    if (invalidUnsaved)
      return <Typography.Text type="danger">{t('review.invalidCount', { n: invalidUnsaved })}</Typography.Text>;
    if (state.phase === 'pending') return t('review.pending');
    if (state.savedAt) return t('review.saved', { at: beijing(state.savedAt, i18n.language) });
    return t('review.notSaved');
  };

  const total = state?.total ?? a.review?.total ?? null;
  const when = submittedAt ?? a.review?.submittedAt ?? null;
  const left = countdown(a.round.closesAt, i18n.language);
  const fieldLabels: Record<string, string> = {
    rating: t('review.rating'),
    recommendation: t('review.recommendation'),
    commentToApplicant: t('review.commentToApplicant'),
    confidentialComment: t('review.confidential'),
    ...Object.fromEntries(criteria.map((c) => [`score:${c.key}`, label(c)])),
  };
  const showValue = (k: string, v: string) =>
    v === ''
      ? t('review.empty')
      : k === 'rating'
        ? t(`rating.${v}`)
        : k === 'recommendation'
          ? t(`recommendation.${v}`)
          : v;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 24 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
        <Link to="/reviews">← {t('review.back')}</Link>
        <Tag color={reviewStatus === 'SUBMITTED' ? 'green' : 'blue'}>
          {reviewStatus === 'SUBMITTED' ? t('reviewer.submitted') : t('reviewer.draft')}
        </Tag>
        {a.round.status === 'OPEN' && left ? (
          <Tag color="orange">{t('reviewer.left', { left })}</Tag>
        ) : (
          <Tag>{t('review.closed')}</Tag>
        )}
      </div>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 22 }}>
        {a.project.externalId} · {zh ? a.project.title : a.project.titleEn || a.project.title}
      </Typography.Title>
      {draft.restored?.kind === 'applied' && (
        <Alert type="info" showIcon closable onClose={draft.clearRestored} title={t('review.restored')} />
      )}
      {reviewStatus === 'SUBMITTED' && (
        <Alert
          type="success"
          showIcon
          title={when ? t('review.submittedBanner', { at: beijing(when, i18n.language) }) : t('reviewer.submitted')}
          description={open ? t('review.withdrawHelp') : undefined}
          action={
            open ? (
              <Button onClick={confirmWithdraw} data-testid="withdraw">
                {t('review.withdraw')}
              </Button>
            ) : undefined
          }
        />
      )}
      {!open && (
        <Alert
          type="info"
          showIcon
          title={t('review.readOnlyClosed', { at: beijing(a.round.closedAt ?? a.round.closesAt, i18n.language) })}
        />
      )}
      <div className="review-grid">
        <div>
          <Panel title={t('review.project')}>
            <dl
              style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '6px 12px', margin: '0 0 16px' }}
            >
              {(
                [
                  [
                    t('reviewer.direction'),
                    `${a.project.direction.number}. ${zh ? a.project.direction.titleZh : a.project.direction.titleEn}`,
                  ],
                  [
                    t('review.lead'),
                    zh
                      ? a.project.leadInstitution.name
                      : (a.project.leadInstitution.nameEn ?? a.project.leadInstitution.name),
                  ],
                  [
                    t('review.coop'),
                    a.project.cooperatingInstitutions.map((i) => (zh ? i.name : (i.nameEn ?? i.name))).join('、') ||
                      '—',
                  ],
                  [t('review.keywords'), a.project.keywords.join('；')],
                  [t('review.landing'), a.project.shenzhenLanding ? t('common.yes') : t('common.no')],
                  [t('reviewer.covers'), a.covers ? t(`discipline.${a.covers}`) : '—'],
                ] as [string, string][]
              ).map(([k, v]) => (
                <div key={k} style={{ display: 'contents' }}>
                  <dt style={{ color: 'rgba(0,0,0,0.65)' }}>{k}</dt>
                  <dd style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}>{v}</dd>
                </div>
              ))}
            </dl>
            {a.project.direction.targets.length > 0 && (
              <section aria-labelledby="targets-title" data-testid="review-targets">
                <Typography.Title level={2} style={{ fontSize: 16 }} id="targets-title">
                  {t('home.targets')}
                </Typography.Title>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                  {a.round.kind === 'MIDTERM' ? t('review.targetsMidterm') : t('review.targetsInitial')}
                </Typography.Paragraph>
                <ul style={{ paddingLeft: 18 }}>
                  {a.project.direction.targets.map((x) => (
                    <li key={x.key}>
                      {zh ? x.labelZh : x.labelEn}
                      {targetAmount(x, i18n.language) && <strong> {targetAmount(x, i18n.language)}</strong>}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {a.round.kind === 'MIDTERM' && <MidtermReport projectId={a.project.id} roundId={a.round.id} />}
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {t('review.documents')}
            </Typography.Title>
            {a.project.documents.length === 0 ? (
              <Typography.Paragraph style={{ color: 'rgba(0,0,0,0.65)' }}>
                {t('review.noDocuments')}
              </Typography.Paragraph>
            ) : (
              <ul style={{ paddingLeft: 18 }}>
                {a.project.documents.map((d) => (
                  <li key={d.id}>
                    <Button
                      type="link"
                      style={{ padding: 0, height: 'auto', minHeight: 44, whiteSpace: 'normal', textAlign: 'left' }}
                      onClick={() => setViewing(d)}
                    >
                      {t(`docKind.${d.kind}`)} · {d.filename} ({Math.ceil(d.size / 1024)} KB)
                    </Button>
                  </li>
                ))}
              </ul>
            )}
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {t('review.team')}
            </Typography.Title>
            <ul style={{ paddingLeft: 18, margin: 0 }}>
              {a.project.team.map((m) => (
                <li key={m.id}>
                  {m.person.name} {m.person.title ? `（${m.person.title}）` : ''} · {t(`role.${m.role}`)} ·{' '}
                  {t(`discipline.${m.discipline}`)}
                </li>
              ))}
            </ul>
            {!readOnly && (
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 16 }}>
                <Button danger style={{ minHeight: 44 }} onClick={() => setLeaving('declare')}>
                  {t('review.declare')}
                </Button>
                <Button style={{ minHeight: 44 }} onClick={() => setLeaving('decline')}>
                  {t('review.decline')}
                </Button>
              </div>
            )}
          </Panel>
        </div>
        <div>
          <Panel
            title={t('review.scoring')}
            extra={
              <span aria-live="polite" data-testid="save-state">
                {saveState()}
              </span>
            }
          >
            <form onSubmit={(e) => e.preventDefault()} aria-label={t('review.scoring')}>
              {criteria.map((c) => {
                const k = `score:${c.key}`;
                const problem = showErrors.has(k) || state?.unsaved.includes(k) ? errors[k] : undefined;
                return (
                  <Field
                    key={c.key}
                    label={`${label(c)}（${t('review.weight')} ${c.weight}）`}
                    help={
                      <>
                        <span data-testid={`scale-${c.key}`}>
                          {t('review.scale', { min: c.min, max: c.max, step: c.step })}
                        </span>
                        {(zh ? c.guidanceZh : c.guidanceEn) ? ` · ${zh ? c.guidanceZh : c.guidanceEn}` : ''}
                      </>
                    }
                    error={problem ? t('review.unsavedFix', { reason: problem }) : null}
                  >
                    {(f) => (
                      <NumberInput
                        {...f}
                        value={values[k] ?? ''}
                        min={c.min}
                        max={c.max}
                        step={c.step}
                        disabled={readOnly}
                        onChange={(v) => onChange(k, v)}
                        onBlur={() => setShowErrors((s) => new Set(s).add(k))}
                      />
                    )}
                  </Field>
                );
              })}
              <div style={{ marginBottom: 20 }}>
                <div style={{ marginBottom: 6 }}>{t('review.rating')}</div>
                <Choice
                  name="rating"
                  label={t('review.rating')}
                  value={values.rating || null}
                  disabled={readOnly}
                  onChange={(v) => onChange('rating', v)}
                  options={a.round.ratingOptions.map((r) => ({ value: r, label: t(`rating.${r}`) }))}
                />
              </div>
              <div style={{ marginBottom: 20 }}>
                <div style={{ marginBottom: 6 }}>{t('review.recommendation')}</div>
                <Choice
                  name="recommendation"
                  label={t('review.recommendation')}
                  value={values.recommendation || null}
                  disabled={readOnly}
                  onChange={(v) => onChange('recommendation', v)}
                  options={a.round.recommendationOptions.map((r) => ({ value: r, label: t(`recommendation.${r}`) }))}
                />
              </div>
              <Field label={t('review.commentToApplicant')} help={t('review.commentToApplicantHelp')}>
                {(f) => (
                  <TextArea
                    id={f.id}
                    describedBy={f.describedBy}
                    rows={5}
                    maxLength={20000}
                    showCount
                    disabled={readOnly}
                    value={values.commentToApplicant ?? ''}
                    onChange={(v) => onChange('commentToApplicant', v)}
                  />
                )}
              </Field>
              <Field label={t('review.confidential')} help={t('review.confidentialHelp')}>
                {(f) => (
                  <TextArea
                    id={f.id}
                    describedBy={f.describedBy}
                    rows={3}
                    maxLength={20000}
                    disabled={readOnly}
                    value={values.confidentialComment ?? ''}
                    onChange={(v) => onChange('confidentialComment', v)}
                  />
                )}
              </Field>
            </form>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
              <Typography.Text strong data-testid="total">
                {t('review.total')}:{' '}
                {total == null ? `— / 100（${t('review.weights', { sum: weightSum })}）` : `${total.toFixed(2)} / 100`}
              </Typography.Text>
              {reviewStatus !== 'SUBMITTED' && open && (
                <Button type="primary" onClick={confirmSubmit} loading={submitState.loading} style={{ minHeight: 44 }}>
                  {t('review.submit')}
                </Button>
              )}
            </div>
          </Panel>
        </div>
      </div>
      <LeaveDialog
        kind={leaving}
        hasDraft={!!a.review}
        busy={declareState.loading || declineState.loading}
        onCancel={() => setLeaving(null)}
        onConfirm={async (reason) => {
          try {
            if (leaving === 'decline') await decline({ variables: { assignmentId: a.id, reason } });
            else await declare({ variables: { assignmentId: a.id, reason } });
            sync?.dispose();
            message.success(leaving === 'decline' ? t('review.declined') : t('review.declared'));
            void navigate('/reviews');
          } catch (e) {
            message.error(errorText(e));
          }
        }}
      />
      <DocumentViewer doc={viewing} onClose={() => setViewing(null)} />
      <ConflictDialog
        open={conflictShown && !!server}
        mine={mine}
        server={server?.values ?? {}}
        serverVersion={server?.version ?? 0}
        labels={fieldLabels}
        show={showValue}
        onKeepMine={() => {
          if (!sync || !server) return;
          const s = server;
          for (const k of Object.keys(mine)) if ((mine[k] ?? '') !== (values[k] ?? '')) sync.edit(k, mine[k]);
          draft.clearRestored();
          setServer(null);
          void sync.overwrite(s.values, s.version);
        }}
        onTakeServer={() => {
          if (!sync || !server) return;
          draft.clearRestored();
          const s = server;
          setServer(null);
          sync.adopt(s.values, s.version, s.review?.total ?? null, s.review?.updatedAt ?? null);
          if (s.review?.status) setStatus(s.review.status);
        }}
      />
    </div>
  );
}

/** 中期评估: the team's progress report beside the form, once the team has submitted it. */
function MidtermReport({ projectId, roundId }: { projectId: string; roundId: string }) {
  const { t } = useTranslation();
  const { data } = useQuery(PROGRESS_REPORT, { variables: { projectId, roundId }, fetchPolicy: 'cache-and-network' });
  const r = data?.progressReport;
  if (!r || r.status === 'NOT_SUBMITTED') return null;
  return (
    <section aria-labelledby="report-title" data-testid="review-report">
      <Typography.Title level={2} style={{ fontSize: 16 }} id="report-title">
        {t('team.report')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('team.judgeHint')}
      </Typography.Paragraph>
      <ReportView report={r} />
    </section>
  );
}
