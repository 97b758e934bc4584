import { inflateRawSync } from 'node:zlib';

/**
 * One set of limits for every import (applications, publications, relations), enforced before
 * any parsing that could grow: what a 10 MB upload may unpack to, how many rows and columns, how
 * long a cell, and how many row errors an answer lists. docs/SECURITY.md names them.
 */
export const IMPORT_LIMITS = {
  /** the upload itself */
  bytes: 10 * 1024 * 1024,
  /** an XLSX part, unpacked */
  entryBytes: 32 * 1024 * 1024,
  /** the whole XLSX, unpacked */
  unpackedBytes: 64 * 1024 * 1024,
  /** parts in the XLSX */
  entries: 200,
  rows: 50_000,
  columns: 60,
  cellChars: 20_000,
  /** row errors listed in an answer (the count says how many there were) */
  listedErrors: 100,
};

export class ImportLimitError extends Error {}

/**
 * Walks the ZIP's central directory and inflates each part with a cap on its output, so that a
 * small file unpacking to gigabytes (a "zip bomb", or one 1.5 GB shared string) is refused
 * after at most the cap's worth of work and memory, before exceljs sees it.
 */
export function checkZip(buf: Buffer): void {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > buf.length) throw new ImportLimitError('not a readable XLSX workbook');
  const count = buf.readUInt16LE(eocd + 10);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (count > IMPORT_LIMITS.entries)
    throw new ImportLimitError(`the workbook has more than ${IMPORT_LIMITS.entries} parts`);
  let p = dirOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new ImportLimitError('not a readable XLSX workbook');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    p += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50)
      throw new ImportLimitError('not a readable XLSX workbook');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw new ImportLimitError('not a readable XLSX workbook');
    const data = buf.subarray(start, start + compressed);
    let size: number;
    if (method === 0) size = data.length;
    else if (method === 8) {
      try {
        size = inflateRawSync(data, { maxOutputLength: IMPORT_LIMITS.entryBytes }).length;
      } catch (e) {
        if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw new ImportLimitError(
            `a part of the workbook unpacks to more than ${IMPORT_LIMITS.entryBytes / 1024 / 1024} MB / 文件解压后过大`,
          );
        throw new ImportLimitError('not a readable XLSX workbook');
      }
    } else throw new ImportLimitError('not a readable XLSX workbook (unknown compression)');
    total += size;
    if (total > IMPORT_LIMITS.unpackedBytes)
      throw new ImportLimitError(
        `the workbook unpacks to more than ${IMPORT_LIMITS.unpackedBytes / 1024 / 1024} MB / 文件解压后过大`,
      );
  }
}

/** Rows, columns and cell lengths of a parsed table within the limits (the first problem named). */
export function checkTable(rows: { line: number; cells: string[] }[]): void {
  if (rows.length - 1 > IMPORT_LIMITS.rows)
    throw new ImportLimitError(`at most ${IMPORT_LIMITS.rows} rows per file / 每个文件至多 ${IMPORT_LIMITS.rows} 行`);
  for (const r of rows) {
    if (r.cells.length > IMPORT_LIMITS.columns)
      throw new ImportLimitError(`line ${r.line}: more than ${IMPORT_LIMITS.columns} columns`);
    for (const c of r.cells)
      if (c.length > IMPORT_LIMITS.cellChars)
        throw new ImportLimitError(`line ${r.line}: a cell longer than ${IMPORT_LIMITS.cellChars} characters`);
  }
}
