import { candidateHits } from './designate';
import { MinCostFlow } from './min-cost-flow';
import type { Model } from './model';
import type { AssignedPair } from './types';

/**
 * The assignment as a flow network, shared by every objective.
 *
 * Source → reviewer [minLoad, maxLoad]; reviewer → project (or → the project's discipline node
 * when the reviewer holds one required discipline) [locked ? 1 : 0, 1] at the candidate's cost;
 * discipline node → project [1, k]; project → sink [k, k]. A reviewer holding several required
 * disciplines of a project goes through a small node that chooses at most one designation.
 *
 * Every bound is multiplied by `unit` (flow is counted in 1/unit of a reviewer), and a candidate
 * arc carries at most `pairCap` units unless locked: with unit = 1 and pairCap = 1 this is the
 * integral assignment; with pairCap < unit it is the fractional assignment under a probability
 * cap (randomized objective).
 */
export interface Network {
  g: MinCostFlow;
  unit: number;
  /** arc of each candidate (source side) */
  candEdge: Int32Array;
  /** required-discipline positions of the project that the candidate's reviewer holds */
  hits: (number[] | null)[];
  /** for candidates with several hits: arcs from their choice node to each discipline node */
  xToDisc: (Int32Array | null)[];
  source: number;
  sink: number;
}

export function buildNetwork(model: Model, costOf: (candidate: number) => number, unit = 1, pairCap = unit): Network {
  const { P, R, seats, requires, cp, cr, cl, inst } = model;
  const S = 0;
  const T = 1;
  const revNode = (r: number) => 2 + r;
  const projNode = (p: number) => 2 + R + p;
  let next = 2 + R + P;
  const discBase = new Int32Array(P);
  for (let p = 0; p < P; p++) {
    discBase[p] = next;
    next += requires[p].length;
  }
  const C = cp.length;
  const hits = candidateHits(model);
  let xCount = 0;
  for (let i = 0; i < C; i++) if ((hits[i]?.length ?? 0) > 1) xCount++;
  const g = new MinCostFlow(next + xCount);
  let total = 0;
  for (let p = 0; p < P; p++) total += seats[p];
  g.setSupply(S, total * unit);
  g.setSupply(T, -total * unit);
  for (let r = 0; r < R; r++)
    g.addEdge(S, revNode(r), (inst.reviewers[r].minLoad ?? 0) * unit, inst.reviewers[r].maxLoad * unit, 0);
  for (let p = 0; p < P; p++) {
    g.addEdge(projNode(p), T, seats[p] * unit, seats[p] * unit, 0);
    for (let d = 0; d < requires[p].length; d++) g.addEdge(discBase[p] + d, projNode(p), unit, seats[p] * unit, 0);
  }
  const candEdge = new Int32Array(C);
  const xToDisc: (Int32Array | null)[] = new Array(C).fill(null);
  let xn = next;
  for (let i = 0; i < C; i++) {
    const p = cp[i];
    const r = cr[i];
    const c = costOf(i);
    const lo = cl[i] ? unit : 0;
    const hi = cl[i] ? unit : pairCap;
    const h = hits[i];
    if (!h) candEdge[i] = g.addEdge(revNode(r), projNode(p), lo, hi, c);
    else if (h.length === 1) candEdge[i] = g.addEdge(revNode(r), discBase[p] + h[0], lo, hi, c);
    else {
      const x = xn++;
      candEdge[i] = g.addEdge(revNode(r), x, lo, hi, c);
      xToDisc[i] = Int32Array.from(h.map((d) => g.addEdge(x, discBase[p] + d, 0, unit, 0)));
      g.addEdge(x, projNode(p), 0, unit, 0);
    }
  }
  return { g, unit, candEdge, hits, xToDisc, source: S, sink: T };
}

/**
 * Reads an integral assignment from a solved network (flows given in the network's unit, by
 * default the solver's own). `selected[i]` is 1 for each assigned candidate.
 */
export function readAssignment(
  model: Model,
  net: Network,
  flow: ArrayLike<number> = net.g.flow,
): { assignments: AssignedPair[]; objective: number; selected: Uint8Array } {
  const { cp, cr, ca, requires, inst } = model;
  const half = net.unit / 2;
  const C = cp.length;
  const selected = new Uint8Array(C);
  const assignments: AssignedPair[] = [];
  let objective = 0;
  for (let i = 0; i < C; i++) {
    if (flow[net.candEdge[i]] < half) continue;
    selected[i] = 1;
    const p = cp[i];
    const h = net.hits[i];
    let covers: string | null = null;
    if (h && h.length === 1) covers = requires[p][h[0]];
    else if (h) {
      const xs = net.xToDisc[i]!;
      for (let j = 0; j < xs.length; j++) if (flow[xs[j]] > half) covers = requires[p][h[j]];
    }
    assignments.push({ project: inst.projects[p].id, reviewer: inst.reviewers[cr[i]].id, covers });
    objective += ca[i];
  }
  dedupeCovers(assignments);
  return { assignments, objective, selected };
}

/**
 * A reviewer routed through a discipline node above that node's minimum is still a valid
 * designation; one designation per discipline is enough, so the extra ones are reported as null.
 */
function dedupeCovers(assignments: AssignedPair[]) {
  const seen = new Set<string>();
  for (const a of assignments) {
    if (!a.covers) continue;
    const k = a.project + '\u0000' + a.covers;
    if (seen.has(k)) a.covers = null;
    else seen.add(k);
  }
}
