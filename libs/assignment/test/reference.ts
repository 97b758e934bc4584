import { mulberry32 } from '@app/random';
import highsLoader from 'highs';
import type { AssignmentInstance, AssignmentSolution } from '../src';

/** Shared by the assignment tests: reproducible random instances and the HiGHS reference. */
type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highs: Highs;
export async function loadHighs() {
  highs = await highsLoader();
}

const D = ['MATH', 'MEDICINE', 'IT'];

export function randomInstance(seed: number): AssignmentInstance {
  const r = mulberry32(seed); // reproducible from its seed
  const P = 3 + Math.floor(r() * 8);
  const R = 6 + Math.floor(r() * 10);
  const k = 2 + Math.floor(r() * 3);
  const reviewers = Array.from({ length: R }, (_, i) => {
    const ds = D.filter(() => r() < 0.45);
    if (ds.length === 0) ds.push(D[Math.floor(r() * 3)]);
    const maxLoad = 1 + Math.floor(r() * 5);
    return { id: `R${i}`, disciplines: ds, maxLoad, minLoad: r() < 0.2 ? Math.min(1, maxLoad) : 0 };
  });
  const projects = Array.from({ length: P }, (_, i) => ({
    id: `P${i}`,
    requires: r() < 0.8 ? D.filter(() => r() < 0.8) : [],
    reviewers: r() < 0.2 ? k + 1 : k,
  }));
  const candidates: [string, string, number][] = [];
  const conflicts: [string, string][] = [];
  const locked: [string, string][] = [];
  for (const p of projects) {
    for (const rv of reviewers) {
      if (r() < 0.7) {
        candidates.push([p.id, rv.id, Math.round(r() * 1000) / 1000]);
        if (r() < 0.08) conflicts.push([p.id, rv.id]);
        else if (r() < 0.03) locked.push([p.id, rv.id]);
      }
    }
  }
  return { reviewersPerProject: k, objective: 'sum', projects, reviewers, candidates, conflicts, locked };
}

export interface ReferenceOptions {
  /** integer program (default) or its LP relaxation */
  relax?: boolean;
  /** cap on every unlocked pair variable (randomized objective's LP) */
  cap?: number;
  /** maximise the smallest project total instead of the total */
  maxMin?: boolean;
  /** every project's total must be at least this */
  floor?: number;
}

/**
 * The same problem as an integer program (or LP) in HiGHS, written from the contract
 * independently of the solver: x (pair assigned), y (pair designated for a discipline), and for
 * the fair objective t (the smallest project total). The independent reference.
 */
