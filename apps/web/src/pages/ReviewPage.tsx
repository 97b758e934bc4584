import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Col, Modal, Row, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { download } from '../lib/download';
import { Choice, Field, NumberInput, TextArea } from './fields';
import { Panel } from './Panel';
import { beijing, countdown, errorCode } from '../lib/format';
import {
  ASSIGNMENT_DETAIL,
  DECLARE_CONFLICT,
  MY_ASSIGNMENTS,
  SAVE_REVIEW,
  SUBMIT_REVIEW,
  WITHDRAW_REVIEW,
} from '../lib/queries';
import { Loading } from './Loading';

interface Criterion {
  key: string;
  labelZh: string;
  labelEn: string;
  guidanceZh: string;
  guidanceEn: string;
  weight: number;
  min: number;
  max: number;
  step: number;
}
interface Detail {
  id: string;
  covers: string | null;
  round: {
    id: string;
    kind: string;
    nameZh: string;
    nameEn: string;
    status: string;
    closesAt: string;
    ratingOptions: string[];
    recommendationOptions: string[];
    criteria: Criterion[];
  };
  project: {
    id: string;
    externalId: string;
    title: string;
    titleEn: string;
    keywords: string[];
    shenzhenLanding: boolean;
    documents: { id: string; kind: string; filename: string; size: number }[];
    direction: { number: number; titleZh: string; titleEn: string };
    leadInstitution: { name: string; nameEn: string | null };
    cooperatingInstitutions: { name: string; nameEn: string | null }[];
    team: { id: string; role: string; discipline: string; person: { name: string; title: string | null } }[];
  };
  review: {
    id: string;
    status: string;
    version: number;
    total: number | null;
    rating: string | null;
    recommendation: string | null;
    commentToApplicant: string;
    confidentialComment: string | null;
    updatedAt: string;
    scores: { criterionKey: string; score: number }[];
  } | null;
}
/** Field values as typed: scores as text (`score:<key>`), choices and comments. */
type FormValues = Record<string, string>;

const AUTOSAVE_MS = 1200;

