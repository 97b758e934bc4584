import { Alert, Button, Modal, Space, Spin, message } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../lib/download';
import { errorText } from '../lib/format';
import { useNarrow } from '../lib/useNarrow';

// pdf.js (≈ 400 KB and a worker) loads when a document is first opened, never with the page
const PdfPages = lazy(() => import('./PdfPages'));

export interface ViewedDocument {
  id: string;
  filename: string;
  /** the reader may keep a file, not only read it here */
  downloadable?: boolean | null;
  /** the reader sees a copy stamped with their name */
  watermarked?: boolean | null;
}

/**
 * A document read in the page, in a dialog (the whole screen on a phone). A stamped copy says so;
 * the download button shows only where the round allows keeping a file.
 */
export function DocumentViewer({ doc, onClose }: { doc: ViewedDocument | null; onClose: () => void }) {
  const { t } = useTranslation();
  const narrow = useNarrow();
  return (
    <Modal
      open={!!doc}
      onCancel={onClose}
      title={doc?.filename}
      footer={null}
      destroyOnHidden
      width={narrow ? '100vw' : 960}
      style={narrow ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : { top: 24 }}
    >
      {doc && (
        <>
          {doc.watermarked && (
            <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('viewer.watermarked')} />
          )}
          {doc.downloadable && (
            <Space style={{ marginBottom: 8 }}>
              <Button
                icon={<DownloadOutlined />}
                onClick={() =>
                  void download(`/documents/${doc.id}?download=1`, doc.filename).catch((e: unknown) =>
                    message.error(errorText(e)),
                  )
                }
              >
                {t('viewer.download')}
              </Button>
            </Space>
          )}
          <Suspense fallback={<Spin />}>
            <PdfPages path={`/documents/${doc.id}`} title={doc.filename} />
          </Suspense>
        </>
      )}
    </Modal>
  );
}
