import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';

export interface Column {
  key: string;
  header: string;
  width?: number;
  numFmt?: string;
}

export interface Table {
  title: string;
  columns: Column[];
  /** rows in output order, read afresh on each call; streamed, never all in memory at once */
  rows: () => AsyncIterable<Record<string, unknown>>;
  /** name of the extra sheet a row also goes to (XLSX: one sheet per direction); rows come grouped */
  sheetOf?: (row: Record<string, unknown>) => string | null;
}

/**
 * A cell as CSV text. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage
 * return first) get a leading apostrophe (OWASP's CSV-injection advice); numbers stay numbers.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

function write(out: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(chunk)) resolve();
    else {
      out.once('drain', resolve);
      out.once('error', reject);
    }
  });
}

/** UTF-8 with BOM, so Excel opens Chinese text correctly; back-pressure respected. */
export async function writeCsv(table: Table, out: Writable): Promise<void> {
  await write(out, '\uFEFF' + table.columns.map((c) => csvCell(c.header)).join(',') + '\r\n');
  let buf = '';
  for await (const row of table.rows()) {
    buf += table.columns.map((c) => csvCell(row[c.key])).join(',') + '\r\n';
    if (buf.length > 64 * 1024) {
      await write(out, buf);
      buf = '';
    }
  }
  if (buf) await write(out, buf);
  out.end();
}

/** Text cells that look like formulas are written as plain strings (exceljs never evaluates them). */
const xlsxValue = (v: unknown) =>
  v === null || v === undefined ? null : typeof v === 'number' || v instanceof Date ? v : String(v);

/**
 * A real workbook, streamed: a summary sheet with every row, plus one sheet per group (direction),
 * frozen header rows, column widths and number formats.
 */
export async function writeXlsx(table: Table, out: Writable): Promise<void> {
  // loaded on first use: exceljs costs ~24 MB resident, most processes never export
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const addSheet = (name: string) => {
    const ws = wb.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = table.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width ?? 14,
      style: c.numFmt ? { numFmt: c.numFmt } : {},
    }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    return ws;
  };
  const summary = addSheet(table.title);
  const values = (row: Record<string, unknown>) =>
    Object.fromEntries(table.columns.map((c) => [c.key, xlsxValue(row[c.key])]));
  for await (const row of table.rows()) summary.addRow(values(row)).commit();
  summary.commit();
  // A streamed workbook writes one sheet at a time: the group sheets come from a second pass.
  if (table.sheetOf) {
    let name: string | null = null;
    let ws: ExcelJS.Worksheet | null = null;
    for await (const row of table.rows()) {
      const g = table.sheetOf(row);
      if (!g) continue;
      if (name !== g || !ws) {
        ws?.commit();
        name = g;
        ws = addSheet(g);
      }
      ws.addRow(values(row)).commit();
    }
    ws?.commit();
  }
  await wb.commit();
}
