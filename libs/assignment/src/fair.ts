import { designation, indexCandidates, pairsOf, type Index } from './designate';
import { MinCostFlow } from './min-cost-flow';
import { buildNetwork, readAssignment } from './network';
import { costScale, flowReasons, infeasible, localReasons, round6, type Model } from './model';
import type { AssignmentSolution, FairStage } from './types';

export interface FairOptions {
  /** weighted flow solves in each stage (each is one exact min-cost flow) */
  iterations?: number;
  /** stop iterating (keeping the best found) after this long */
  timeLimitMs?: number;
}

const EPS = 1e-9;

/**
 * The `fair` objective (PeerReview4All-style): first raise the smallest per-project total
 * affinity, then the total among assignments that keep that smallest total.
 *
 * Both stages are NP-hard in general, so each is solved with a Lagrangian scheme over the exact
 * flow model and polished by local moves, and each reports an upper bound:
 * - stage 1: for project weights λ ≥ 0, max over assignments of Σ λ_p·A_p / Σ λ_p bounds the best
 *   smallest total from above (a weighted mean is at least the minimum); the weighted problem is a
 *   min-cost flow, solved exactly, and the weights follow multiplicative updates toward the
 *   worst-off projects. The smallest of these bounds is the LP relaxation's value in the limit.
 * - stage 2: for multipliers μ ≥ 0, max Σ (1 + μ_p)·A_p − t*·Σ μ_p bounds the best total with
 *   every A_p ≥ t*; μ = 0 gives the plain `sum` optimum.
 */