export function mipOptimum(inst: AssignmentInstance, o: ReferenceOptions = {}): number | null {
  const conf = new Set((inst.conflicts ?? []).map(([p, r]) => `${p}|${r}`));
  const lock = new Set((inst.locked ?? []).map(([p, r]) => `${p}|${r}`));
  const cand = inst.candidates.filter(([p, r]) => !conf.has(`${p}|${r}`));
  for (const l of lock) if (!cand.some(([p, r]) => `${p}|${r}` === l)) return null;
  const disc = new Map(inst.reviewers.map((r) => [r.id, r.disciplines ?? []]));
  const x = (i: number) => `x${i}`;
  const obj: string[] = [];
  const rows: string[] = [];
  const vars: string[] = [];
  const bounds: string[] = [];
  const byP = new Map<string, number[]>();
  const byR = new Map<string, number[]>();
  const ys: { p: string; d: string; v: string; i: number }[] = [];
  cand.forEach(([p, r, a], i) => {
    obj.push(`${a} ${x(i)}`);
    vars.push(x(i));
    (byP.get(p) ?? byP.set(p, []).get(p)!).push(i);
    (byR.get(r) ?? byR.set(r, []).get(r)!).push(i);
    if (lock.has(`${p}|${r}`)) rows.push(` ${x(i)} = 1`);
    else if (o.cap !== undefined) bounds.push(` 0 <= ${x(i)} <= ${o.cap}`);
    const proj = inst.projects.find((q) => q.id === p)!;
    for (const d of proj.requires ?? []) {
      if (disc.get(r)!.includes(d)) {
        const v = `y${i}_${d}`;
        ys.push({ p, d, v, i });
        vars.push(v);
      }
    }
  });
  for (const p of inst.projects) {
    const k = p.reviewers ?? inst.reviewersPerProject;
    const xs = byP.get(p.id) ?? [];
    rows.push(xs.length ? ` ${xs.map(x).join(' + ')} = ${k}` : ` 0 x_dummy = ${k}`);
    for (const d of p.requires ?? []) {
      const v = ys.filter((y) => y.p === p.id && y.d === d).map((y) => y.v);
      if (v.length === 0) return null;
      rows.push(` ${v.join(' + ')} >= 1`);
    }
    if (k > 0) {
      const total = xs.map((i) => `${cand[i][2]} ${x(i)}`).join(' + ') || '0 x_dummy';
      if (o.maxMin) rows.push(` ${total} - t >= 0`);
      if (o.floor !== undefined) rows.push(` ${total} >= ${o.floor}`);
    }
  }
  cand.forEach((_, i) => {
    const v = ys.filter((y) => y.i === i).map((y) => y.v);
    if (v.length) rows.push(` ${v.join(' + ')} - ${x(i)} <= 0`);
  });
  for (const r of inst.reviewers) {
    const xs = byR.get(r.id) ?? [];
    if (!xs.length) {
      if ((r.minLoad ?? 0) > 0) return null;
      continue;
    }
    rows.push(` ${xs.map(x).join(' + ')} <= ${r.maxLoad}`);
    if ((r.minLoad ?? 0) > 0) rows.push(` ${xs.map(x).join(' + ')} >= ${r.minLoad}`);
  }
  const objective = o.maxMin ? '1 t' : obj.join(' + ') || '0 x_dummy';
  const bnd = o.relax
    ? [...vars.filter((v) => !bounds.some((b) => b.includes(` ${v} `))).map((v) => ` 0 <= ${v} <= 1`), ...bounds]
    : bounds;
  if (o.maxMin) bnd.push(' t free');
  const lp =
    `Maximize\n obj: ${objective}\nSubject To\n${rows.map((r, i) => ` c${i}:${r}`).join('\n')}\n` +
    (bnd.length ? `Bounds\n${bnd.join('\n')}\n` : '') +
    (o.relax ? '' : `Binary\n ${vars.join('\n ')}\n`) +
    'End\n';
  const s = highs.solve(lp);
  if (s.Status === 'Infeasible') return null;
  if (s.Status !== 'Optimal') throw new Error(`HiGHS: ${s.Status}`);
  return s.ObjectiveValue;
}

/** Every rule of the contract, checked on a solution independently of the solver. */
export function validate(inst: AssignmentInstance, sol: AssignmentSolution) {
  const conf = new Set((inst.conflicts ?? []).map(([p, r]) => `${p}|${r}`));
  const aff = new Map(inst.candidates.map(([p, r, a]) => [`${p}|${r}`, a]));
  const load = new Map<string, number>();
  let sum = 0;
  const seen = new Set<string>();
  for (const a of sol.assignments) {
    const k = `${a.project}|${a.reviewer}`;
    expect(seen.has(k)).toBe(false);
    seen.add(k);
    expect(aff.has(k)).toBe(true);
    expect(conf.has(k)).toBe(false);
    sum += aff.get(k)!;
    load.set(a.reviewer, (load.get(a.reviewer) ?? 0) + 1);
  }
  for (const [p, r] of inst.locked ?? []) expect(seen.has(`${p}|${r}`)).toBe(true);
  for (const r of inst.reviewers) {
    const l = load.get(r.id) ?? 0;
    expect(l).toBeLessThanOrEqual(r.maxLoad);
    expect(l).toBeGreaterThanOrEqual(r.minLoad ?? 0);
  }
  for (const p of inst.projects) {
    const as = sol.assignments.filter((a) => a.project === p.id);
    expect(as).toHaveLength(p.reviewers ?? inst.reviewersPerProject);
    for (const d of p.requires ?? []) {
      const c = as.filter((a) => a.covers === d);
      expect(c.length).toBeGreaterThanOrEqual(1);
      for (const a of c) expect(inst.reviewers.find((r) => r.id === a.reviewer)!.disciplines).toContain(d);
    }
  }
  expect(sol.objective).toBeCloseTo(sum, 6);
}
