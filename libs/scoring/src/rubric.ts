import { ScoringInputError } from './types';

export interface Criterion {
  key: string;
  weight: number;
  min: number;
  max: number;
  step?: number;
}

/**
 * The weighted rubric total on 0–100: each criterion's score is placed on its own scale
 * ((s − min) / (max − min)) and weighted; the weights need not add up to 100.
 */
export function weightedTotal(criteria: Criterion[], scores: Record<string, number>): number {
  const wsum = criteria.reduce((a, c) => a + c.weight, 0);
  if (!(wsum > 0)) throw new ScoringInputError('criteria', 'weights must add up to more than 0');
  let t = 0;
  for (const c of criteria) {
    const s = scores[c.key];
    if (s === undefined) throw new ScoringInputError(c.key, 'no score');
    t += (c.weight * (s - c.min)) / (c.max - c.min);
  }
  return Math.round(((100 * t) / wsum) * 1e6) / 1e6;
}

/** Why a criterion score is refused, or null: finite, within [min, max], on the step grid. */
export function criterionScoreProblem(c: Criterion, s: unknown): string | null {
  if (typeof s !== 'number' || !Number.isFinite(s)) return `must be a number (got ${JSON.stringify(s)})`;
  if (s < c.min || s > c.max) return `must be between ${c.min} and ${c.max} (got ${s})`;
  if (c.step && c.step > 0) {
    const k = (s - c.min) / c.step;
    if (Math.abs(k - Math.round(k)) > 1e-9) return `must be a multiple of ${c.step} from ${c.min} (got ${s})`;
  }
  return null;
}

/** Counts of each rating and recommendation per project (优/良/中/差; FUND…/CONTINUE…). */
export function tally<T extends string>(values: (T | null | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) if (v) out[v] = (out[v] ?? 0) + 1;
  return out;
}