export function solveFair(model: Model, opts: FairOptions = {}): AssignmentSolution {
  const t0 = performance.now();
  const precheck = localReasons(model);
  if (precheck.length) return infeasible(precheck, t0);
  const { P, cp, ca, seats } = model;
  const C = cp.length;
  const iterations = opts.iterations ?? 40;
  const deadline = t0 + (opts.timeLimitMs ?? 20_000);
  let seatsTotal = 0;
  for (let p = 0; p < P; p++) seatsTotal += seats[p];
  let maxA = 0;
  for (let i = 0; i < C; i++) if (ca[i] > maxA) maxA = ca[i];
  const active = Array.from({ length: P }, (_, p) => seats[p] > 0);

  /** Exact optimum of Σ w_p·A_p, with an upper bound on its true (unrounded) value. */
  const weighted = (w: Float64Array) => {
    let wmax = 0;
    for (let p = 0; p < P; p++) if (w[p] > wmax) wmax = w[p];
    const M = 1e7 / ((wmax || 1) * (maxA || 1));
    const net = buildNetwork(model, (i) => -Math.round(w[cp[i]] * ca[i] * M));
    if (!net.g.solve()) return null;
    const { selected } = readAssignment(model, net);
    // the selection is optimal for the rounded costs; each of the seats may have lost ≤ 0.5/M
    return { selected, value: -net.g.totalCost / M + (seatsTotal * 0.5) / M };
  };
  const totals = (sel: Uint8Array) => {
    const A = new Float64Array(P);
    for (let i = 0; i < C; i++) if (sel[i]) A[cp[i]] += ca[i];
    return A;
  };
  const minOf = (A: Float64Array) => {
    let m = Infinity;
    for (let p = 0; p < P; p++) if (active[p] && A[p] < m) m = A[p];
    return m === Infinity ? 0 : m;
  };
  const sumOf = (A: Float64Array) => A.reduce((s, x) => s + x, 0);

  // ---- stage 1: the smallest project total
  const ix = indexCandidates(model);
  let bound1 = soloBound(model, ix);
  const ones = new Float64Array(P).fill(1);
  const first = weighted(ones);
  if (!first) return infeasible(flowReasons(model), t0);
  const sumOptimum = sumOf(totals(first.selected));
  let best = first.selected;
  let bestMin = minOf(totals(best));
  const w = new Float64Array(P);
  for (let p = 0; p < P; p++) w[p] = active[p] ? 1 : 0;
  const activeCount = active.filter(Boolean).length || 1;
  const eta = Math.sqrt(Math.log(activeCount + 1) / iterations) * 2;
  let width = 0;
  for (let p = 0; p < P; p++) width = Math.max(width, seats[p] * maxA);
  width ||= 1;
  let it1 = 0;
  const pool: Uint8Array[] = [];
  for (; it1 < iterations && performance.now() < deadline; it1++) {
    const res = it1 === 0 ? first : weighted(w);
    if (!res) break;
    let wsum = 0;
    for (let p = 0; p < P; p++) wsum += w[p];
    bound1 = Math.min(bound1, res.value / wsum);
    const A = totals(res.selected);
    const m = minOf(A);
    pool.push(res.selected);
    if (m > bestMin + EPS) {
      bestMin = m;
      best = res.selected;
    }
    if (bound1 - bestMin < 1e-9) break;
    let wmax = 0;
    for (let p = 0; p < P; p++) {
      if (!active[p]) continue;
      w[p] *= Math.exp((-eta * (A[p] - m)) / width);
      if (w[p] > wmax) wmax = w[p];
    }
    for (let p = 0; p < P; p++) w[p] = Math.max(w[p] / wmax, 1e-6 * (active[p] ? 1 : 0));
  }
  // polish the iterates: local moves from several starting points (distinct ones only)
  let state = new LocalState(model, ix, best);
  state.raiseMinimum(deadline + 5_000);
  const seen = new Set<string>();
  for (const sel of pool) {
    if (performance.now() > deadline) break;
    const key = sel.join('');
    if (seen.has(key)) continue;
    seen.add(key);
    const s = new LocalState(model, ix, sel);
    s.raiseMinimum(deadline);
    if (minOf(s.A) > minOf(state.A) + EPS || (minOf(s.A) > minOf(state.A) - EPS && sumOf(s.A) > sumOf(state.A) + EPS))
      state = s;
  }
  bestMin = minOf(state.A);

  // ---- stage 2: the total, keeping every project at or above the smallest total reached
  const floor = bestMin - 1e-9;
  let incumbent: Uint8Array = Uint8Array.from(state.inSel);
  let incumbentTotal = sumOf(state.A);
  let bound2 = sumOptimum; // μ = 0
  const mu = new Float64Array(P);
  let it2 = 0;
  if (minOf(totals(first.selected)) >= floor) {
    incumbent = first.selected;
    incumbentTotal = sumOptimum;
  } else {
    let step = maxA || 1;
    for (; it2 < iterations && performance.now() < deadline && bound2 - incumbentTotal > 1e-9; it2++) {
      const wt = new Float64Array(P);
      let muSum = 0;
      for (let p = 0; p < P; p++) {
        wt[p] = 1 + mu[p];
        muSum += mu[p];
      }
      const res = weighted(wt);
      if (!res) break;
      bound2 = Math.min(bound2, res.value - bestMin * muSum);
      const A = totals(res.selected);
      const total = sumOf(A);
      if (minOf(A) >= floor && total > incumbentTotal + EPS) {
        incumbent = res.selected;
        incumbentTotal = total;
      }
      for (let p = 0; p < P; p++) if (active[p]) mu[p] = Math.max(0, mu[p] + (step * (bestMin - A[p])) / width);
      step *= 0.9;
    }
  }
  const polish = new LocalState(model, ix, incumbent);
  if (bound2 - incumbentTotal > 1e-9) polish.raiseTotal(floor, deadline + 5_000);
  const finalSel = polish.inSel;
  const A = totals(finalSel);
  const finalMin = minOf(A);
  const finalTotal = sumOf(A);
  // a bound can never be below what was reached (rounding of the bound's own arithmetic)
  bound1 = Math.max(bound1, finalMin);
  bound2 = Math.max(Math.min(bound2, sumOptimum), finalTotal);
  const stages: FairStage[] = [
    { stage: 'minProjectAffinity', value: round6(finalMin), bound: round6(bound1), gap: round6(bound1 - finalMin) },
    { stage: 'totalAffinity', value: round6(finalTotal), bound: round6(bound2), gap: round6(bound2 - finalTotal) },
  ];
  return {
    status: 'optimal',
    objective: round6(finalTotal),
    assignments: pairsOf(model, ix, finalSel),
    stages,
    stats: {
      totalMs: +(performance.now() - t0).toFixed(1),
      stage1Solves: it1,
      stage2Solves: it2,
      sumOptimum: round6(sumOptimum),
    },
  };
}

