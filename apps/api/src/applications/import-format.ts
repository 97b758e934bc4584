import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { checkTable, checkZip, IMPORT_LIMITS, ImportLimitError } from './import-limits';

/** exceljs is loaded on first use (~24 MB resident). */
const excel = async () => (await import('exceljs')).default;

/**
 * The application import file: one row per team member; the application's own columns repeat on
 * each of its rows (they must agree). CSV (UTF-8, BOM allowed) or XLSX (first sheet), told apart
 * by content, not by name.
 */
export const IMPORT_COLUMNS = [
  ['application_id', '申请编号', 'APP-2023-001'],
  ['direction', '研究方向编号 1–14', '4'],
  ['title_zh', '项目名称（中文）', '医学影像判读大模型的数学理论'],
  ['title_en', '项目名称（英文）', 'Mathematical theory of medical-image models'],
  ['keywords', '关键词，分号分隔', '随机矩阵;医学影像'],
  ['application_code1', '申请代码1（数学）', 'A0116'],
  ['lead_institution', '依托单位（名称或别名）', '深圳大学'],
  ['cooperating_institutions', '合作研究单位，分号分隔，至多 2 个', '北京大学深圳医院;南方科技大学'],
  ['budget_direct', '直接费用（元）', '3000000'],
  ['budget_indirect', '间接费用（元），应为 0', '0'],
  ['submitted_at', '提交时间，带时区', '2023-10-18T10:00:00+08:00'],
  ['conditions_met', '已确认的方向条件，分号分隔', ''],
  ['shenzhen_landing', '承诺深圳转化落地 true/false', 'true'],
  ['member_person_id', '成员编号', 'PER-0001'],
  ['member_name', '成员姓名', '张伟'],
  ['member_email', '成员邮箱', 'zhangwei@szu.edu.cn'],
  ['member_orcid', '成员 ORCID', ''],
  ['member_institution', '成员所在单位', '深圳大学'],
  ['member_role', 'PI / CO_PI / MEMBER', 'PI'],
  ['member_discipline', 'MATH / MEDICINE / IT', 'MATH'],
  ['member_senior_title', '高级职称 true/false', 'true'],
  ['member_led_basic_research', '主持过基础研究 true/false', 'true'],
  ['member_status', 'EMPLOYED / POSTDOC / STUDENT / NO_EMPLOYER', 'EMPLOYED'],
  ['excluded_reviewers', '申请人建议回避的专家（邮箱、ORCID 或专家编号，分号分隔，至多 3 人）', ''],
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number][0];

/** A table an officer uploads: its columns (name, meaning in Chinese, example), the required ones, the sheet's name. */
export interface TableSpec<C extends string = string> {
  columns: readonly (readonly [C, string, string])[];
  required: readonly C[];
  sheet: string;
}

export const APPLICATIONS_TABLE: TableSpec<ImportColumn> = {
  columns: IMPORT_COLUMNS,
  required: [
    'application_id',
    'direction',
    'title_zh',
    'member_person_id',
    'member_name',
    'member_role',
    'member_discipline',
  ],
  sheet: 'applications',
};

export interface TableRow<C extends string> {
  line: number;
  values: Partial<Record<C, string>>;
}
export type RawRow = TableRow<ImportColumn>;

export class ImportFileError extends Error {}

/** A cell holding several values, separated by ; or ；, each trimmed, empty ones dropped. */
export const splitList = (s: string | undefined): string[] =>
  (s ?? '')
    .split(/[;；]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Reads application rows (see `readTable`). */
export const readRows = (buf: Buffer): Promise<RawRow[]> => readTable(buf, APPLICATIONS_TABLE);

/** Reads rows from CSV or XLSX bytes; the header names the columns (any order, unknown columns refused). */
export async function readTable<C extends string>(buf: Buffer, spec: TableSpec<C>): Promise<TableRow<C>[]> {
  if (buf.length === 0) throw new ImportFileError('the file is empty / 文件为空');
  const isZip = buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  let table: { line: number; cells: string[] }[];
  if (isZip) {
    try {
      checkZip(buf);
    } catch (e) {
      if (e instanceof ImportLimitError) throw new ImportFileError(e.message);
      throw e;
    }
    table = await readXlsx(buf);
  } else {
    if (buf.includes(0)) throw new ImportFileError('not a CSV or XLSX file (binary content)');
    const text = buf.toString('utf8');
    if (text.includes('\uFFFD')) throw new ImportFileError('the CSV is not valid UTF-8: save it as "CSV UTF-8"');
    let records: string[][];
    try {
      records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
    } catch (e) {
      throw new ImportFileError(`malformed CSV: ${(e as Error).message}`);
    }
    table = records.map((cells, i) => ({ line: i + 1, cells }));
  }
  table = table.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (table.length === 0) throw new ImportFileError('the file has no header row');
  try {
    checkTable(table);
  } catch (e) {
    if (e instanceof ImportLimitError) throw new ImportFileError(e.message);
    throw e;
  }
  const header = table[0].cells.map((h) => h.trim().toLowerCase());
  const known = new Set<string>(spec.columns.map((c) => c[0]));
  const unknown = header.filter((h) => h && !known.has(h));
  if (unknown.length)
    throw new ImportFileError(`unknown column(s) ${unknown.join(', ')}; download the template for the expected header`);
  for (const req of spec.required) {
    if (!header.includes(req)) throw new ImportFileError(`missing column ${req}`);
  }
  return table.slice(1).map((r) => {
    const values: TableRow<C>['values'] = {};
    header.forEach((h, i) => {
      if (h) values[h as C] = (r.cells[i] ?? '').trim();
    });
    return { line: r.line, values };
  });
}

async function readXlsx(buf: Buffer): Promise<{ line: number; cells: string[] }[]> {
  const wb = new (await excel()).Workbook();
  try {
    // exceljs reads through JSZip, which takes an ArrayBuffer: the bytes of this Buffer, copied out
    await wb.xlsx.load(new Uint8Array(buf).buffer);
  } catch {
    throw new ImportFileError('not a readable XLSX workbook');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ImportFileError('the workbook has no sheet');
  const out: { line: number; cells: string[] }[] = [];
  // read once: exceljs works columnCount out over every row on each call (quadratic per cell)
  const columns = Math.min(ws.columnCount, IMPORT_LIMITS.columns + 1);
  if (ws.rowCount - 1 > IMPORT_LIMITS.rows)
    throw new ImportFileError(`at most ${IMPORT_LIMITS.rows} rows per file / 每个文件至多 ${IMPORT_LIMITS.rows} 行`);
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= columns; c++) cells.push(cellText(row.getCell(c).value));
    out.push({ line: rowNumber, cells });
  });
  return out;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
    return '';
  }
  return String(v);
}

/** The template: header, a description row is left out of CSV (it would be read as data). */
export function templateCsv(spec: TableSpec = APPLICATIONS_TABLE): string {
  const header = spec.columns.map((c) => c[0]).join(',');
  const example = spec.columns.map((c) => csvCell(c[2])).join(',');
  return '\uFEFF' + header + '\n' + example + '\n';
}

export async function templateXlsx(spec: TableSpec = APPLICATIONS_TABLE): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  const ws = wb.addWorksheet(spec.sheet);
  ws.addRow(spec.columns.map((c) => c[0]));
  ws.addRow(spec.columns.map((c) => c[2]));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  spec.columns.forEach((_, i) => (ws.getColumn(i + 1).width = 22));
  const help = wb.addWorksheet('说明 help');
  help.addRow(['column', '说明 / meaning', 'example']);
  for (const c of spec.columns) help.addRow([...c]);
  help.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
