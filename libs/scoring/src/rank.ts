import { mulberry32 } from '@app/random';
import {
  ScoringInputError,
  type RankFlag,
  type RankInput,
  type RankOutput,
  type RankedProjectResult,
  type RankingMethodKey,
} from './types';

interface Indexed {
  P: number;
  R: number;
  projectIds: string[];
  reviewerIds: string[];
  rp: Int32Array; // review → project
  rr: Int32Array; // review → reviewer
  s: Float64Array; // review → score
  byProject: Int32Array[]; // project → review indices
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function index(raw: unknown): { input: RankInput; ix: Indexed; min: number; max: number } {
  if (!isObj(raw)) throw new ScoringInputError('input', 'must be a JSON object with "reviews"');
  const input = raw as unknown as RankInput;
  const method = input.method ?? 'calibrated';
  if (!['mean', 'zscore', 'calibrated'].includes(method))
    throw new ScoringInputError('method', `must be mean, zscore or calibrated (got ${JSON.stringify(method)})`);
  const scale = input.scale ?? { min: 0, max: 100 };
  if (
    !isObj(scale) ||
    typeof scale.min !== 'number' ||
    typeof scale.max !== 'number' ||
    !Number.isFinite(scale.min) ||
    !Number.isFinite(scale.max) ||
    scale.max <= scale.min
  ) {
    throw new ScoringInputError('scale', 'must be { min, max } with finite numbers and max > min');
  }
  if (input.seed !== undefined && (typeof input.seed !== 'number' || !Number.isInteger(input.seed)))
    throw new ScoringInputError('seed', 'must be a whole number');
  if (
    input.bootstrap !== undefined &&
    (!Number.isInteger(input.bootstrap) || input.bootstrap < 0 || input.bootstrap > 100000)
  )
    throw new ScoringInputError('bootstrap', 'must be a whole number from 0 to 100000');
  if (
    input.ridge !== undefined &&
    (typeof input.ridge !== 'number' || !(input.ridge > 0) || !Number.isFinite(input.ridge))
  )
    throw new ScoringInputError('ridge', 'must be a number > 0');
  if (!Array.isArray(input.reviews)) throw new ScoringInputError('reviews', 'must be an array');
  const N = input.reviews.length;
  const pIdx = new Map<string, number>();
  const rIdx = new Map<string, number>();
  const projectIds: string[] = [];
  const reviewerIds: string[] = [];
  const rp = new Int32Array(N);
  const rr = new Int32Array(N);
  const s = new Float64Array(N);
  const pairs = new Set<string>();
  for (let i = 0; i < N; i++) {
    const v = input.reviews[i];
    if (!isObj(v)) throw new ScoringInputError(`reviews[${i}]`, 'must be { project, reviewer, score }');
    if (typeof v.project !== 'string' || !v.project)
      throw new ScoringInputError(`reviews[${i}].project`, 'must be a non-empty string');
    if (typeof v.reviewer !== 'string' || !v.reviewer)
      throw new ScoringInputError(`reviews[${i}].reviewer`, 'must be a non-empty string');
    if (typeof v.score !== 'number' || !Number.isFinite(v.score))
      throw new ScoringInputError(`reviews[${i}].score`, `must be a finite number (got ${JSON.stringify(v.score)})`);
    if (v.score < scale.min || v.score > scale.max)
      throw new ScoringInputError(`reviews[${i}].score`, `${v.score} is outside the scale ${scale.min}–${scale.max}`);
    const key = v.project + '\u0000' + v.reviewer;
    if (pairs.has(key))
      throw new ScoringInputError(`reviews[${i}]`, `a second review of ${v.project} by ${v.reviewer}`);
    pairs.add(key);
    let p = pIdx.get(v.project);
    if (p === undefined) {
      p = projectIds.length;
      pIdx.set(v.project, p);
      projectIds.push(v.project);
    }
    let r = rIdx.get(v.reviewer);
    if (r === undefined) {
      r = reviewerIds.length;
      rIdx.set(v.reviewer, r);
      reviewerIds.push(v.reviewer);
    }
    rp[i] = p;
    rr[i] = r;
    s[i] = v.score;
  }
  const P = projectIds.length;
  const counts = new Int32Array(P);
  for (let i = 0; i < N; i++) counts[rp[i]]++;
  const byProject = Array.from({ length: P }, (_, p) => new Int32Array(counts[p]));
  const fill = new Int32Array(P);
  for (let i = 0; i < N; i++) byProject[rp[i]][fill[rp[i]]++] = i;
  return {
    input: { ...input, method },
    ix: { P, R: reviewerIds.length, projectIds, reviewerIds, rp, rr, s, byProject },
    min: scale.min,
    max: scale.max,
  };
}

/**
 * A ranking method turns reviews into per-review "adjusted scores" whose per-project mean is the
 * project's value; the bootstrap resamples a project's reviews and re-averages them.
 */
interface MethodResult {
  adjusted: Float64Array;
  reviewerBias?: Float64Array;
}

const METHODS: Record<RankingMethodKey, (ix: Indexed, input: RankInput) => MethodResult> = {
  mean: (ix) => ({ adjusted: ix.s }),
  zscore: (ix) => ({ adjusted: zscoreAdjust(ix) }),
  calibrated: (ix, input) => calibratedAdjust(ix, input.ridge ?? 1),
};

/** z = (s − m_r)/sd_r per reviewer (population sd; the overall M, SD for reviewers with < 2 reviews or sd 0), mapped back as M + SD·z. */
function zscoreAdjust(ix: Indexed): Float64Array {
  const { s, rr, R } = ix;
  const N = s.length;
  let M = 0;
  for (let i = 0; i < N; i++) M += s[i];
  M /= N || 1;
  let V = 0;
  for (let i = 0; i < N; i++) V += (s[i] - M) ** 2;
  const SD = Math.sqrt(V / (N || 1));
  const cnt = new Float64Array(R);
  const sum = new Float64Array(R);
  for (let i = 0; i < N; i++) {
    cnt[rr[i]]++;
    sum[rr[i]] += s[i];
  }
  const mean = new Float64Array(R);
  for (let r = 0; r < R; r++) mean[r] = sum[r] / cnt[r];
  const ss = new Float64Array(R);
  for (let i = 0; i < N; i++) ss[rr[i]] += (s[i] - mean[rr[i]]) ** 2;
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const r = rr[i];
    const sdr = Math.sqrt(ss[r] / cnt[r]);
    let z: number;
    if (cnt[r] < 2 || sdr === 0) z = SD === 0 ? 0 : (s[i] - M) / SD;
    else z = (s[i] - mean[r]) / sdr;
    out[i] = M + SD * z;
  }
  return out;
}

