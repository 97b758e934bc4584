import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Empty, Input, InputNumber, List, Space, Tag, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountPanel } from '../../components/AccountPanel';
import { Loading, LoadError } from '../../components/Loading';
import { ReportView, callNumber } from '../../components/ReportView';
import { graphql } from '../../gql';
import type { MyProjectsQuery, ProgressReportQuery } from '../../gql/graphql';
import { download, upload } from '../../lib/download';
import { beijing, errorCode, errorText, money } from '../../lib/format';
import { PROGRESS_REPORT } from '../../lib/queries';

const MY_PROJECTS = graphql(`
  query MyProjects {
    myProjects {
      id
      externalId
      title
      titleEn
      status
      midtermRounds {
        roundId
        nameZh
        nameEn
        status
        reportDueAt
      }
      feedback {
        roundId
        nameZh
        nameEn
        kind
        decision
        amount
        grade
        panelResult
        comments {
          code
          comment
        }
      }
    }
  }
`);

const SAVE = graphql(`
  mutation SaveProgressReport($projectId: ID!, $roundId: ID!, $input: ProgressReportInput!, $expectedVersion: Int) {
    saveProgressReport(projectId: $projectId, roundId: $roundId, input: $input, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);

const SUBMIT = graphql(`
  mutation SubmitProgressReport($projectId: ID!, $roundId: ID!, $expectedVersion: Int!) {
    submitProgressReport(projectId: $projectId, roundId: $roundId, expectedVersion: $expectedVersion) {
      id
      status
      version
      late
    }
  }
`);

type Project = MyProjectsQuery['myProjects'][number];
type Report = ProgressReportQuery['progressReport'];

/**
 * 我的项目: a funded project's leads follow their projects — the mid-term progress report (a
 * draft saved with versions, then submitted; reopened when the programme office returns it) and,
 * once a round is finalized, its decision and the reviewers' comments under codes, with the
 * outcome letter as a PDF.
 */
export default function MyProjectsPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { data, loading, error, refetch } = useQuery(MY_PROJECTS, { fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <Loading />;
  if (error && !data) return <LoadError message={errorText(error)} onRetry={refetch} />;
  const projects = data?.myProjects ?? [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('team.mine')}
      </Typography.Title>
      {projects.length === 0 && (
        <Empty description={<Typography.Text type="secondary">{t('team.none')}</Typography.Text>} />
      )}
      {projects.map((p) => (
        <Card
          key={p.id}
          style={{ marginBottom: 16 }}
          title={
            <span style={{ whiteSpace: 'normal' }}>
              {p.externalId} · {zh ? p.title : p.titleEn || p.title}
            </span>
          }
        >
          {p.midtermRounds.map((r) => (
            <section key={r.roundId} aria-label={`${t('team.report')} · ${zh ? r.nameZh : r.nameEn}`}>
              <Typography.Title level={2} style={{ fontSize: 18 }}>
                {t('team.report')} · {zh ? r.nameZh : r.nameEn}
              </Typography.Title>
              <Typography.Paragraph type="secondary">
                {r.reportDueAt ? t('team.due', { at: beijing(r.reportDueAt, i18n.language) }) : t('team.noDue')}
              </Typography.Paragraph>
              <ReportSection project={p} roundId={r.roundId} editable={r.status !== 'FINALIZED'} />
            </section>
          ))}
          <Feedback project={p} />
        </Card>
      ))}
      <AccountPanel />
    </>
  );
}

function ReportSection({ project, roundId, editable }: { project: Project; roundId: string; editable: boolean }) {
  const { data, loading, error, refetch } = useQuery(PROGRESS_REPORT, {
    variables: { projectId: project.id, roundId },
    fetchPolicy: 'network-only',
  });
  // bumped to start the form again from the server's report (after a conflict, when asked)
  const [generation, setGeneration] = useState(0);
  const reload = async () => {
    await refetch();
    setGeneration((g) => g + 1);
  };
  if (loading && !data) return <Loading />;
  if (error && !data) return <LoadError message={errorText(error)} onRetry={refetch} />;
  const r = data!.progressReport;
  const open = editable && r.status !== 'SUBMITTED';
  // one form per report for as long as it is open: later answers of the query (a save moves the
  // cached version) never re-create it, so nothing typed is replaced by older figures
  return open ? (
    <ReportForm
      key={`${generation}`}
      project={project}
      roundId={roundId}
      report={r}
      onSaved={refetch}
      onReload={reload}
    />
  ) : (
    <ReportView report={r} />
  );
}

type Values = {
  summary: string;
  targets: Record<string, { achieved: number | null; evidence: string }>;
  landing: { partner: string; site: string; milestones: string; requestedAmount: number | null };
};

const valuesOf = (r: Report): Values => ({
  summary: r.summary,
  targets: Object.fromEntries(r.targets.map((x) => [x.key, { achieved: x.achieved ?? null, evidence: x.evidence }])),
  landing: {
    partner: r.landing?.partner ?? '',
    site: r.landing?.site ?? '',
    milestones: r.landing?.milestones ?? '',
    requestedAmount: r.landing?.requestedAmount ?? null,
  },
});

/** The report as a form: every target of the direction, the summary, the landing plan, the files. */
function ReportForm({
  project,
  roundId,
  report,
  onSaved,
  onReload,
}: {
  project: Project;
  roundId: string;
  report: Report;
  onSaved: () => unknown;
  onReload: () => unknown;
}) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { message, modal } = App.useApp();
  const [values, setValues] = useState<Values>(() => valuesOf(report));
  // what the server holds, as far as this form knows: the last figures it saved
  const [saved, setSaved] = useState<Values>(() => valuesOf(report));
  const [version, setVersion] = useState(report.version);
  const [problem, setProblem] = useState<{ field?: string; text: string; conflict?: boolean } | null>(null);
  const [save, saving] = useMutation(SAVE);
  const [submit, submitting] = useMutation(SUBMIT);
  const dirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(saved), [values, saved]);
  // closing the tab with unsaved figures asks first
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const input = () => ({
    summary: values.summary,
    targets: report.targets.map((x) => ({
      key: x.key,
      achieved: values.targets[x.key]?.achieved ?? null,
      evidence: values.targets[x.key]?.evidence ?? '',
    })),
    landing: report.landingRequired ? values.landing : null,
  });
  const fail = (e: unknown) => {
    const field = (e as { errors?: { extensions?: { field?: string } }[] }).errors?.[0]?.extensions?.field;
    setProblem({ field, text: errorText(e) });
    message.error(errorText(e));
  };
  const doSave = async (): Promise<number | null> => {
    setProblem(null);
    const sent = values;
    try {
      const r = await save({
        variables: { projectId: project.id, roundId, input: input(), expectedVersion: version },
      });
      const v = r.data!.saveProgressReport.version;
      setVersion(v);
      setSaved(sent);
      message.success(t('team.saved', { v }));
      return v;
    } catch (e) {
      fail(e);
      // saved elsewhere meanwhile (the co-lead, another device): nothing is overwritten; the lead
      // reloads the stored report when ready (what is typed here stays until then)
      if (errorCode(e) === 'VERSION_CONFLICT') setProblem({ text: errorText(e), conflict: true });
      return null;
    }
  };
  const doSubmit = () =>
    modal.confirm({
      title: t('team.submit'),
      content: t('team.submitConfirm'),
      okText: t('team.submit'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const v = dirty || version === 0 ? await doSave() : version;
        if (v == null) return;
        try {
          await submit({ variables: { projectId: project.id, roundId, expectedVersion: v } });
          message.success(t('team.submitted'));
          void onSaved();
        } catch (e) {
          fail(e);
        }
      },
    });
  const put = async (kind: 'MIDTERM_REPORT' | 'EVIDENCE', file: File) => {
    const r = await upload(`/documents/projects/${project.id}?kind=${kind}`, file);
    if (r.ok) {
      message.success(t('team.uploaded', { name: file.name }));
      void onSaved();
    } else message.error(errorText({ message: String(r.body.message ?? ''), ...r.body }));
  };
  const invalid = (f: string) => (problem?.field === f ? ('error' as const) : undefined);
  const setTarget = (key: string, patch: Partial<Values['targets'][string]>) =>
    setValues((v) => ({ ...v, targets: { ...v.targets, [key]: { ...v.targets[key], ...patch } } }));
  return (
    <form aria-label={t('team.report')} onSubmit={(e) => e.preventDefault()} data-testid="report-form">
      {report.status === 'RETURNED' && report.returnNote && (
        <Alert
          type="warning"
          showIcon
          title={t('team.returned', { note: report.returnNote })}
          style={{ marginBottom: 12 }}
        />
      )}
      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem.text}
          role="alert"
          style={{ marginBottom: 12 }}
          action={
            problem.conflict ? (
              <Button size="small" onClick={() => void onReload()}>
                {t('team.reload')}
              </Button>
            ) : undefined
          }
        />
      )}
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('team.targets')}
      </Typography.Title>
      <List
        dataSource={report.targets}
        renderItem={(x) => {
          const label = zh ? x.labelZh : x.labelEn;
          return (
            <List.Item style={{ display: 'block' }}>
              <Typography.Text strong>{label}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                {t('team.callNumber')}
                {zh ? '：' : ': '}
                {callNumber(t, x, i18n.language)}
              </Typography.Text>
              <Space wrap style={{ width: '100%', marginTop: 6 }} align="start">
                <InputNumber
                  aria-label={`${label} · ${t('team.achieved')}`}
                  min={0}
                  value={values.targets[x.key]?.achieved ?? null}
                  onChange={(v) => setTarget(x.key, { achieved: v == null ? null : Number(v) })}
                  status={invalid(`targets.${x.key}.achieved`)}
                  suffix={x.unit ?? undefined}
                  style={{ width: 180 }}
                />
                <Input.TextArea
                  aria-label={`${label} · ${t('team.evidence')}`}
                  placeholder={t('team.evidence')}
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  maxLength={4000}
                  value={values.targets[x.key]?.evidence ?? ''}
                  onChange={(e) => setTarget(x.key, { evidence: e.target.value })}
                  style={{ width: 'min(480px, 80vw)' }}
                />
              </Space>
            </List.Item>
          );
        }}
      />
      <label style={{ display: 'block', marginTop: 12 }}>
        <Typography.Text strong>{t('team.summary')}</Typography.Text>
        <Input.TextArea
          rows={4}
          maxLength={20000}
          value={values.summary}
          status={invalid('summary')}
          onChange={(e) => setValues((v) => ({ ...v, summary: e.target.value }))}
        />
      </label>
      {report.landingRequired && (
        <fieldset style={{ border: '1px solid #f0f0f0', padding: 12, marginTop: 12 }}>
          <legend style={{ fontSize: 15, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>
            {t('team.landing')}
          </legend>
          {(['partner', 'site'] as const).map((k) => (
            <label key={k} style={{ display: 'block', marginBottom: 8 }}>
              {t(`team.${k}`)}
              <Input
                maxLength={300}
                value={values.landing[k]}
                status={invalid(`landing.${k}`) ?? invalid('landing')}
                onChange={(e) => setValues((v) => ({ ...v, landing: { ...v.landing, [k]: e.target.value } }))}
              />
            </label>
          ))}
          <label style={{ display: 'block', marginBottom: 8 }}>
            {t('team.milestones')}
            <Input.TextArea
              rows={2}
              maxLength={4000}
              value={values.landing.milestones}
              onChange={(e) => setValues((v) => ({ ...v, landing: { ...v.landing, milestones: e.target.value } }))}
            />
          </label>
          <label style={{ display: 'block' }}>
            {t('team.requestedAmount')}
            <InputNumber
              min={0}
              step={100000}
              style={{ display: 'block', width: 220 }}
              value={values.landing.requestedAmount}
              status={invalid('landing.requestedAmount')}
              onChange={(n) =>
                setValues((v) => ({ ...v, landing: { ...v.landing, requestedAmount: n == null ? null : Number(n) } }))
              }
            />
          </label>
        </fieldset>
      )}
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 12 }}>
        {t('team.documents')}
      </Typography.Title>
      {report.documents.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('team.noDocuments')}</Typography.Paragraph>
      ) : (
        <ul>
          {report.documents.map((d) => (
            <li key={d.id}>
              <Tag>{t(`team.kinds.${d.kind}`, { defaultValue: d.kind })}</Tag>
              <Button
                type="link"
                style={{ padding: 0 }}
                onClick={() => void download(`/documents/${d.id}`, d.filename).catch((e: unknown) => fail(e))}
              >
                {d.filename}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Space wrap>
        {(['MIDTERM_REPORT', 'EVIDENCE'] as const).map((kind) => (
          <Upload
            key={kind}
            accept="application/pdf,.pdf"
            showUploadList={false}
            beforeUpload={(file) => {
              void put(kind, file);
              return false;
            }}
          >
            <Button>{kind === 'MIDTERM_REPORT' ? t('team.uploadReport') : t('team.uploadEvidence')}</Button>
          </Upload>
        ))}
      </Space>
      <Space wrap style={{ marginTop: 16, display: 'flex' }}>
        <Button onClick={() => void doSave()} loading={saving.loading} style={{ minHeight: 44 }}>
          {t('team.save')}
        </Button>
        <Button type="primary" onClick={doSubmit} loading={submitting.loading} style={{ minHeight: 44 }}>
          {t('team.submit')}
        </Button>
        <Typography.Text type="secondary" data-testid="report-save-state">
          {dirty ? t('team.unsaved') : version > 0 ? t('team.saved', { v: version }) : ''}
        </Typography.Text>
      </Space>
    </form>
  );
}

/** Each finalized round's decision, the panel's result and the comments, with the letter as PDF. */
function Feedback({ project }: { project: Project }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { message } = App.useApp();
  return (
    <section aria-label={t('team.feedback')} data-testid="feedback">
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>
        {t('team.feedback')}
      </Typography.Title>
      {project.feedback.length === 0 && <Typography.Text type="secondary">{t('team.noFeedback')}</Typography.Text>}
      {project.feedback.map((f) => (
        <div key={f.roundId} style={{ marginBottom: 12 }}>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            <strong>{zh ? f.nameZh : f.nameEn}</strong> · {t('team.decision')}
            {zh ? '：' : ': '}
            {f.decision ? t(`decision.${f.decision}`, { defaultValue: f.decision }) : '—'}
            {f.amount != null && ` · ${money(f.amount, i18n.language)}`}
            {f.grade && ` · ${t(`grade.${f.grade}`)}`}
          </Typography.Paragraph>
          {f.panelResult && (
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              {f.panelResult === 'PASSED' ? t('team.panelPassed') : t('team.panelFailed')}
            </Typography.Paragraph>
          )}
          <ul>
            {f.comments.map((c) => (
              <li key={c.code}>
                <strong>{t('team.reviewer', { code: c.code })}</strong>
                {zh ? '：' : ': '}
                {c.comment}
              </li>
            ))}
          </ul>
          <Button
            onClick={() =>
              void download(
                `/feedback/projects/${project.id}/rounds/${f.roundId}/letter.pdf?lang=${zh ? 'zh' : 'en'}`,
                `feedback-${project.externalId}.pdf`,
              ).catch((e: unknown) => message.error(errorText(e)))
            }
          >
            {t('team.letter')}
          </Button>
        </div>
      ))}
    </section>
  );
}
