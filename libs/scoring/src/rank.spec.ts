import { mulberry32 } from '@app/random';
import { criterionScoreProblem, rankProjects, ScoringInputError, tally, weightedTotal, type ReviewScore } from '../src';

const rv = (project: string, reviewer: string, score: number): ReviewScore => ({ project, reviewer, score });

describe('ranking: hand-computed tables', () => {
  it('mean, ties sharing the smaller rank listed by id, NIH percentiles, flags', () => {
    const out = rankProjects({
      method: 'mean',
      reviews: [
        rv('A', 'R1', 90),
        rv('A', 'R2', 90),
        rv('C', 'R2', 85),
        rv('B', 'R1', 80),
        rv('B', 'R3', 90),
        rv('D', 'R3', 70),
      ],
    });
    expect(
      out.ranking.map((r) => [r.project, r.rank, r.value, r.percentile, r.n, r.sd, r.ciLow, r.ciHigh, r.flags]),
    ).toEqual([
      ['A', 1, 90, 13, 2, 0, 90, 90, ['FEW_REVIEWS']],
      ['B', 2, 85, 38, 2, 5, expect.any(Number), expect.any(Number), ['FEW_REVIEWS']],
      ['C', 2, 85, 38, 1, 0, 85, 85, ['FEW_REVIEWS']],
      ['D', 4, 70, 88, 1, 0, 70, 70, ['FEW_REVIEWS']],
    ]);
    const b = out.ranking[1];
    expect(b.ciLow).toBeGreaterThanOrEqual(80);
    expect(b.ciHigh).toBeLessThanOrEqual(90);
  });

  it('zscore: reviewers normalised by their own mean and population sd; a one-review reviewer by the overall ones', () => {
    // R1: 80, 60 (m 70, sd 10); R2: 90, 70 (m 80, sd 10); R3: 50 only → M = 70, SD = √200.
    // P1 = (70+√200 + 70+√200 + 50)/3 = 72.7614; P2 = 70 − √200 = 55.8579
    const out = rankProjects({
      method: 'zscore',
      reviews: [rv('P1', 'R1', 80), rv('P2', 'R1', 60), rv('P1', 'R2', 90), rv('P2', 'R2', 70), rv('P1', 'R3', 50)],
    });
    expect(out.ranking.map((r) => [r.project, r.rank, r.value, r.rawMean])).toEqual([
      ['P1', 1, 72.7614, 73.3333],
      ['P2', 2, 55.8579, 65],
    ]);
  });

  it('zscore with every score equal gives everyone the same value (z = 0)', () => {
    const out = rankProjects({ method: 'zscore', reviews: [rv('P1', 'R1', 60), rv('P2', 'R1', 60)] });
    expect(out.ranking.map((r) => [r.project, r.rank, r.value])).toEqual([
      ['P1', 1, 60],
      ['P2', 1, 60],
    ]);
  });

  it('HIGH_DISAGREEMENT when sd exceeds 20% of the scale width', () => {
    // scores 50 and 92: sd 21 > 20; 50 and 90: sd 20, not flagged
    const out = rankProjects({
      method: 'mean',
      reviews: [rv('X', 'a', 50), rv('X', 'b', 92), rv('X', 'c', 71), rv('Y', 'a', 50), rv('Y', 'b', 90)],
    });
    const x = out.ranking.find((r) => r.project === 'X')!;
    expect(x.sd).toBeCloseTo(Math.sqrt((21 ** 2 + 21 ** 2 + 0) / 3), 4);
    expect(x.flags).toEqual([]); // sd 17.15
    const y = out.ranking.find((r) => r.project === 'Y')!;
    expect(y.sd).toBe(20);
    expect(y.flags).toEqual(['FEW_REVIEWS']);
    const z = rankProjects({
      method: 'mean',
      scale: { min: 0, max: 10 },
      reviews: [rv('Z', 'a', 2), rv('Z', 'b', 7), rv('Z', 'c', 2)],
    }).ranking[0];
    expect(z.sd).toBeCloseTo(2.357, 3);
    expect(z.flags).toEqual(['HIGH_DISAGREEMENT']);
  });
});