/**
 * score = θ_p + b_r + noise, minimising Σ(s − θ_p − b_r)² + λ·Σ b_r² (θ_p = μ + quality_p).
 * θ is eliminated (θ_p = mean over p of s − b), leaving an SPD system in b solved by conjugate
 * gradients with O(reviews) work per iteration.
 */
function calibratedAdjust(ix: Indexed, lambda: number): MethodResult {
  const { s, rp, rr, P, R } = ix;
  const N = s.length;
  const np = new Float64Array(P);
  const nr = new Float64Array(R);
  for (let i = 0; i < N; i++) {
    np[rp[i]]++;
    nr[rr[i]]++;
  }
  const Sp = new Float64Array(P);
  for (let i = 0; i < N; i++) Sp[rp[i]] += s[i];
  // rhs_r = Σ_{i∈r} s_i − Σ_{i∈r} Sp[p_i]/n_p
  const rhs = new Float64Array(R);
  for (let i = 0; i < N; i++) rhs[rr[i]] += s[i] - Sp[rp[i]] / np[rp[i]];
  const u = new Float64Array(P);
  const matvec = (b: Float64Array, out: Float64Array) => {
    u.fill(0);
    for (let i = 0; i < N; i++) u[rp[i]] += b[rr[i]];
    for (let p = 0; p < P; p++) u[p] /= np[p];
    for (let r = 0; r < R; r++) out[r] = (nr[r] + lambda) * b[r];
    for (let i = 0; i < N; i++) out[rr[i]] -= u[rp[i]];
  };
  const b = new Float64Array(R);
  const res = Float64Array.from(rhs);
  const dir = Float64Array.from(rhs);
  const Ad = new Float64Array(R);
  let rs = 0;
  for (let r = 0; r < R; r++) rs += res[r] * res[r];
  const tol = 1e-20 * Math.max(1, rs);
  for (let it = 0; it < 10 * R + 100 && rs > tol; it++) {
    matvec(dir, Ad);
    let dAd = 0;
    for (let r = 0; r < R; r++) dAd += dir[r] * Ad[r];
    const alpha = rs / dAd;
    let rsNew = 0;
    for (let r = 0; r < R; r++) {
      b[r] += alpha * dir[r];
      res[r] -= alpha * Ad[r];
      rsNew += res[r] * res[r];
    }
    const beta = rsNew / rs;
    rs = rsNew;
    for (let r = 0; r < R; r++) dir[r] = res[r] + beta * dir[r];
  }
  const adjusted = new Float64Array(N);
  for (let i = 0; i < N; i++) adjusted[i] = s[i] - b[rr[i]];
  return { adjusted, reviewerBias: b };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Ranking per docs/contract/ranking.md: value by the chosen method, ties sharing the smaller
 * rank (1, 2, 2, 4) listed by project id, NIH-style percentiles, seeded bootstrap 90% intervals and
 * flags.
 */
export function rankProjects(raw: unknown): RankOutput {
  const { input, ix, min, max } = index(raw);
  const method = input.method as RankingMethodKey;
  const { adjusted, reviewerBias } = METHODS[method](ix, input);
  const { P, byProject, s } = ix;
  const rows: RankedProjectResult[] = [];
  const B = input.bootstrap ?? 300;
  const rand = mulberry32(input.seed ?? 1);
  const boot = new Float64Array(B);
  for (let p = 0; p < P; p++) {
    const idx = byProject[p];
    const n = idx.length;
    let raw = 0;
    let val = 0;
    for (const i of idx) {
      raw += s[i];
      val += adjusted[i];
    }
    raw /= n;
    val /= n;
    let v2 = 0;
    for (const i of idx) v2 += (s[i] - raw) ** 2;
    const sd = Math.sqrt(v2 / n);
    let lo = val;
    let hi = val;
    if (B > 0 && n > 1) {
      for (let k = 0; k < B; k++) {
        let t = 0;
        for (let j = 0; j < n; j++) t += adjusted[idx[(rand() * n) | 0]];
        boot[k] = t / n;
      }
      const sorted = boot.sort(); // in place: the buffer is refilled for every project
      lo = quantile(sorted, 0.05);
      hi = quantile(sorted, 0.95);
    }
    const flags: RankFlag[] = [];
    if (sd > 0.2 * (max - min)) flags.push('HIGH_DISAGREEMENT');
    if (n < 3) flags.push('FEW_REVIEWS');
    rows.push({
      project: ix.projectIds[p],
      rank: 0,
      value: val,
      rawMean: raw,
      n,
      sd,
      percentile: 0,
      ciLow: lo,
      ciHigh: hi,
      flags,
    });
  }
  // ties: equal to 1e-9 of the scale share a rank
  const eps = 1e-9 * (max - min);
  rows.sort((a, b) => (Math.abs(a.value - b.value) <= eps ? cmp(a.project, b.project) : b.value - a.value));
  for (let i = 0; i < rows.length; i++) {
    rows[i].rank = i > 0 && Math.abs(rows[i].value - rows[i - 1].value) <= eps ? rows[i - 1].rank : i + 1;
    rows[i].percentile = Math.ceil((100 * (rows[i].rank - 0.5)) / rows.length);
  }
  for (const r of rows) {
    r.value = round(r.value);
    r.rawMean = round(r.rawMean);
    r.sd = round(r.sd);
    r.ciLow = round(r.ciLow);
    r.ciHigh = round(r.ciHigh);
  }
  const out: RankOutput = { ranking: rows };
  if (reviewerBias) out.reviewerBias = Object.fromEntries(ix.reviewerIds.map((id, r) => [id, round(reviewerBias[r])]));
  return out;
}

/** Linear interpolation between order statistics (type 7, as R and numpy default). */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