/**
 * An integral selection with the bookkeeping for local moves that keep every rule (loads,
 * seats, coverage by distinct reviewers, locks): replace one reviewer of a project by an unused
 * candidate, or swap reviewers between two projects.
 */
class LocalState {
  readonly inSel: Uint8Array;
  readonly A: Float64Array;
  readonly load: Int32Array;
  /** selected candidate indices, per project and per reviewer */
  readonly members: number[][];
  readonly byReviewer: number[][];

  constructor(
    private readonly model: Model,
    private readonly ix: Index,
    selected: Uint8Array,
  ) {
    const { P, R, cp, cr, ca } = model;
    this.inSel = Uint8Array.from(selected);
    this.A = new Float64Array(P);
    this.load = new Int32Array(R);
    this.members = Array.from({ length: P }, () => []);
    this.byReviewer = Array.from({ length: R }, () => []);
    for (let i = 0; i < cp.length; i++) {
      if (!selected[i]) continue;
      this.A[cp[i]] += ca[i];
      this.load[cr[i]]++;
      this.members[cp[i]].push(i);
      this.byReviewer[cr[i]].push(i);
    }
  }

  private covered(p: number, without: number, withC: number): boolean {
    const n = this.model.requires[p].length;
    if (n === 0) return true;
    const m = this.members[p].filter((i) => i !== without);
    m.push(withC);
    return designation(this.ix, n, m) !== null;
  }

  private move(p: number, out: number, inn: number) {
    const { cr, ca } = this.model;
    this.inSel[out] = 0;
    this.inSel[inn] = 1;
    this.A[p] += ca[inn] - ca[out];
    this.load[cr[out]]--;
    this.load[cr[inn]]++;
    const ms = this.members[p];
    ms[ms.indexOf(out)] = inn;
    const ro = this.byReviewer[cr[out]];
    ro.splice(ro.indexOf(out), 1);
    this.byReviewer[cr[inn]].push(inn);
  }

  /** Best improving move for project p under `accept(Δp, q, Δq)`; applied when found. */
  private improve(
    p: number,
    accept: (dp: number, q: number, dq: number) => boolean,
    score: (dp: number, q: number, dq: number) => number,
  ): boolean {
    const { R, cr, ca, cl, inst } = this.model;
    let bestScore = 0;
    let best: (() => void) | null = null;
    for (const out of this.members[p]) {
      if (cl[out]) continue;
      const rOut = cr[out];
      const canLeave = this.load[rOut] > (inst.reviewers[rOut].minLoad ?? 0);
      for (const inn of this.ix.byProject[p]) {
        if (this.inSel[inn]) continue;
        const dp = ca[inn] - ca[out];
        const rIn = cr[inn];
        // replace: rIn takes a new seat, rOut gives one up
        if (canLeave && this.load[rIn] < inst.reviewers[rIn].maxLoad && accept(dp, -1, 0)) {
          const s = score(dp, -1, 0);
          if (s > bestScore + EPS && this.covered(p, out, inn)) {
            bestScore = s;
            best = () => this.move(p, out, inn);
          }
        }
        // swap: rIn leaves project q for p, rOut leaves p for q
        for (const j of this.byReviewer[rIn]) {
          const q = this.model.cp[j];
          if (q === p || cl[j]) continue;
          // chain: rIn leaves q for p, a reviewer with spare capacity fills rIn's seat on q
          if (canLeave) {
            for (const k2 of this.ix.byProject[q]) {
              const r3 = cr[k2];
              if (this.inSel[k2] || r3 === rOut || this.load[r3] >= inst.reviewers[r3].maxLoad) continue;
              const dq = ca[k2] - ca[j];
              if (!accept(dp, q, dq)) continue;
              const s = score(dp, q, dq);
              if (s > bestScore + EPS && this.covered(p, out, inn) && this.covered(q, j, k2)) {
                bestScore = s;
                best = () => {
                  this.move(p, out, inn);
                  this.move(q, j, k2);
                };
              }
            }
          }
          const k = this.ix.pair.get(q * R + rOut);
          if (k === undefined || this.inSel[k]) continue;
          const dq = ca[k] - ca[j];
          if (!accept(dp, q, dq)) continue;
          const s = score(dp, q, dq);
          if (s > bestScore + EPS && this.covered(p, out, inn) && this.covered(q, j, k)) {
            bestScore = s;
            best = () => {
              this.move(p, out, inn);
              this.move(q, j, k);
            };
          }
        }
      }
    }
    if (best) best();
    return best !== null;
  }

