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
