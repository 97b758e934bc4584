/**
 * Texts meant for people come in Chinese and English; a client shows one of them, in its reader's
 * language (the web picks from `extensions.messageZh` / `messageEn`; exports take `?lang=`).
 * Messages are written "English / 中文" (or, from libs/eligibility, "中文 / English"): they are
 * split at the separator whose two sides are in different languages.
 */
export interface Texts {
  zh: string;
  en: string;
}

export type Lang = 'zh' | 'en';

/** Share of Han characters among letters: Chinese text quotes codes (PI, CO_PI), English may quote 优/良. */
function hanShare(s: string): number {
  const han = (s.match(/[\u3400-\u9fff\uf900-\ufaff]/g) ?? []).length;
  const latin = (s.match(/[A-Za-z]/g) ?? []).length;
  return han + latin === 0 ? 0 : han / (han + latin / 4);
}

/** "English / 中文" → { en, zh }; a text in one language is used for both. */
export function splitBilingual(text: string): Texts {
  const parts = text.split(' / ');
  for (let i = parts.length - 1; i >= 1; i--) {
    const left = parts.slice(0, i).join(' / ');
    const right = parts.slice(i).join(' / ');
    const l = hanShare(left);
    const r = hanShare(right);
    if (r >= 0.25 && r - l >= 0.3) return { en: left, zh: right };
    if (l >= 0.25 && l - r >= 0.3) return { zh: left, en: right };
  }
  return { zh: text, en: text };
}

/**
 * The two texts of an error message. A message that names its field ("scores.progress: …") keeps
 * the field in both languages.
 */
export function messageTexts(message: string, field?: unknown): Texts {
  const t = splitBilingual(message);
  if (typeof field === 'string' && message.startsWith(`${field}: `) && !t.zh.startsWith(field))
    return { en: t.en, zh: `${field}：${t.zh}` };
  return t;
}

const BEIJING = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2026-12-20 16:00" in Beijing time, for a spreadsheet reader in China (the header says so). */
export const beijingTime = (at: Date | string | null | undefined): string | null =>
  at == null ? null : BEIJING.format(new Date(at));
