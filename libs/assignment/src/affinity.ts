/**
 * Explainable reviewer–project affinity from expertise, in Chinese and English: keywords the
 * reviewer lists that appear in the project (title, keywords, direction), overlap of their texts
 * (CJK character bigrams and English words), and whether the reviewer holds a discipline the
 * project needs. Weights are the officer's to adjust.
 */
export interface ExpertProfile {
  disciplines: string[];
  keywords: string[];
  /** titles of the reviewer's publications, if known */
  texts?: string[];
}

export interface ProjectProfile {
  titleZh: string;
  titleEn?: string;
  keywords: string[];
  directionZh?: string;
  directionEn?: string;
  requires: string[];
}

export interface AffinityWeights {
  keywords: number;
  text: number;
  discipline: number;
}

export const DEFAULT_WEIGHTS: AffinityWeights = { keywords: 0.5, text: 0.3, discipline: 0.2 };

export interface AffinityExplanation {
  score: number;
  matchedKeywords: string[];
  textOverlap: number;
  disciplines: string[];
}

const STOP = new Set([
  'the',
  'and',
  'for',
  'with',
  'from',
  'via',
  'its',
  'of',
  'in',
  'on',
  'to',
  'a',
  'an',
  'by',
  'large',
  'model',
  'models',
]);
const CJK = /[\u3400-\u9fff]/;

/** Character bigrams of CJK runs plus lower-case English words of three letters or more. */
export function tokens(text: string): Set<string> {
  const out = new Set<string>();
  const s = text.normalize('NFKC').toLowerCase();
  let run = '';
  const flush = () => {
    for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
    if (run.length === 1) out.add(run);
    run = '';
  };
  for (const ch of s) {
    if (CJK.test(ch)) run += ch;
    else flush();
  }
  flush();
  for (const w of s.split(/[^a-z0-9]+/)) if (w.length >= 3 && !STOP.has(w)) out.add(w);
  return out;
}

export function affinity(
  r: ExpertProfile,
  p: ProjectProfile,
  w: AffinityWeights = DEFAULT_WEIGHTS,
): AffinityExplanation {
  const projectText = [p.titleZh, p.titleEn ?? '', p.directionZh ?? '', p.directionEn ?? '', ...p.keywords]
    .join(' ')
    .normalize('NFKC')
    .toLowerCase();
  const projectKw = new Set(p.keywords.map((k) => k.normalize('NFKC').toLowerCase()));
  const matchedKeywords = r.keywords.filter((k) => {
    const n = k.normalize('NFKC').toLowerCase().trim();
    return n.length > 0 && (projectKw.has(n) || projectText.includes(n));
  });
  const kw = Math.min(1, matchedKeywords.length / Math.max(1, Math.min(3, r.keywords.length)));
  const tr = tokens([...r.keywords, ...(r.texts ?? [])].join(' '));
  const tp = tokens(projectText);
  let inter = 0;
  for (const t of tr) if (tp.has(t)) inter++;
  const textOverlap = tr.size && tp.size ? inter / Math.sqrt(tr.size * tp.size) : 0;
  const disciplines = r.disciplines.filter((d) => p.requires.includes(d));
  const disc = disciplines.length ? 1 : 0.3;
  const total = w.keywords + w.text + w.discipline;
  const score = total > 0 ? (w.keywords * kw + w.text * Math.min(1, textOverlap) + w.discipline * disc) / total : 0;
  return {
    score: Math.round(score * 1000) / 1000,
    matchedKeywords,
    textOverlap: Math.round(textOverlap * 1000) / 1000,
    disciplines,
  };
}