  /** Raises the worst-off projects one move at a time while a move lifts one without sinking another to its level. */
  raiseMinimum(deadline: number) {
    const { P, seats } = this.model;
    for (let guard = 0; guard < 100_000 && performance.now() < deadline; guard++) {
      let m = Infinity;
      for (let p = 0; p < P; p++) if (seats[p] > 0 && this.A[p] < m) m = this.A[p];
      let moved = false;
      for (let p = 0; p < P && !moved; p++) {
        if (seats[p] === 0 || this.A[p] > m + EPS) continue;
        moved = this.improve(
          p,
          (dp, q, dq) => dp > EPS && (q < 0 || this.A[q] + dq > m + EPS),
          (dp, q, dq) => Math.min(dp, q < 0 ? Infinity : this.A[q] + dq - m) + 1e-6 * (dp + dq),
        );
      }
      if (!moved) return;
    }
  }

  /** Raises the total while every project stays at or above `floor`. */
  raiseTotal(floor: number, deadline: number) {
    const { P, seats } = this.model;
    for (let guard = 0; guard < 100_000 && performance.now() < deadline; guard++) {
      let moved = false;
      for (let p = 0; p < P && performance.now() < deadline; p++) {
        if (seats[p] === 0) continue;
        if (
          this.improve(
            p,
            (dp, q, dq) => dp + dq > EPS && this.A[p] + dp >= floor && (q < 0 || this.A[q] + dq >= floor),
            (dp, _q, dq) => dp + dq,
          )
        )
          moved = true;
      }
      if (!moved) return;
    }
  }
}

/**
 * A bound on stage 1: the smallest, over projects, of the best total the project could get if it
 * had every candidate to itself (its seats, coverage by distinct reviewers and locks respected,
 * other projects ignored), each solved exactly as a small min-cost flow.
 */
function soloBound(model: Model, ix: Index): number {
  const { P, seats, requires, ca, cl } = model;
  const scale = costScale(ca);
  let bound = Infinity;
  for (let p = 0; p < P; p++) {
    const k = seats[p];
    if (k === 0) continue;
    const cands = ix.byProject[p];
    const nd = requires[p].length;
    // nodes: 0 source, 1 sink, 2 project, 3.. disciplines, then one per candidate
    const g = new MinCostFlow(3 + nd + cands.length);
    g.setSupply(0, k);
    g.setSupply(1, -k);
    g.addEdge(2, 1, k, k, 0);
    for (let d = 0; d < nd; d++) g.addEdge(3 + d, 2, 1, k, 0);
    cands.forEach((i, j) => {
      const c = 3 + nd + j;
      g.addEdge(0, c, cl[i] ? 1 : 0, 1, -Math.round(ca[i] * scale));
      g.addEdge(c, 2, 0, 1, 0);
      for (const d of ix.hits[i] ?? []) g.addEdge(c, 3 + d, 0, 1, 0);
    });
    if (!g.solve()) return 0; // cannot happen once the local checks passed
    bound = Math.min(bound, -g.totalCost / scale);
  }
  return bound === Infinity ? 0 : bound;
}