/** The least-squares normal equations in (θ, b), solved directly by Gaussian elimination. */
function directCalibrated(reviews: ReviewScore[], lambda: number): Map<string, number> {
  const ps = [...new Set(reviews.map((r) => r.project))];
  const rs = [...new Set(reviews.map((r) => r.reviewer))];
  const n = ps.length + rs.length;
  const A = Array.from({ length: n }, () => new Array(n + 1).fill(0));
  for (const { project, reviewer, score } of reviews) {
    const i = ps.indexOf(project);
    const j = ps.length + rs.indexOf(reviewer);
    A[i][i] += 1;
    A[i][j] += 1;
    A[j][i] += 1;
    A[j][j] += 1;
    A[i][n] += score;
    A[j][n] += score;
  }
  for (let j = ps.length; j < n; j++) A[j][j] += lambda;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r][c] / A[c][c];
      for (let k = c; k <= n; k++) A[r][k] -= f * A[c][k];
    }
  }
  return new Map(ps.map((p, i) => [p, A[i][n] / A[i][i]]));
}

function simulate(seed: number, P: number, R: number, perProject: number, biasSd: number, noiseSd: number) {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const quality = Array.from({ length: P }, () => 70 + 6 * gauss());
  const bias = Array.from({ length: R }, () => biasSd * gauss());
  const reviews: ReviewScore[] = [];
  for (let p = 0; p < P; p++) {
    const chosen = new Set<number>();
    while (chosen.size < perProject) chosen.add(Math.floor(rand() * R));
    for (const r of chosen)
      reviews.push(rv(`P${p}`, `R${r}`, Math.min(100, Math.max(0, quality[p] + bias[r] + noiseSd * gauss()))));
  }
  return { quality, reviews };
}

/** Kendall's tau-a between two orderings of the same items. */
function kendallTau(a: number[], b: number[]): number {
  let c = 0;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const s = Math.sign(a[i] - a[j]) * Math.sign(b[i] - b[j]);
      if (s > 0) c++;
      else if (s < 0) d++;
    }
  }
  return (c - d) / ((a.length * (a.length - 1)) / 2);
}

describe('calibrated ranking', () => {
  it('equals the direct solution of the ridge least-squares normal equations', () => {
    const { reviews } = simulate(3, 25, 9, 3, 6, 2);
    for (const lambda of [0.5, 1, 4]) {
      const ref = directCalibrated(reviews, lambda);
      const out = rankProjects({ method: 'calibrated', ridge: lambda, reviews, bootstrap: 0 });
      for (const r of out.ranking) expect(r.value).toBeCloseTo(ref.get(r.project)!, 3);
    }
  });

  it('recovers the true order under planted reviewer biases far better than the mean (Kendall’s tau)', () => {
    const taus: Record<string, number[]> = { mean: [], zscore: [], calibrated: [] };
    for (const seed of [1, 2, 3, 4, 5]) {
      const { quality, reviews } = simulate(seed, 300, 60, 4, 8, 2);
      for (const method of ['mean', 'zscore', 'calibrated'] as const) {
        const out = rankProjects({ method, reviews, bootstrap: 0 });
        const value = new Map(out.ranking.map((r) => [r.project, r.value]));
        taus[method].push(
          kendallTau(
            quality,
            quality.map((_, p) => value.get(`P${p}`)!),
          ),
        );
      }
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `Kendall tau vs true quality (5 simulations, 300 projects, 60 reviewers, bias sd 8, noise sd 2): mean ${avg(taus.mean).toFixed(3)}, zscore ${avg(taus.zscore).toFixed(3)}, calibrated ${avg(taus.calibrated).toFixed(3)}`,
    );
    expect(avg(taus.calibrated)).toBeGreaterThan(avg(taus.mean) + 0.15);
    expect(avg(taus.calibrated)).toBeGreaterThan(0.8);
    for (let i = 0; i < 5; i++) expect(taus.calibrated[i]).toBeGreaterThan(taus.mean[i]);
  });

  it('estimates the planted biases', () => {
    const rand = mulberry32(9);
    const reviews: ReviewScore[] = [];
    // reviewer H is 15 points harsher than the others on every project
    for (let p = 0; p < 40; p++)
      for (const r of ['H', 'A', 'B', 'C'])
        if (r === 'H' || rand() < 0.7) reviews.push(rv(`P${p}`, r, 70 + (p % 7) - (r === 'H' ? 15 : 0)));
    const out = rankProjects({ method: 'calibrated', reviews, bootstrap: 0 });
    expect(out.reviewerBias!.H - out.reviewerBias!.A).toBeCloseTo(-15, 0);
  });
});

