import { mulberry32 } from '@app/random';
import type { MinCostFlow } from './min-cost-flow';
import { buildNetwork, readAssignment } from './network';
import { costScale, flowReasons, infeasible, localReasons, round6, type Model } from './model';
import { AssignmentInputError, type AssignmentSolution } from './types';

/**
 * The flow unit that makes the cap an integer: the smallest D ≤ 10 000 with q·D whole, else
 * 10 000 and the cap rounded down (never above q).
 */
export function capUnit(q: number): { unit: number; cap: number } {
  for (let d = 1; d <= 10_000; d++) {
    const x = q * d;
    if (Math.abs(x - Math.round(x)) < 1e-9) return { unit: d, cap: Math.round(x) };
  }
  return { unit: 10_000, cap: Math.floor(q * 10_000) };
}

/**
 * The `randomized` objective (Jecmen, Zhang, Liu, Shah, Conitzer & Fang 2020, "Mitigating
 * manipulation in peer review via randomized reviewer assignments").
 *
 * 1. The optimal fractional assignment with every (unlocked) pair's probability at most q: the
 *    same flow network with every bound multiplied by a unit D and the pair arcs capped at q·D,
 *    solved exactly as an integer min-cost flow (so the expected affinity is optimal under the cap).
 * 2. A sample with exactly those marginals: dependent rounding on the flow network. While some
 *    arc carries a fractional flow, a cycle of fractional arcs exists (every node's balance is
 *    whole, so no node touches exactly one fractional arc); flow is pushed around it by +α with
 *    probability β/(α+β) or by −β otherwise, which keeps each arc's expectation and moves at
 *    least one arc to a whole value. Every arc ends at the floor or ceiling of its fractional
 *    flow, so loads, seats and coverage hold in every sample.
 */
export function solveRandomized(model: Model): AssignmentSolution {
  const t0 = performance.now();
  const { inst, ca, cp } = model;
  const q = inst.maxProbability;
  if (typeof q !== 'number' || !Number.isFinite(q) || q <= 0 || q > 1)
    throw new AssignmentInputError('maxProbability', `must be a number in (0, 1] (got ${JSON.stringify(q)})`);
  const seed = inst.seed ?? 0;
  if (!Number.isInteger(seed))
    throw new AssignmentInputError('seed', `must be a whole number (got ${JSON.stringify(seed)})`);
  const precheck = localReasons(model);
  if (precheck.length) return infeasible(precheck, t0);
  const { unit, cap } = capUnit(q);
  if (cap === 0) return infeasible([`maxProbability ${q} is too small: raise it to at least 0.0001`], t0);
  const scale = costScale(ca);
  const net = buildNetwork(model, (i) => -Math.round(ca[i] * scale), unit, cap);
  const tBuild = performance.now();
  if (!net.g.solve()) return infeasible([...capReasons(model, q, cap / unit), ...flowReasons(model)], t0);
  const tLp = performance.now();
  const flow = Float64Array.from(net.g.flow);
  let expected = 0;
  for (let i = 0; i < cp.length; i++) expected += (ca[i] * flow[net.candEdge[i]]) / unit;
  const cycles = dependentRound(net.g, flow, unit, mulberry32(seed));
  const { assignments, objective } = readAssignment(model, net, flow);
  return {
    status: 'optimal',
    objective: round6(objective),
    expectedObjective: round6(expected),
    maxProbability: q,
    seed,
    assignments,
    stats: {
      lpMs: +(tLp - tBuild).toFixed(1),
      samplingMs: +(performance.now() - tLp).toFixed(1),
      totalMs: +(performance.now() - t0).toFixed(1),
      unit,
      roundingCycles: cycles,
    },
  };
}

/** Why the cap makes the instance infeasible, per project, in terms an officer can act on. */
function capReasons(model: Model, q: number, effective: number): string[] {
  const { P, seats, requires, disc, cp, cr, inst } = model;
  const count = new Int32Array(P);
  const byDisc: Map<string, number>[] = Array.from({ length: P }, () => new Map());
  for (let i = 0; i < cp.length; i++) {
    count[cp[i]]++;
    for (const d of requires[cp[i]]) if (disc[cr[i]].includes(d)) byDisc[cp[i]].set(d, (byDisc[cp[i]].get(d) ?? 0) + 1);
  }
  const out: string[] = [];
  for (let p = 0; p < P; p++) {
    const id = inst.projects[p].id;
    const need = Math.ceil(seats[p] / effective - 1e-9);
    if (count[p] < need)
      out.push(
        `${id} needs at least ${need} candidates for ${seats[p]} seats at maxProbability ${q} but has ${count[p]}`,
      );
    for (const d of requires[p]) {
      const n = byDisc[p].get(d) ?? 0;
      const needD = Math.ceil(1 / effective - 1e-9);
      if (n < needD) out.push(`${id} needs at least ${needD} ${d} candidates at maxProbability ${q} but has ${n}`);
    }
  }
  return out;
}

