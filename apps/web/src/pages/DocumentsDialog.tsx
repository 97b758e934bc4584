import { graphql } from '../gql';
import { useQuery } from '@apollo/client/react';
import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Modal, Progress, Radio, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refreshTokens, tokens } from '../lib/auth';
import { download } from '../lib/download';
import { errorText } from '../lib/format';

const PROJECT_DOCUMENTS = graphql(`
  query ProjectDocuments($id: ID!) {
    project(id: $id) {
      id
      externalId
      documents {
        id
        kind
        filename
        size
        uploadedAt
      }
    }
  }
`);

const MAX_BYTES = 20 * 1024 * 1024;

/** POSTs a file with the bearer token, reporting upload progress (fetch cannot). */
function send(
  path: string,
  file: File,
  onProgress: (pct: number) => void,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const once = () =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      xhr.setRequestHeader('authorization', `Bearer ${tokens.get()?.accessToken ?? ''}`);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
      xhr.onload = () => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(xhr.responseText) as Record<string, unknown>;
        } catch {
          /* not JSON */
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(new Error('network error'));
      const form = new FormData();
      form.append('file', file);
      xhr.send(form);
    });
  return once().then(async (r) => (r.status === 401 && (await refreshTokens()) ? once() : r));
}

/**
 * A project's documents: the proposal and the mid-term report, as PDF (checked by content on the
 * server, at most 20 MB), dropped or chosen, with upload progress; each can be downloaded.
 */
export function DocumentsDialog({
  project,
  onClose,
}: {
  project: { id: string; externalId: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const q = useQuery(PROJECT_DOCUMENTS, {
    variables: { id: project?.id ?? '' },
    skip: !project,
    fetchPolicy: 'network-only',
  });
  const [kind, setKind] = useState<'PROPOSAL' | 'MIDTERM_REPORT'>('PROPOSAL');
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const docs = q.data?.project.documents ?? [];
  return (
    <Modal
      open={project !== null}
      title={project ? t('docs.title', { project: project.externalId }) : ''}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} aria-label={t('docs.kind')}>
          <Radio value="PROPOSAL">{t('docKind.PROPOSAL')}</Radio>
          <Radio value="MIDTERM_REPORT">{t('docKind.MIDTERM_REPORT')}</Radio>
        </Radio.Group>
        <Upload.Dragger
          accept="application/pdf,.pdf"
          multiple={false}
          showUploadList={false}
          beforeUpload={(file) => {
            setProblem(null);
            if (file.size > MAX_BYTES) {
              setProblem(t('docs.tooLarge'));
              return false;
            }
            setProgress(0);
            void send(`/documents/projects/${project!.id}?kind=${kind}`, file, setProgress)
              .then((r) => {
                if (r.status >= 200 && r.status < 300) {
                  message.success(t('docs.uploaded', { name: file.name }));
                  void q.refetch();
                } else setProblem(errorText(r.body));
              })
              .catch((e: unknown) => setProblem(errorText(e)))
              .finally(() => setProgress(null));
            return false;
          }}
          data-testid="docs-drop"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('docs.drop')}</p>
        </Upload.Dragger>
        {progress !== null && <Progress percent={progress} aria-label={t('docs.uploading')} />}
        {problem && <Alert type="error" showIcon title={problem} />}
        <Typography.Title level={2} style={{ fontSize: 16, marginBottom: 0 }}>
          {t('docs.list')}
        </Typography.Title>
        {docs.length === 0 ? (
          <Typography.Text type="secondary">{t('review.noDocuments')}</Typography.Text>
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="docs-list">
            {docs.map((d) => (
              <li key={d.id}>
                <Typography.Link
                  onClick={() =>
                    void download(`/documents/${d.id}`, d.filename).catch((e: unknown) => message.error(errorText(e)))
                  }
                >
                  {t(`docKind.${d.kind}`)} · {d.filename}
                </Typography.Link>{' '}
                <Typography.Text type="secondary">({Math.ceil(d.size / 1024)} KB)</Typography.Text>
              </li>
            ))}
          </ul>
        )}
      </Space>
    </Modal>
  );
}
