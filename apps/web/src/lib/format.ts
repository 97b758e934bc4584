import i18n from 'i18next';
/** Dates of the programme are read in Beijing time, whatever the browser's zone. */
export const beijing = (iso: string | Date, lang: string) =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(
    new Date(iso),
  ) + (lang === 'en-US' ? ' (Beijing)' : '（北京时间）');

export const money = (n: number | null | undefined, lang: string) =>
  n == null ? '—' : new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(n);

/** "3 天 4 小时" / "3 d 4 h" until the deadline, or null when it has passed. */
export function countdown(closesAt: string, lang: string, now = Date.now()): string | null {
  const ms = new Date(closesAt).getTime() - now;
  if (ms <= 0) return null;
  const d = Math.floor(ms / 86400000);
  const h = Math.floor((ms % 86400000) / 3600000);
  const m = Math.floor((ms % 3600000) / 60000);
  if (lang === 'en-US') return d > 0 ? `${d} d ${h} h` : `${h} h ${m} min`;
  return d > 0 ? `${d} 天 ${h} 小时` : `${h} 小时 ${m} 分钟`;
}

export const errorCode = (e: unknown): string | undefined => {
  const errs = (e as { errors?: { extensions?: { code?: string } }[] })?.errors;
  return errs?.[0]?.extensions?.code;
};

/** The reader's language of a text the server sends in both (`…Zh` / `…En`). */
export const inLang = (lang: string, zh: string | null | undefined, en: string | null | undefined): string =>
  (lang === 'en-US' ? en || zh : zh || en) ?? '';

interface ServerError {
  message?: string;
  extensions?: { code?: string; messageZh?: string; messageEn?: string };
}

/**
 * What to tell a person about a failed request, in their language: the server's `messageZh` /
 * `messageEn` of a GraphQL or REST error, else the error's own message.
 */
export function errorText(e: unknown, lang: string = i18n.language): string {
  const gqlErr = (e as { errors?: ServerError[] })?.errors?.[0];
  if (gqlErr?.extensions) {
    const x = gqlErr.extensions;
    return inLang(lang, x.messageZh, x.messageEn) || gqlErr.message || '';
  }
  const rest = e as { messageZh?: string; messageEn?: string; message?: string };
  if (rest?.messageZh || rest?.messageEn) return inLang(lang, rest.messageZh, rest.messageEn);
  return rest?.message ?? String(e);
}

/** A project's title in the reader's language (the English one when there is one). */
export const projectTitle = (p: { title?: string; titleEn?: string | null }, lang: string = i18n.language) =>
  (lang === 'en-US' ? p.titleEn || p.title : p.title) ?? '';

/** A `datetime-local` value in Beijing time (the programme's clock), whatever the browser's zone. */
export function beijingInput(d: Date): string {
  return new Date(d.getTime() + 8 * 3600000).toISOString().slice(0, 16);
}

/** The instant a Beijing-time `datetime-local` value names; null when it is not one. */
export function fromBeijingInput(v: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return null;
  const d = new Date(`${v}:00+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A target's number as the call commits a team to it: "≥ 50 家", "≤ 99 组", or '' without one. */
export function targetAmount(x: { min: number | null; max: number | null; unit: string | null }, lang: string): string {
  const n = (v: number) => new Intl.NumberFormat(lang).format(v);
  if (x.min != null) return `≥ ${n(x.min)} ${x.unit ?? ''}`.trim();
  if (x.max != null) return `≤ ${n(x.max)} ${x.unit ?? ''}`.trim();
  return '';
}