/**
 * Rounds a flow counted in 1/unit to whole units, keeping every arc's expected flow (see above).
 * Walks along fractional arcs keeping the current path, so a found cycle is cancelled and the walk
 * resumes from where the cycle began. Returns the number of cycles cancelled.
 */
export function dependentRound(g: MinCostFlow, f: Float64Array, unit: number, rnd: () => number): number {
  const n = g.n;
  const E = f.length;
  const { tails, heads } = g;
  const isFrac = (e: number) => f[e] % unit !== 0;
  // CSR adjacency of the arcs that start fractional; arcs are dropped lazily as they become whole
  const deg = new Int32Array(n + 1);
  for (let e = 0; e < E; e++) {
    if (!isFrac(e)) continue;
    deg[tails[e]]++;
    deg[heads[e]]++;
  }
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = start[v] + deg[v];
  const live = new Int32Array(n);
  const adj = new Int32Array(start[n]);
  for (let e = 0; e < E; e++) {
    if (!isFrac(e)) continue;
    adj[start[tails[e]] + live[tails[e]]++] = e;
    adj[start[heads[e]] + live[heads[e]]++] = e;
  }
  /** a fractional arc at v other than `except`, or −1 */
  const pick = (v: number, except: number): number => {
    const s = start[v];
    let k = 0;
    while (k < live[v]) {
      const e = adj[s + k];
      if (!isFrac(e)) {
        adj[s + k] = adj[s + --live[v]];
        continue;
      }
      if (e !== except) return e;
      k++;
    }
    return -1;
  };
  const onPath = new Int32Array(n).fill(-1);
  const pathNodes: number[] = [];
  const pathEdges: number[] = [];
  let cycles = 0;
  for (let s = 0; s < n; s++) {
    for (;;) {
      if (pathNodes.length === 0) {
        if (pick(s, -1) < 0) break;
        pathNodes.push(s);
        onPath[s] = 0;
      }
      const v = pathNodes[pathNodes.length - 1];
      const arrived = pathEdges.length ? pathEdges[pathEdges.length - 1] : -1;
      const e = pick(v, arrived);
      if (e < 0) {
        // only the walk's first node can run out (every other node touches ≥ 2 fractional arcs)
        for (const u of pathNodes) onPath[u] = -1;
        pathNodes.length = 0;
        pathEdges.length = 0;
        continue;
      }
      const w = tails[e] === v ? heads[e] : tails[e];
      const at = onPath[w];
      if (at < 0) {
        onPath[w] = pathNodes.length;
        pathNodes.push(w);
        pathEdges.push(e);
        continue;
      }
      // cycle: pathNodes[at] → … → v → w (= pathNodes[at])
      let alpha = Infinity;
      let beta = Infinity;
      const cyc = pathEdges.slice(at);
      cyc.push(e);
      const dir: number[] = [];
      for (let j = 0; j < cyc.length; j++) {
        const from = j + at < pathNodes.length ? pathNodes[j + at] : v;
        const arc = cyc[j];
        const forward = tails[arc] === from ? 1 : -1;
        dir.push(forward);
        const lo = f[arc] - (f[arc] % unit);
        const up = lo + unit - f[arc];
        const down = f[arc] - lo;
        if (forward > 0) {
          alpha = Math.min(alpha, up);
          beta = Math.min(beta, down);
        } else {
          alpha = Math.min(alpha, down);
          beta = Math.min(beta, up);
        }
      }
      const delta = rnd() < beta / (alpha + beta) ? alpha : -beta;
      for (let j = 0; j < cyc.length; j++) f[cyc[j]] += dir[j] * delta;
      cycles++;
      for (let j = at + 1; j < pathNodes.length; j++) onPath[pathNodes[j]] = -1;
      pathNodes.length = at + 1;
      pathEdges.length = at;
    }
  }
  return cycles;
}
