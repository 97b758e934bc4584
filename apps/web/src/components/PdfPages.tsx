import { Alert, Button, Space, Spin, Typography } from 'antd';
import { LeftOutlined, RightOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { fetchBytes } from '../lib/download';
import { errorText } from '../lib/format';

GlobalWorkerOptions.workerSrc = workerUrl;

const ZOOMS = [1, 1.25, 1.5, 2, 3];

/**
 * A PDF shown page by page on a canvas as wide as its container (pdf.js; this module and its
 * worker load only when a document is opened). ←/→ and PageUp/PageDown turn pages, +/− zoom.
 */
export default function PdfPages({ path, title }: { path: string; title: string }) {
  const { t } = useTranslation();
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(0);
  const [drawing, setDrawing] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    let gone = false;
    let doc: PDFDocumentProxy | null = null;
    setPdf(null);
    setError(null);
    setPage(1);
    fetchBytes(path)
      .then((bytes) => getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise)
      .then((d) => {
        doc = d;
        if (gone) void d.destroy();
        else setPdf(d);
      })
      .catch((e: unknown) => !gone && setError(e));
    return () => {
      gone = true;
      void doc?.destroy();
    };
  }, [path]);

  useEffect(() => {
    if (!pdf || !canvas.current || !frame.current) return;
    let task: RenderTask | null = null;
    let gone = false;
    setDrawing(true);
    void pdf.getPage(page).then((p) => {
      if (gone || !canvas.current || !frame.current) return;
      const natural = p.getViewport({ scale: 1 });
      const fit = Math.max(200, frame.current.clientWidth) / natural.width;
      const css = p.getViewport({ scale: fit * ZOOMS[zoom] });
      const ratio = window.devicePixelRatio || 1;
      const c = canvas.current;
      c.width = Math.floor(css.width * ratio);
      c.height = Math.floor(css.height * ratio);
      c.style.width = `${Math.floor(css.width)}px`;
      c.style.height = `${Math.floor(css.height)}px`;
      task = p.render({ canvas: c, viewport: p.getViewport({ scale: fit * ZOOMS[zoom] * ratio }) });
      task.promise.then(
        () => !gone && setDrawing(false),
        () => undefined, // cancelled by the next page or zoom
      );
    });
    return () => {
      gone = true;
      task?.cancel();
    };
  }, [pdf, page, zoom]);

  const pages = pdf?.numPages ?? 0;
  const turn = useCallback((by: number) => setPage((p) => Math.min(Math.max(1, p + by), pages || 1)), [pages]);
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowRight' || e.key === 'PageDown') turn(1);
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') turn(-1);
    else if (e.key === '+' || e.key === '=') setZoom((z) => Math.min(ZOOMS.length - 1, z + 1));
    else if (e.key === '-') setZoom((z) => Math.max(0, z - 1));
    else return;
    e.preventDefault();
  };

  if (error) return <Alert type="error" showIcon message={errorText(error)} />;
  return (
    <div onKeyDown={onKey}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Button icon={<LeftOutlined />} disabled={page <= 1} onClick={() => turn(-1)} aria-label={t('viewer.previous')}>
          {t('viewer.previous')}
        </Button>
        <Typography.Text data-testid="viewer-page" aria-live="polite">
          {pages ? t('viewer.pageOf', { page, pages }) : t('common.loading')}
        </Typography.Text>
        <Button icon={<RightOutlined />} disabled={!pages || page >= pages} onClick={() => turn(1)}>
          {t('viewer.next')}
        </Button>
        <Button
          icon={<ZoomOutOutlined />}
          disabled={zoom === 0}
          onClick={() => setZoom((z) => Math.max(0, z - 1))}
          aria-label={t('viewer.zoomOut')}
        />
        <Button
          icon={<ZoomInOutlined />}
          disabled={zoom === ZOOMS.length - 1}
          onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))}
          aria-label={t('viewer.zoomIn')}
        />
      </Space>
      <div
        ref={frame}
        tabIndex={0}
        style={{ overflow: 'auto', maxHeight: '75vh', background: '#f0f0f0', textAlign: 'center', outline: 'none' }}
      >
        <Spin spinning={!pdf || drawing}>
          <canvas
            ref={canvas}
            role="img"
            data-testid="viewer-canvas"
            aria-label={pages ? `${title} · ${t('viewer.pageOf', { page, pages })}` : title}
            style={{ display: 'block', margin: '0 auto', background: '#fff' }}
          />
        </Spin>
      </div>
    </div>
  );
}
