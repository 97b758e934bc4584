import { refreshTokens, tokens } from './auth';

/** Downloads an export with the bearer token (a plain link cannot carry it). */
export async function download(path: string, filename: string): Promise<void> {
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
  const blob = await res.blob();
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
