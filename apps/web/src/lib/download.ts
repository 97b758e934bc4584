import { refreshTokens, tokens } from './auth';

/**
 * GETs `path` with the bearer token (a plain link cannot carry it), once more after a refresh if
 * the token had expired; a refusal becomes an error carrying the server's texts in both languages.
 */
async function authorised(path: string): Promise<Response> {
  const go = () => fetch(path, { headers: { authorization: `Bearer ${tokens.get()?.accessToken ?? ''}` } });
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

/** Downloads an export or a document as a file. */
export async function download(path: string, filename: string): Promise<void> {
  const blob = await (await authorised(path)).blob();
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
