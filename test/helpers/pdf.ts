/**
 * The smallest PDF the platform accepts: one empty A4 page (an upload must be a PDF that can be
 * read and stamped, not only a file that starts with %PDF-). `note` goes into a comment line, so
 * that two uploads can differ in content.
 */
export const onePagePdf = (note = '') =>
  Buffer.from(
    `%PDF-1.4\n%${note.replace(/[\r\n]/g, ' ')}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n` +
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n' +
      'trailer << /Root 1 0 R >>\n%%EOF\n',
  );
