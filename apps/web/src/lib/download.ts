import { refreshTokens, tokens } from './auth';

/**
 * GETs `path` with the bearer token (a plain link cannot carry it), once more after a refresh if
 * the token had expired; a refusal becomes an error carrying the server's texts in both languages.
 */
async function authorised(path: string, signal?: AbortSignal): Promise<Response> {
  const go = () => fetch(path, { signal, headers: { authorization: `Bearer ${tokens.get()?.accessToken ?? ''}` } });
  let res = await go();
  if (res.status === 401 && (await refreshTokens())) res = await go();
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string; messageZh?: string; messageEn?: string };
    throw Object.assign(new Error(body.message ?? `HTTP ${res.status}`), {
      messageZh: body.messageZh,
      messageEn: body.messageEn,
    });
  }
  return res;
}

/** The bytes behind `path` (a document to show in the page). */
export async function fetchBytes(path: string): Promise<ArrayBuffer> {
  return (await authorised(path)).arrayBuffer();
}

/** What a long download reports while it arrives, and how to stop it. */
export interface DownloadWatch {
  signal?: AbortSignal;
  /** bytes received so far, and the whole size when the server said it (streamed exports do not) */
  onProgress?: (received: number, total: number | null) => void;
}

/** Downloads an export or a document as a file (aborted through `watch.signal`: nothing is saved). */
export async function download(path: string, filename: string, watch: DownloadWatch = {}): Promise<void> {
  const res = await authorised(path, watch.signal);
  let blob: Blob;
  if (watch.onProgress && res.body) {
    const size = Number(res.headers.get('content-length'));
    const total = Number.isFinite(size) && size > 0 ? size : null;
    const reader = res.body.getReader();
    const parts: Uint8Array<ArrayBuffer>[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.length;
      watch.onProgress(received, total);
    }
    blob = new Blob(parts, { type: res.headers.get('content-type') ?? 'application/octet-stream' });
  } else blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function upload(path: string, file: File): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append('file', file);
  const go = () =>
    fetch(path, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${tokens.get()?.accessToken ?? ''}` },
    });
  let res = await go();
  if (res.status === 401 && (await refreshTokens())) res = await go();
  return { ok: res.ok, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}
