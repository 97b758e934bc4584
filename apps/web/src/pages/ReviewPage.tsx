import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { download } from '../lib/download';
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
type FormValues = Record<string, number | string | null | undefined>;

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
  const [form] = Form.useForm<FormValues>();
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
    const values: FormValues = {
      rating: r?.rating ?? undefined,
      recommendation: r?.recommendation ?? undefined,
      commentToApplicant: r?.commentToApplicant ?? '',
      confidentialComment: r?.confidentialComment ?? '',
    };
    for (const s of r?.scores ?? []) values[`score:${s.criterionKey}`] = s.score;
    form.setFieldsValue(values);
  }, [a, form]);

  const open = a?.round.status === 'OPEN' && new Date(a.round.closesAt).getTime() > Date.now();
  const readOnly = !open || status === 'SUBMITTED';

  const toInput = useCallback(
    (v: FormValues) => ({
      scores: (a?.round.criteria ?? [])
        .filter((c) => typeof v[`score:${c.key}`] === 'number')
        .map((c) => ({ criterionKey: c.key, score: v[`score:${c.key}`] as number })),
      rating: (v.rating as string) || null,
      recommendation: (v.recommendation as string) || null,
      commentToApplicant: (v.commentToApplicant as string) ?? '',
      confidentialComment: (v.confidentialComment as string) ?? '',
    }),
    [a],
  );

  const doSave = useCallback(async () => {
    if (!a || readOnly || conflict) return;
    timer.current = null;
    dirty.current = false;
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
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
  }, [a, readOnly, conflict, form, save, toInput, version]);

  const onChange = () => {
    if (readOnly) return;
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
        try {
          await form.validateFields();
        } catch {
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
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('reviewer.direction')}>
                {a.project.direction.number}. {zh ? a.project.direction.titleZh : a.project.direction.titleEn}
              </Descriptions.Item>
              <Descriptions.Item label={t('review.lead')}>
                {zh
                  ? a.project.leadInstitution.name
                  : (a.project.leadInstitution.nameEn ?? a.project.leadInstitution.name)}
              </Descriptions.Item>
              <Descriptions.Item label={t('review.coop')}>
                {a.project.cooperatingInstitutions.map((i) => (zh ? i.name : (i.nameEn ?? i.name))).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('review.keywords')}>{a.project.keywords.join('；')}</Descriptions.Item>
              <Descriptions.Item label={t('review.landing')}>
                {a.project.shenzhenLanding ? t('common.yes') : t('common.no')}
              </Descriptions.Item>
              <Descriptions.Item label={t('reviewer.covers')}>
                {a.covers ? t(`discipline.${a.covers}`) : '—'}
              </Descriptions.Item>
            </Descriptions>
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
            <Form form={form} layout="vertical" disabled={readOnly} onValuesChange={onChange} requiredMark={false}>
              {criteria.map((c) => (
                <Form.Item
                  key={c.key}
                  name={`score:${c.key}`}
                  label={`${zh ? c.labelZh : c.labelEn}（${t('review.weight')} ${c.weight}）`}
                  extra={zh ? c.guidanceZh : c.guidanceEn}
                  rules={[
                    { type: 'number', min: c.min, max: c.max, message: t('review.range', { min: c.min, max: c.max }) },
                    {
                      validator: (_, v: number | null | undefined) =>
                        v == null || Math.abs((v - c.min) / c.step - Math.round((v - c.min) / c.step)) < 1e-9
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('review.step', { step: c.step }))),
                    },
                  ]}
                >
                  <InputNumber
                    min={c.min}
                    max={c.max}
                    step={c.step}
                    style={{ width: 160 }}
                    aria-label={zh ? c.labelZh : c.labelEn}
                  />
                </Form.Item>
              ))}
              <Form.Item name="rating" label={t('review.rating')}>
                <Radio.Group
                  optionType="button"
                  options={a.round.ratingOptions.map((r) => ({ value: r, label: t(`rating.${r}`) }))}
                />
              </Form.Item>
              <Form.Item name="recommendation" label={t('review.recommendation')}>
                <Radio.Group
                  optionType="button"
                  aria-label={t('review.recommendation')}
                  options={a.round.recommendationOptions.map((r) => ({ value: r, label: t(`recommendation.${r}`) }))}
                />
              </Form.Item>
              <Form.Item
                name="commentToApplicant"
                label={t('review.commentToApplicant')}
                extra={t('review.commentToApplicantHelp')}
              >
                <Input.TextArea rows={5} maxLength={20000} showCount />
              </Form.Item>
              <Form.Item
                name="confidentialComment"
                label={t('review.confidential')}
                extra={t('review.confidentialHelp')}
              >
                <Input.TextArea rows={3} maxLength={20000} />
              </Form.Item>
            </Form>
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
        <Input.TextArea
          rows={3}
          value={declareReason}
          onChange={(e) => setDeclareReason(e.target.value)}
          aria-label={t('review.declareReason')}
        />
      </Modal>
    </Space>
  );
}
