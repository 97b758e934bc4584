import { AssignmentInputError, type AssignmentInstance, type AssignmentSolution } from './types';

/**
 * The instance checked and indexed for the solvers (every objective builds on it), with the
 * helpers they share: cost scaling, reasons for infeasibility, rounding. Kept apart from
 * solve.ts, which chooses the objective, so that no objective imports its own dispatcher.
 */

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (field: string, msg: string): never => {
  throw new AssignmentInputError(field, msg);
};

export interface Model {
  inst: AssignmentInstance;
  P: number;
  R: number;
  seats: Int32Array;
  requires: string[][];
  disc: string[][];
  projIdx: Map<string, number>;
  revIdx: Map<string, number>;
  /** non-conflicted candidates: project, reviewer, affinity, locked */
  cp: Int32Array;
  cr: Int32Array;
  ca: Float64Array;
  cl: Uint8Array;
  lockedNotCandidate: string[];
  lockedConflicted: string[];
}

/** Validates the instance (docs/contract/assignment.md) and indexes it. */
export function buildModel(raw: unknown): Model {
  if (!isObj(raw)) return bad('instance', 'must be a JSON object');
  const inst = raw as unknown as AssignmentInstance;
  const k0 = inst.reviewersPerProject;
  if (typeof k0 !== 'number' || !Number.isInteger(k0) || k0 < 1)
    bad('reviewersPerProject', `must be a whole number ≥ 1 (got ${JSON.stringify(k0)})`);
  if (!Array.isArray(inst.projects)) bad('projects', 'must be an array');
  if (!Array.isArray(inst.reviewers)) bad('reviewers', 'must be an array');
  if (!Array.isArray(inst.candidates)) bad('candidates', 'must be an array of [project, reviewer, affinity]');
  const P = inst.projects.length;
  const R = inst.reviewers.length;
  const projIdx = new Map<string, number>();
  const seats = new Int32Array(P);
  const requires: string[][] = [];
  inst.projects.forEach((p, i) => {
    if (!isObj(p) || typeof p.id !== 'string') bad(`projects[${i}]`, 'needs a string id');
    if (projIdx.has(p.id)) bad(`projects[${i}].id`, `duplicate project ${p.id}`);
    projIdx.set(p.id, i);
    const k = p.reviewers ?? k0;
    if (!Number.isInteger(k) || k < 0) bad(`projects[${i}] (${p.id}).reviewers`, 'must be a whole number ≥ 0');
    seats[i] = k;
    const req = p.requires ?? [];
    if (!Array.isArray(req) || req.some((d) => typeof d !== 'string'))
      bad(`projects[${i}] (${p.id}).requires`, 'must be an array of discipline names');
    requires.push([...new Set(req)]);
  });
  const revIdx = new Map<string, number>();
  const disc: string[][] = [];
  inst.reviewers.forEach((r, i) => {
    if (!isObj(r) || typeof r.id !== 'string') bad(`reviewers[${i}]`, 'needs a string id');
    if (revIdx.has(r.id)) bad(`reviewers[${i}].id`, `duplicate reviewer ${r.id}`);
    revIdx.set(r.id, i);
    if (!Number.isInteger(r.maxLoad) || r.maxLoad < 0)
      bad(`reviewers[${i}] (${r.id}).maxLoad`, `must be a whole number ≥ 0 (got ${JSON.stringify(r.maxLoad)})`);
    const mn = r.minLoad ?? 0;
    if (!Number.isInteger(mn) || mn < 0 || mn > r.maxLoad)
      bad(
        `reviewers[${i}] (${r.id}).minLoad`,
        `must be a whole number from 0 to maxLoad (got ${JSON.stringify(r.minLoad)})`,
      );
    if (r.disciplines !== undefined && !Array.isArray(r.disciplines))
      bad(`reviewers[${i}] (${r.id}).disciplines`, 'must be an array');
    disc.push(r.disciplines ?? []);
  });
  const key = (p: number, r: number) => p * R + r;
  const conflicts = new Set<number>();
  (inst.conflicts ?? []).forEach((c, i) => {
    if (!Array.isArray(c)) bad(`conflicts[${i}]`, 'must be [project, reviewer]');
    const p = projIdx.get(c[0]) ?? bad(`conflicts[${i}]`, `unknown project ${JSON.stringify(c[0])}`);
    const r = revIdx.get(c[1]) ?? bad(`conflicts[${i}]`, `unknown reviewer ${JSON.stringify(c[1])}`);
    conflicts.add(key(p, r));
  });
  const locked = new Set<number>();
  (inst.locked ?? []).forEach((c, i) => {
    if (!Array.isArray(c)) bad(`locked[${i}]`, 'must be [project, reviewer]');
    const p = projIdx.get(c[0]) ?? bad(`locked[${i}]`, `unknown project ${JSON.stringify(c[0])}`);
    const r = revIdx.get(c[1]) ?? bad(`locked[${i}]`, `unknown reviewer ${JSON.stringify(c[1])}`);
    locked.add(key(p, r));
  });
  const C = inst.candidates.length;
  const cp = new Int32Array(C);
  const cr = new Int32Array(C);
  const ca = new Float64Array(C);
  const cl = new Uint8Array(C);
  const seen = new Set<number>();
  const lockedSeen = new Set<number>();
  let m = 0;
  for (let i = 0; i < C; i++) {
    const c = inst.candidates[i];
    if (!Array.isArray(c) || c.length < 3) bad(`candidates[${i}]`, 'must be [project, reviewer, affinity]');
    const p = projIdx.get(c[0]);
    if (p === undefined) bad(`candidates[${i}]`, `unknown project ${JSON.stringify(c[0])}`);
    const r = revIdx.get(c[1]);
    if (r === undefined) bad(`candidates[${i}]`, `unknown reviewer ${JSON.stringify(c[1])}`);
    const a = c[2];
    if (typeof a !== 'number' || !Number.isFinite(a) || a < 0)
      bad(`candidates[${i}]`, `affinity must be a finite number ≥ 0 (got ${JSON.stringify(a)})`);
    const k = key(p!, r!);
    if (seen.has(k)) bad(`candidates[${i}]`, `duplicate candidate ${c[0]}/${c[1]}`);
    seen.add(k);
    if (conflicts.has(k)) continue;
    cp[m] = p!;
    cr[m] = r!;
    ca[m] = a;
    if (locked.has(k)) {
      cl[m] = 1;
      lockedSeen.add(k);
    }
    m++;
  }
  const lockedNotCandidate: string[] = [];
  const lockedConflicted: string[] = [];
  for (const k of locked) {
    if (lockedSeen.has(k)) continue;
    const p = Math.floor(k / R);
    const r = k % R;
    const label = `${inst.projects[p].id}/${inst.reviewers[r].id}`;
    if (conflicts.has(k)) lockedConflicted.push(label);
    else lockedNotCandidate.push(label);
  }
  return {
    inst,
    P,
    R,
    seats,
    requires,
    disc,
    projIdx,
    revIdx,
    cp: cp.subarray(0, m),
    cr: cr.subarray(0, m),
    ca: ca.subarray(0, m),
    cl: cl.subarray(0, m),
    lockedNotCandidate,
    lockedConflicted,
  };
}

