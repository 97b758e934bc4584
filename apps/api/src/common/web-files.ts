import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/**
 * The built web client held in memory: a few MB that never change while the process runs (a
 * new build comes with a restart). Each file is answered in one turn of the event loop; read
 * from disk through streams it took five to eight (stat, its compressed copies, open, read,
 * close), each queued behind every other request on a busy server: 250 ms a file under the
 * GraphQL bench's load, against ≈ 50 ms for a GraphQL read.
 */
export interface WebFile {
  type: string;
  /** cached for a year when named by its content's hash (assets/name-AbC123xy.js), else revalidated */
  cacheControl: string;
  etag: string;
  lastModified: string;
  raw: Buffer;
  /** the copies the build wrote beside it (vite.config.ts, `precompress`) */
  br?: Buffer;
  gz?: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite names what it emits under assets/ by content hash (`name-AbC123xy.js`). */
export const isHashed = (rel: string) => rel.startsWith('assets' + sep) && /-[\w-]{8,}\.\w+$/.test(rel);

/** Every file of the build by its address (`/assets/x.js`), without dot-folders (`.vite`). */
export function loadWebFiles(webDir: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      if (/\.(br|gz)$/.test(entry.name)) continue;
      const rel = relative(webDir, path);
      const raw = readFileSync(path);
      const copy = (suffix: string) => {
        try {
          return readFileSync(path + suffix);
        } catch {
          return undefined;
        }
      };
      files.set('/' + rel.split(sep).join('/'), {
        type: TYPES[extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
        cacheControl: isHashed(rel) ? 'public, max-age=31536000, immutable' : 'no-cache',
        etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`,
        lastModified: statSync(path).mtime.toUTCString(),
        raw,
        br: copy('.br'),
        gz: copy('.gz'),
      });
    }
  };
  walk(webDir);
  return files;
}

/** The encodings a client accepts (`Accept-Encoding`), those it refuses (q=0) left out. */
function accepted(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

/** What to send of `file` to a client that accepts `acceptEncoding`: brotli, then gzip, else the file. */
export function encodedBody(file: WebFile, acceptEncoding: string | undefined): { encoding?: string; body: Buffer } {
  const ok = accepted(acceptEncoding);
  if (file.br && (ok.has('br') || ok.has('*'))) return { encoding: 'br', body: file.br };
  if (file.gz && (ok.has('gzip') || ok.has('*'))) return { encoding: 'gzip', body: file.gz };
  return { body: file.raw };
}

/** Whether the client's copy is current (`If-None-Match`, else `If-Modified-Since`). */
export function notModified(file: WebFile, ifNoneMatch: string | undefined, ifModifiedSince: string | undefined) {
  if (ifNoneMatch !== undefined)
    return ifNoneMatch
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === file.etag || t === '*');
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && Date.parse(file.lastModified) <= since;
  }
  return false;
}
