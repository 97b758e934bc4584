import { getDomain } from 'tldts';

/** Institution names match after Unicode NFKC (full-width → half-width), case and white-space folding. */
export function normalizeName(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Public mail providers: a shared address there says nothing about an institution. The list
 * covers the providers common among Chinese and international researchers.
 */
export const PUBLIC_MAIL_DOMAINS = new Set([
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'yeah.net',
  '188.com',
  'sina.com',
  'sina.cn',
  'sohu.com',
  'aliyun.com',
  '139.com',
  '189.cn',
  'wo.cn',
  'tom.com',
  '21cn.com',
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.com.cn',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'protonmail.com',
  'proton.me',
  'gmx.com',
  'gmx.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
  'hey.com',
]);

/** The registrable domain of an e-mail address (med.szu.edu.cn → szu.edu.cn), or null for public providers. */
export function institutionalDomain(emailOrDomain: string): string | null {
  const at = emailOrDomain.lastIndexOf('@');
  const host = (at >= 0 ? emailOrDomain.slice(at + 1) : emailOrDomain).trim().toLowerCase().replace(/\.$/, '');
  if (!host) return null;
  const d = getDomain(host, { allowPrivateDomains: false });
  if (!d || PUBLIC_MAIL_DOMAINS.has(d) || PUBLIC_MAIL_DOMAINS.has(host)) return null;
  return d;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates YYYY-MM-DD (a real calendar date) and returns it unchanged: ISO dates compare as strings. */
export function parseDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = DATE.exec(v);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d > days ? null : v;
}

/** asOf minus N years (a fractional N counts whole months), clamping 29 February. */
export function minusYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const months = Math.round(years * 12);
  const total = y * 12 + (m - 1) - months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