export default function ReviewPage() {
  const { t, i18n } = useTranslation();
  const { assignmentId } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const zh = i18n.language !== 'en-US';
  const { data, loading, error, refetch } = useQuery<{ myAssignments: Detail[] }>(ASSIGNMENT_DETAIL, {
    fetchPolicy: 'network-only',
  });
  const a = data?.myAssignments.find((x) => x.id === assignmentId);
  const [values, setValues] = useState<FormValues>({});
  const [showErrors, setShowErrors] = useState<Set<string>>(new Set());
  const [version, setVersion] = useState<number | null>(null);
  const [status, setStatus] = useState<string>('DRAFT');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [declareOpen, setDeclareOpen] = useState(false);
  const [declareReason, setDeclareReason] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dirty = useRef(false);
  const [save] = useMutation<{
    saveReview: { version: number; status: string; total: number | null; updatedAt: string };
  }>(SAVE_REVIEW);
  const [submit, submitState] = useMutation<{ submitReview: { version: number; status: string; total: number } }>(
    SUBMIT_REVIEW,
    { refetchQueries: [{ query: MY_ASSIGNMENTS }] },
  );
  const [withdraw] = useMutation<{ withdrawReview: { version: number; status: string } }>(WITHDRAW_REVIEW);
  const [declare, declareState] = useMutation(DECLARE_CONFLICT, { refetchQueries: [{ query: MY_ASSIGNMENTS }] });

  useEffect(() => {
    if (!a) return;
    const r = a.review;
    setVersion(r?.version ?? null);
    setStatus(r?.status ?? 'DRAFT');
    setTotal(r?.total ?? null);
    setSavedAt(r ? r.updatedAt : null);
    const v: FormValues = {
      rating: r?.rating ?? '',
      recommendation: r?.recommendation ?? '',
      commentToApplicant: r?.commentToApplicant ?? '',
      confidentialComment: r?.confidentialComment ?? '',
    };
    for (const s of r?.scores ?? []) v[`score:${s.criterionKey}`] = String(s.score);
    setValues(v);
    setShowErrors(new Set());
  }, [a]);

  const open = a?.round.status === 'OPEN' && new Date(a.round.closesAt).getTime() > Date.now();
  const readOnly = !open || status === 'SUBMITTED';

  /** The message for a score as typed, or null: empty is allowed in a draft. */
  const scoreError = useCallback(
    (c: Criterion, raw: string | undefined): string | null => {
      if (raw === undefined || raw.trim() === '') return null;
      const v = Number(raw);
      if (!Number.isFinite(v) || v < c.min || v > c.max) return t('review.range', { min: c.min, max: c.max });
      if (Math.abs((v - c.min) / c.step - Math.round((v - c.min) / c.step)) > 1e-9)
        return t('review.step', { step: c.step });
      return null;
    },
    [t],
  );
  const errors = useMemo(() => {
    const e: Record<string, string> = {};
    for (const c of a?.round.criteria ?? []) {
      const m = scoreError(c, values[`score:${c.key}`]);
      if (m) e[c.key] = m;
    }
    return e;
  }, [a, values, scoreError]);

  const toInput = useCallback(
    (v: FormValues) => ({
      scores: (a?.round.criteria ?? [])
        .filter((c) => (v[`score:${c.key}`] ?? '').trim() !== '')
        .map((c) => ({ criterionKey: c.key, score: Number(v[`score:${c.key}`]) })),
      rating: v.rating || null,
      recommendation: v.recommendation || null,
      commentToApplicant: v.commentToApplicant ?? '',
      confidentialComment: v.confidentialComment ?? '',
    }),
    [a],
  );
  const latest = useRef({ values, errors });
  latest.current = { values, errors };

  const doSave = useCallback(async () => {
    if (!a || readOnly || conflict) return;
    timer.current = null;
    dirty.current = false;
    const { values, errors } = latest.current;
    if (Object.keys(errors).length) {
      setShowErrors(new Set(Object.keys(errors)));
      return; // invalid fields are shown inline; nothing is sent
    }
    setSaving(true);
    setSaveError(null);
    try {
      const r = await save({
        variables: { assignmentId: a.id, input: toInput(values), expectedVersion: version ?? 0 },
      });
      if (r.data) {
        setVersion(r.data.saveReview.version);
        setTotal(r.data.saveReview.total);
        setSavedAt(r.data.saveReview.updatedAt);
      }
    } catch (e) {
      if (errorCode(e) === 'VERSION_CONFLICT') setConflict(true);
      else setSaveError((e as Error).message);
    } finally {
      setSaving(false);
    }
  }, [a, readOnly, conflict, save, toInput, version]);

  const onChange = (field: string, value: string) => {
    if (readOnly) return;
    setValues((v) => ({ ...v, [field]: value }));
    if (field.startsWith('score:')) setShowErrors((s) => new Set(s).add(field.slice(6)));
    dirty.current = true;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void doSave(), AUTOSAVE_MS);
  };
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const criteria = a?.round.criteria ?? [];
  const weightSum = useMemo(() => criteria.reduce((s, c) => s + c.weight, 0), [criteria]);

  if (loading && !data) return <Loading />;
  if (error) return <Alert type="error" showIcon title={t('common.error')} description={error.message} />;
  if (!a)
    return (
      <Alert
        type="warning"
        showIcon
        title={t('review.notFound')}
        action={<Link to="/reviews">{t('review.back')}</Link>}
      />
    );

  const confirmSubmit = () => {
    Modal.confirm({
      title: t('review.confirmTitle'),
      content: t('review.confirmBody'),
      okText: t('review.submit'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        if (timer.current || dirty.current) {
          if (timer.current) clearTimeout(timer.current);
          await doSave();
        }
        if (Object.keys(latest.current.errors).length) {
          setShowErrors(new Set(Object.keys(latest.current.errors)));
          return;
        }
        try {
          const r = await submit({ variables: { assignmentId: a.id, expectedVersion: version ?? 0 } });
          if (r.data) {
            setVersion(r.data.submitReview.version);
            setStatus('SUBMITTED');
            setTotal(r.data.submitReview.total);
            message.success(t('review.submittedOk'));
          }
        } catch (e) {
          if (errorCode(e) === 'VERSION_CONFLICT') setConflict(true);
          else message.error((e as Error).message);
        }
      },
    });
  };

  const doWithdraw = async () => {
    try {
      const r = await withdraw({ variables: { assignmentId: a.id, expectedVersion: version } });
      if (r.data) {
        setVersion(r.data.withdrawReview.version);
        setStatus('DRAFT');
      }
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const left = countdown(a.round.closesAt, i18n.language);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <Link to="/reviews">← {t('review.back')}</Link>
        <Tag color={status === 'SUBMITTED' ? 'green' : 'blue'}>
          {status === 'SUBMITTED' ? t('reviewer.submitted') : t('reviewer.draft')}
        </Tag>
        {a.round.status === 'OPEN' && left ? (
          <Tag color="orange">{t('reviewer.left', { left })}</Tag>
        ) : (
          <Tag>{t('review.closed')}</Tag>
        )}
      </Space>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {a.project.externalId} · {zh ? a.project.title : a.project.titleEn || a.project.title}
      </Typography.Title>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('review.versionConflict')}
          action={
            <Button
              onClick={() => {
                setConflict(false);
                void refetch();
              }}
            >
              {t('review.reload')}
            </Button>
          }
        />
      )}
      {!open && (
        <Alert
          type="info"
          showIcon
          title={t('review.readOnlyClosed', { at: beijing(a.round.closesAt, i18n.language) })}
        />
      )}
      <Row gutter={24}>
        <Col xs={24} lg={9}>
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
                  <dt style={{ color: 'rgba(0,0,0,0.45)' }}>{k}</dt>
                  <dd style={{ margin: 0 }}>{v}</dd>
                </div>
              ))}
            </dl>
            <Typography.Title level={5}>{t('review.documents')}</Typography.Title>
            {a.project.documents.length === 0 ? (
              <Typography.Paragraph type="secondary">{t('review.noDocuments')}</Typography.Paragraph>
            ) : (
              <ul style={{ paddingLeft: 18 }}>
                {a.project.documents.map((d) => (
                  <li key={d.id}>
                    <Button
                      type="link"
                      style={{ padding: 0 }}
                      onClick={() =>
                        void download(`/documents/${d.id}`, d.filename).catch((e: Error) => message.error(e.message))
                      }
                    >
                      {t(`docKind.${d.kind}`)} · {d.filename} ({Math.ceil(d.size / 1024)} KB)
                    </Button>
                  </li>
                ))}
              </ul>
            )}
            <Typography.Title level={5}>{t('review.team')}</Typography.Title>
            <ul style={{ paddingLeft: 18, margin: 0 }}>
              {a.project.team.map((m) => (
                <li key={m.id}>
                  {m.person.name} {m.person.title ? `（${m.person.title}）` : ''} · {t(`role.${m.role}`)} ·{' '}
                  {t(`discipline.${m.discipline}`)}
                </li>
              ))}
            </ul>
            {!readOnly && (
              <Button danger style={{ marginTop: 16 }} onClick={() => setDeclareOpen(true)}>
                {t('review.declare')}
              </Button>
            )}
          </Panel>
        </Col>
        <Col xs={24} lg={15}>
          <Panel
            title={t('review.scoring')}
            extra={
              <span aria-live="polite" data-testid="save-state">
                {saving ? (
                  t('review.saving')
                ) : saveError ? (
                  <Typography.Text type="danger">{saveError}</Typography.Text>
                ) : savedAt ? (
                  t('review.saved', { at: new Date(savedAt).toLocaleTimeString(i18n.language) })
                ) : (
                  t('review.notSaved')
                )}
              </span>
            }
          >
            <form onSubmit={(e) => e.preventDefault()} aria-label={t('review.scoring')}>
              {criteria.map((c) => (
                <Field
                  key={c.key}
                  label={`${zh ? c.labelZh : c.labelEn}（${t('review.weight')} ${c.weight}）`}
                  help={zh ? c.guidanceZh : c.guidanceEn}
                  error={showErrors.has(c.key) ? errors[c.key] : null}
                >
                  {(f) => (
                    <NumberInput
                      {...f}
                      value={values[`score:${c.key}`] ?? ''}
                      min={c.min}
                      max={c.max}
                      step={c.step}
                      disabled={readOnly}
                      onChange={(v) => onChange(`score:${c.key}`, v)}
                      onBlur={() => setShowErrors((s) => new Set(s).add(c.key))}
                    />
                  )}
                </Field>
              ))}
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
            <Space>
              <Typography.Text strong data-testid="total">
                {t('review.total')}:{' '}
                {total == null ? `— / 100（${t('review.weights', { sum: weightSum })}）` : `${total.toFixed(2)} / 100`}
              </Typography.Text>
              {status !== 'SUBMITTED' && open && (
                <Button type="primary" onClick={confirmSubmit} loading={submitState.loading}>
                  {t('review.submit')}
                </Button>
              )}
              {status === 'SUBMITTED' && open && (
                <Button onClick={() => void doWithdraw()}>{t('review.withdraw')}</Button>
              )}
            </Space>
          </Panel>
        </Col>
      </Row>
      <Modal
        open={declareOpen}
        title={t('review.declare')}
        okText={t('review.declareOk')}
        okButtonProps={{ danger: true, disabled: declareReason.trim().length < 2, loading: declareState.loading }}
        cancelText={t('common.cancel')}
        onCancel={() => setDeclareOpen(false)}
        onOk={async () => {
          try {
            await declare({ variables: { assignmentId: a.id, reason: declareReason.trim() } });
            message.success(t('review.declared'));
            void navigate('/reviews');
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
      >
        <Typography.Paragraph>{t('review.declareHelp')}</Typography.Paragraph>
        <TextArea rows={3} value={declareReason} onChange={setDeclareReason} ariaLabel={t('review.declareReason')} />
      </Modal>
    </Space>
  );
}
