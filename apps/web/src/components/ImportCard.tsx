import { InboxOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, upload } from '../lib/download';
import { inLang } from '../lib/format';
import { RunProgress, TRACKED_RUN } from './RunProgress';

/** A random id (UUID v4) for a run the server tracks under it; `getRandomValues` works without HTTPS. */
export function newRunId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface RowError {
  line: number;
  field: string;
  message: string;
  messageZh?: string;
  messageEn?: string;
}

export type ImportAnswer = Record<string, unknown>;

/** The two templates of an import table (`/imports/<table>/template.{xlsx,csv}`), labelled for the reader. */
export const templatesOf = (table: string, t: (k: string) => string) =>
  (['xlsx', 'csv'] as const).map((f) => ({
    path: `/imports/${table}/template.${f}`,
    filename: `${table}-template.${f}`,
    label: t(f === 'xlsx' ? 'apps.templateXlsx' : 'apps.templateCsv'),
  }));

interface Props {
  title: string;
  /** The upload's path; `?dryRun=true` (or `&dryRun=true`) is added for the preview. */
  path: string;
  templates?: { path: string; filename: string; label: string }[];
  accept?: string;
  dropText: string;
  /** With a preview: the file is checked and what would change is shown before anything is stored. */
  preview?: (answer: ImportAnswer) => ReactNode;
  /** The toast after the real import. */
  done: (answer: ImportAnswer) => string;
  onImported?: (answer: ImportAnswer) => void;
  testId?: string;
}

/**
 * Uploads an officer's file (CSV, XLSX or JSON), all or nothing: errors come back by line and
 * column and are listed; with `preview`, a dry run shows what would change and nothing is stored
 * until the officer confirms.
 */
export function ImportCard({
  title,
  path,
  templates = [],
  accept = '.csv,.xlsx',
  dropText,
  preview,
  done,
  onImported,
  testId,
}: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [errors, setErrors] = useState<RowError[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ file: File; answer: ImportAnswer } | null>(null);
  // the server tracks the work under an id drawn here: its stage and per cent are shown while the
  // upload's answer is awaited, and it can be cancelled (nothing is stored then)
  const [runId, setRunId] = useState<string | null>(null);
  const cancelled = useRef(false);
  const run = useQuery(TRACKED_RUN, {
    variables: { id: runId ?? '' },
    skip: !runId,
    pollInterval: 500,
    fetchPolicy: 'network-only',
    errorPolicy: 'ignore', // not there yet until the server has the file
  });
  const send = async (file: File, dryRun: boolean) => {
    setBusy(true);
    setErrors(null);
    const id = newRunId();
    cancelled.current = false;
    setRunId(id);
    try {
      const params = `${dryRun ? 'dryRun=true&' : ''}run=${id}`;
      const r = await upload(`${path}${path.includes('?') ? '&' : '?'}${params}`, file);
      if (!r.ok && cancelled.current) {
        setPending(null);
        return; // the officer stopped it: said already, nothing to list
      }
      if (!r.ok) {
        setPending(null);
        setErrors(
          (r.body.errors as RowError[] | undefined) ?? [
            {
              line: 0,
              field: String(r.body.field ?? 'file'),
              message: String(r.body.message ?? ''),
              messageZh: r.body.messageZh as string | undefined,
              messageEn: r.body.messageEn as string | undefined,
            },
          ],
        );
        return;
      }
      if (dryRun) setPending({ file, answer: r.body });
      else {
        setPending(null);
        message.success(done(r.body));
        onImported?.(r.body);
      }
    } catch (e) {
      message.error(String((e as Error).message));
    } finally {
      setBusy(false);
      setRunId(null);
    }
  };
  const tracked = run.data?.run;
  return (
    <Card size="small" title={title} data-testid={testId}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {templates.length > 0 && (
          <Space wrap>
            {templates.map((x) => (
              <Button
                key={x.path}
                onClick={() => void download(x.path, x.filename).catch((e: Error) => message.error(e.message))}
              >
                {x.label}
              </Button>
            ))}
          </Space>
        )}
        <Upload.Dragger
          accept={accept}
          showUploadList={false}
          disabled={busy}
          customRequest={({ file }) => void send(file as File, !!preview)}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{busy ? t('common.loading') : dropText}</p>
        </Upload.Dragger>
        {busy && tracked?.id === runId && tracked.status === 'RUNNING' && (
          <RunProgress run={tracked} label={t('run.importing')} onCancelled={() => (cancelled.current = true)} />
        )}
        {pending && preview && (
          <Alert
            type="info"
            showIcon
            title={t('imports.previewTitle', { name: pending.file.name })}
            description={
              <Space direction="vertical" style={{ width: '100%' }}>
                {preview(pending.answer)}
                <Space>
                  <Button type="primary" loading={busy} onClick={() => void send(pending.file, false)}>
                    {t('imports.confirm')}
                  </Button>
                  <Button onClick={() => setPending(null)} disabled={busy}>
                    {t('common.cancel')}
                  </Button>
                </Space>
              </Space>
            }
          />
        )}
        {errors && (
          <Alert
            type="error"
            showIcon
            title={t('apps.importFailed', { n: errors.length })}
            description={
              <Table
                size="small"
                rowKey={(e) => `${e.line}:${e.field}:${e.message}`}
                dataSource={errors}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t('apps.line'), dataIndex: 'line', width: 70 },
                  { title: t('apps.field'), dataIndex: 'field', width: 180 },
                  {
                    title: t('apps.reason'),
                    render: (_, e) => inLang(i18n.language, e.messageZh, e.messageEn) || e.message,
                  },
                ]}
              />
            }
          />
        )}
        {!errors && !pending && <Typography.Text type="secondary">{t('imports.allOrNothing')}</Typography.Text>}
      </Space>
    </Card>
  );
}