/** Smallest power of ten (≤ 10⁶) that makes every affinity an integer; 10⁶ otherwise. */
export function costScale(ca: Float64Array): number {
  for (const s of [1, 10, 100, 1000, 10000, 100000]) {
    let ok = true;
    for (let i = 0; i < ca.length && ok; i++) {
      const x = ca[i] * s;
      if (Math.abs(x - Math.round(x)) > 1e-9 * Math.max(1, Math.abs(x))) ok = false;
    }
    if (ok) return s;
  }
  return 1000000;
}

export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function infeasible(reasons: string[], t0: number): AssignmentSolution {
  return {
    status: 'infeasible',
    objective: 0,
    assignments: [],
    reasons,
    stats: { totalMs: +(performance.now() - t0).toFixed(1) },
  };
}

/** Reasons an officer can act on, found without solving: capacity, per-project supply, locks. */
export function localReasons(model: Model): string[] {
  const { P, R, seats, requires, disc, cp, cr, cl, inst } = model;
  const reasons: string[] = [];
  for (const l of model.lockedConflicted)
    reasons.push(`locked pair ${l} is conflicted (回避): remove the lock or the conflict`);
  for (const l of model.lockedNotCandidate) reasons.push(`locked pair ${l} is not among the candidates`);
  let seatsTotal = 0;
  let cap = 0;
  let minTotal = 0;
  for (let p = 0; p < P; p++) seatsTotal += seats[p];
  for (let r = 0; r < R; r++) {
    cap += inst.reviewers[r].maxLoad;
    minTotal += inst.reviewers[r].minLoad ?? 0;
  }
  if (cap < seatsTotal)
    reasons.push(`total capacity ${cap} < ${seatsTotal} seats: raise reviewers' maxLoad or add reviewers`);
  if (minTotal > seatsTotal)
    reasons.push(`minimum loads add up to ${minTotal} > ${seatsTotal} seats: lower some minLoad`);
  const candCount = new Int32Array(P);
  const lockedP = new Int32Array(P);
  const lockedR = new Int32Array(R);
  const candR = new Int32Array(R);
  const byDisc: Map<string, Set<number>>[] = Array.from({ length: P }, () => new Map());
  for (let i = 0; i < cp.length; i++) {
    const p = cp[i];
    const r = cr[i];
    candCount[p]++;
    candR[r]++;
    if (cl[i]) {
      lockedP[p]++;
      lockedR[r]++;
    }
    for (const d of requires[p]) {
      if (disc[r].includes(d)) (byDisc[p].get(d) ?? byDisc[p].set(d, new Set()).get(d)!).add(r);
    }
  }
  for (let p = 0; p < P; p++) {
    const id = inst.projects[p].id;
    if (candCount[p] < seats[p])
      reasons.push(`${id} has ${candCount[p]} non-conflicted candidates but needs ${seats[p]} reviewers`);
    if (requires[p].length > seats[p])
      reasons.push(`${id} requires ${requires[p].length} disciplines but has only ${seats[p]} seats`);
    if (lockedP[p] > seats[p]) reasons.push(`${id} has ${lockedP[p]} locked reviewers but only ${seats[p]} seats`);
    for (const d of requires[p]) {
      const n = byDisc[p].get(d)?.size ?? 0;
      if (n === 0) reasons.push(`${id} has 0 non-conflicted ${d} candidates: add a ${d} reviewer as a candidate`);
    }
    if (
      requires[p].length > 1 &&
      requires[p].every((d) => (byDisc[p].get(d)?.size ?? 0) > 0) &&
      !distinctCover(requires[p], byDisc[p])
    ) {
      reasons.push(`${id}: ${requires[p].join(', ')} cannot be covered by distinct reviewers among its candidates`);
    }
  }
  for (let r = 0; r < R; r++) {
    const rv = inst.reviewers[r];
    if (lockedR[r] > rv.maxLoad)
      reasons.push(`${rv.id} is locked on ${lockedR[r]} projects but maxLoad is ${rv.maxLoad}`);
    if (candR[r] < (rv.minLoad ?? 0))
      reasons.push(`${rv.id} has minLoad ${rv.minLoad} but only ${candR[r]} non-conflicted candidate projects`);
  }
  return reasons;
}