describe('bootstrap intervals', () => {
  const { reviews } = simulate(7, 30, 10, 5, 5, 4);
  it('are deterministic for a seed and contain the value', () => {
    const a = rankProjects({ reviews, seed: 42 });
    const b = rankProjects({ reviews, seed: 42 });
    const c = rankProjects({ reviews, seed: 43 });
    expect(a).toEqual(b);
    expect(a.ranking.map((r) => r.ciLow)).not.toEqual(c.ranking.map((r) => r.ciLow));
    for (const r of a.ranking) {
      expect(r.ciLow).toBeLessThanOrEqual(r.value + 1e-9);
      expect(r.ciHigh).toBeGreaterThanOrEqual(r.value - 1e-9);
      expect(r.ciHigh).toBeGreaterThan(r.ciLow);
    }
  });
});

describe('bad input names the field', () => {
  const field = (x: unknown) => {
    try {
      rankProjects(x);
    } catch (e) {
      expect(e).toBeInstanceOf(ScoringInputError);
      return (e as ScoringInputError).field;
    }
    return null;
  };
  it.each([
    [{}, 'reviews'],
    [{ method: 'median', reviews: [] }, 'method'],
    [{ reviews: [rv('P', 'R', Number.NaN)] }, 'reviews[0].score'],
    [{ reviews: [{ project: 'P', reviewer: 'R' }] }, 'reviews[0].score'],
    [{ reviews: [rv('P', 'R', 101)] }, 'reviews[0].score'],
    [{ scale: { min: 1, max: 1 }, reviews: [] }, 'scale'],
    [{ reviews: [rv('P', 'R', 50), rv('P', 'R', 60)] }, 'reviews[1]'],
    [{ reviews: [rv('', 'R', 50)] }, 'reviews[0].project'],
  ])('%#', (input, f) => expect(field(input)).toBe(f));
});

describe('rubric', () => {
  const initial = [
    { key: 'significance', weight: 30, min: 0, max: 10, step: 0.5 },
    { key: 'fit', weight: 20, min: 0, max: 10, step: 0.5 },
    { key: 'feasibility', weight: 20, min: 0, max: 10, step: 0.5 },
    { key: 'team', weight: 20, min: 0, max: 10, step: 0.5 },
    { key: 'translation', weight: 10, min: 0, max: 10, step: 0.5 },
  ];
  it('weighted total on 0–100 (hand-computed)', () => {
    // 30·0.9 + 20·0.8 + 20·0.7 + 20·1.0 + 10·0.5 = 27 + 16 + 14 + 20 + 5 = 82
    expect(weightedTotal(initial, { significance: 9, fit: 8, feasibility: 7, team: 10, translation: 5 })).toBe(82);
    expect(weightedTotal(initial, { significance: 0, fit: 0, feasibility: 0, team: 0, translation: 0 })).toBe(0);
    expect(weightedTotal([{ key: 'a', weight: 1, min: 1, max: 5 }], { a: 4 })).toBe(75);
  });
  it('range and step checks', () => {
    expect(criterionScoreProblem(initial[0], 9.5)).toBeNull();
    expect(criterionScoreProblem(initial[0], 9.25)).toMatch(/multiple of 0.5/);
    expect(criterionScoreProblem(initial[0], 10.5)).toMatch(/between 0 and 10/);
    expect(criterionScoreProblem(initial[0], Number.POSITIVE_INFINITY)).toMatch(/number/);
  });
  it('tallies ratings', () => {
    expect(tally(['EXCELLENT', 'GOOD', 'EXCELLENT', null])).toEqual({ EXCELLENT: 2, GOOD: 1 });
  });
});
