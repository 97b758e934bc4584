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

/** An expert's side of {@link affinity}, computed once per expert for a whole round. */
export interface PreparedExpert {
  disciplines: string[];
  keywords: string[];
  /** normalised non-empty keywords, in the order given */
  normalised: string[];
  tokens: Set<string>;
}

/** A project's side of {@link affinity}, computed once per project for a whole round. */
export interface PreparedProject {
  text: string;
  keywords: Set<string>;
  tokens: Set<string>;
  requires: string[];
}

export function prepareExpert(r: ExpertProfile): PreparedExpert {
  return {
    disciplines: r.disciplines,
    keywords: r.keywords,
    normalised: r.keywords.map((k) => k.normalize('NFKC').toLowerCase().trim()),
    tokens: tokens([...r.keywords, ...(r.texts ?? [])].join(' ')),
  };
}

export function prepareProject(p: ProjectProfile): PreparedProject {
  const text = [p.titleZh, p.titleEn ?? '', p.directionZh ?? '', p.directionEn ?? '', ...p.keywords]
    .join(' ')
    .normalize('NFKC')
    .toLowerCase();
  return {
    text,
    keywords: new Set(p.keywords.map((k) => k.normalize('NFKC').toLowerCase())),
    tokens: tokens(text),
    requires: p.requires,
  };
}

/** {@link affinity} of prepared profiles: the same value, without re-reading either text. */
export function preparedAffinity(
  r: PreparedExpert,
  p: PreparedProject,
  w: AffinityWeights = DEFAULT_WEIGHTS,
): AffinityExplanation {
  const matchedKeywords = r.keywords.filter((_, i) => {
    const n = r.normalised[i];
    return n.length > 0 && (p.keywords.has(n) || p.text.includes(n));
  });
  const kw = Math.min(1, matchedKeywords.length / Math.max(1, Math.min(3, r.keywords.length)));
  let inter = 0;
  const [small, large] = r.tokens.size <= p.tokens.size ? [r.tokens, p.tokens] : [p.tokens, r.tokens];
  for (const t of small) if (large.has(t)) inter++;
  const textOverlap = r.tokens.size && p.tokens.size ? inter / Math.sqrt(r.tokens.size * p.tokens.size) : 0;
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

export function affinity(
  r: ExpertProfile,
  p: ProjectProfile,
  w: AffinityWeights = DEFAULT_WEIGHTS,
): AffinityExplanation {
  return preparedAffinity(prepareExpert(r), prepareProject(p), w);
}