/** Hall's condition for a handful of disciplines: a matching of disciplines to distinct reviewers. */
function distinctCover(req: string[], byDisc: Map<string, Set<number>>): boolean {
  const matchR = new Map<number, string>();
  const tryD = (d: string, seen: Set<number>): boolean => {
    for (const r of byDisc.get(d) ?? []) {
      if (seen.has(r)) continue;
      seen.add(r);
      const other = matchR.get(r);
      if (other === undefined || tryD(other, seen)) {
        matchR.set(r, d);
        return true;
      }
    }
    return false;
  };
  return req.every((d) => tryD(d, new Set()));
}

/** When every local check passes, the shortage is global: say which discipline demand cannot be met. */
export function flowReasons(model: Model): string[] {
  const { P, R, requires, disc, inst } = model;
  const demand = new Map<string, number>();
  for (let p = 0; p < P; p++) for (const d of requires[p]) demand.set(d, (demand.get(d) ?? 0) + 1);
  const reasons: string[] = [];
  for (const [d, need] of demand) {
    let cap = 0;
    for (let r = 0; r < R; r++) if (disc[r].includes(d)) cap += inst.reviewers[r].maxLoad;
    if (cap < need)
      reasons.push(`${need} projects need a ${d} reviewer but ${d} reviewers can take only ${cap} in all`);
  }
  reasons.push(
    'loads, coverage and locks cannot all be met together: raise maxLoad of scarce reviewers, lower minLoad, or add candidates',
  );
  return reasons;
}
