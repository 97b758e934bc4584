import { writeSync } from 'node:fs';

/** Array elements written whole per native `JSON.stringify` call. */
const BATCH = 256;

/**
 * Writes `JSON.stringify(value) + '\n'` to a file descriptor without building the whole text: the
 * top two levels of objects and arrays are walked, everything below is stringified a few hundred
 * array elements at a time and flushed in chunks of about 1 MB (the conflicts of 20,000 projects ×
 * 8,000 reviewers are a 190 MB text, which as one string costs seconds of copying and garbage
 * collection).
 */
export function writeJson(fd: number, value: unknown): void {
  let buf = '';
  const put = (s: string) => {
    buf += s;
    if (buf.length >= 1 << 20) {
      writeAll(fd, buf);
      buf = '';
    }
  };
  const walk = (v: unknown, depth: number) => {
    const plain =
      v !== null &&
      typeof v === 'object' &&
      typeof (v as { toJSON?: unknown }).toJSON !== 'function' &&
      (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
    if (depth >= 2 || !plain) {
      put(JSON.stringify(v) ?? 'null');
      return;
    }
    if (Array.isArray(v)) {
      put('[');
      if (depth + 1 >= 2) {
        // elements written whole go BATCH at a time through one native call (a million calls of
        // one element each cost twice as much), their brackets taken off and joined by commas
        for (let i = 0; i < v.length; i += BATCH) {
          const text = JSON.stringify(v.slice(i, i + BATCH));
          put((i ? ',' : '') + text.slice(1, -1));
        }
      } else
        for (let i = 0; i < v.length; i++) {
          if (i) put(',');
          const x: unknown = v[i];
          if (x === undefined || typeof x === 'function' || typeof x === 'symbol') put('null');
          else walk(x, depth + 1);
        }
      put(']');
      return;
    }
    put('{');
    let first = true;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      put((first ? '' : ',') + JSON.stringify(k) + ':');
      first = false;
      walk(x, depth + 1);
    }
    put('}');
  };
  walk(value, 0);
  put('\n');
  if (buf) writeAll(fd, buf);
}

/** Every byte, also to a non-blocking pipe (standard output to another process answers EAGAIN when full). */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let off = 0; off < bytes.length;) {
    try {
      off += writeSync(fd, bytes, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}
