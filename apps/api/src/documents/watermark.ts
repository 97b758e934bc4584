import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beijingTime } from '../common/i18n/texts';

/** Who a copy is for: their name and account, and when it was made. */
export interface Mark {
  name: string;
  account: string;
  at: Date;
}

/** Thrown when a stored file cannot be read as a PDF (so it cannot carry a watermark). */
export class UnreadablePdf extends Error {}

let font: Buffer | null = null;
/** Noto Sans SC (OFL, from npm), read once: pdfkit embeds the glyphs a watermark uses as a subset. */
function cjkFont(): Buffer {
  font ??= readFileSync(
    join(
      dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json')),
      '400Regular',
      'NotoSansSC_400Regular.ttf',
    ),
  );
  return font;
}

/** Why a file cannot be read as a PDF with pages (password-protected, broken), or null when it can. */
export async function unreadable(buf: Buffer): Promise<string | null> {
  const { PDFDocument } = await import('pdf-lib');
  try {
    const doc = await PDFDocument.load(buf, { updateMetadata: false });
    return doc.getPageCount() > 0 ? null : 'the PDF has no pages / 该 PDF 没有页面';
  } catch (e) {
    // pdf-lib's EncryptedPDFError, compiled for ES5, is not an instance of its class: known by its text
    if (/is encrypted/.test((e as Error).message))
      return 'the PDF is password-protected; upload it without a password / 该 PDF 设有密码，请上传未加密的文件';
    return 'the PDF cannot be read (damaged or not a PDF) / 无法读取该 PDF（文件损坏或格式不符）';
  }
}

/** The lines a watermark shows: the diagonal one, and the footer a reader can quote. */
export function markLines(m: Mark) {
  const at = `${beijingTime(m.at)}（北京时间）`;
  return {
    diagonal: `${m.name} · ${m.account} · ${at}`,
    footer: `保密 · 仅供 ${m.name}（${m.account}）评审使用 · 不得复制或外传 · ${at}`,
  };
}

/**
 * One page, `width` × `height` points, carrying only the watermark: three diagonal lines across it
 * (light, 30°) and a footer line. Drawn by pdfkit, which embeds the CJK glyphs as a subset that
 * text extraction reads back (pdf-lib's own subsetting of this font loses glyphs).
 */
async function stampPage(width: number, height: number, m: Mark): Promise<Buffer> {
  const { default: PDFKit } = await import('pdfkit');
  const doc = new PDFKit({ size: [width, height], margin: 0, info: { Producer: 'Tianyuan review platform' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const { diagonal, footer } = markLines(m);
  doc.registerFont('cjk', cjkFont());
  const size = Math.max(10, Math.min(20, width / 32));
  doc.font('cjk').fontSize(size).fillColor('#a61d24').fillOpacity(0.16);
  for (const fy of [0.22, 0.5, 0.78]) {
    const cy = height * fy;
    doc.save();
    doc.rotate(-30, { origin: [width / 2, cy] });
    const w = doc.widthOfString(diagonal);
    doc.text(diagonal, width / 2 - w / 2, cy - size / 2, { lineBreak: false });
    doc.restore();
  }
  doc.fillOpacity(0.6).fontSize(Math.max(6, Math.min(8, width / 75)));
  doc.text(footer, 18, height - 16, { lineBreak: false, width: width - 36, ellipsis: true });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/**
 * A copy of `original` with the watermark over every page: one stamp per distinct page size, drawn
 * on top of each page as a shared form. The original bytes are not changed.
 */
export async function watermarkPdf(original: Buffer, m: Mark): Promise<Buffer> {
  const { PDFDocument } = await import('pdf-lib');
  let doc: Awaited<ReturnType<typeof PDFDocument.load>>;
  try {
    doc = await PDFDocument.load(original, { updateMetadata: false });
  } catch (e) {
    throw new UnreadablePdf((e as Error).message);
  }
  const pages = doc.getPages();
  if (pages.length === 0) throw new UnreadablePdf('the PDF has no pages');
  const stamps = new Map<string, Awaited<ReturnType<typeof doc.embedPdf>>[number]>();
  for (const page of pages) {
    const { width, height } = page.getSize();
    const key = `${width.toFixed(1)}x${height.toFixed(1)}`;
    let stamp = stamps.get(key);
    if (!stamp) {
      [stamp] = await doc.embedPdf(await stampPage(width, height, m));
      stamps.set(key, stamp);
    }
    // in the page's own coordinates: on a page with /Rotate the stamp turns with the page
    const { x, y } = page.getMediaBox();
    page.drawPage(stamp, { x, y, width, height });
  }
  return Buffer.from(await doc.save());
}
