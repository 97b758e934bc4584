import highsLoader from 'highs';
import { AssignmentInputError, solveAssignment, type AssignmentInstance, type AssignmentSolution } from '../src';

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highs: Highs;
beforeAll(async () => {
  highs = await highsLoader();
});

/** Deterministic PRNG (mulberry32) so every random instance is reproducible from its seed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const D = ['MATH', 'MEDICINE', 'IT'];

function randomInstance(seed: number): AssignmentInstance {
  const r = rng(seed);
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

/** The same problem as an integer program, solved by HiGHS: the independent reference. */
function mipOptimum(inst: AssignmentInstance): number | null {
  const conf = new Set((inst.conflicts ?? []).map(([p, r]) => `${p}|${r}`));
  const lock = new Set((inst.locked ?? []).map(([p, r]) => `${p}|${r}`));
  const cand = inst.candidates.filter(([p, r]) => !conf.has(`${p}|${r}`));
  for (const l of lock) if (!cand.some(([p, r]) => `${p}|${r}` === l)) return null;
  const disc = new Map(inst.reviewers.map((r) => [r.id, r.disciplines ?? []]));
  const x = (i: number) => `x${i}`;
  const obj: string[] = [];
  const rows: string[] = [];
  const bin: string[] = [];
  const byP = new Map<string, number[]>();
  const byR = new Map<string, number[]>();
  const ys: { p: string; d: string; v: string; i: number }[] = [];
  cand.forEach(([p, r, a], i) => {
    obj.push(`${a} ${x(i)}`);
    bin.push(x(i));
    (byP.get(p) ?? byP.set(p, []).get(p)!).push(i);
    (byR.get(r) ?? byR.set(r, []).get(r)!).push(i);
    if (lock.has(`${p}|${r}`)) rows.push(` ${x(i)} = 1`);
    const proj = inst.projects.find((q) => q.id === p)!;
    for (const d of proj.requires ?? []) {
      if (disc.get(r)!.includes(d)) {
        const v = `y${i}_${d}`;
        ys.push({ p, d, v, i });
        bin.push(v);
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
  const lp = `Maximize\n obj: ${obj.join(' + ') || '0 x_dummy'}\nSubject To\n${rows.map((r, i) => ` c${i}:${r}`).join('\n')}\nBinary\n ${bin.join('\n ')}\nEnd\n`;
  const s = highs.solve(lp);
  if (s.Status === 'Infeasible') return null;
  if (s.Status !== 'Optimal') throw new Error(`HiGHS: ${s.Status}`);
  return s.ObjectiveValue;
}

/** Every rule of the contract, checked on a solution independently of the solver. */
function validate(inst: AssignmentInstance, sol: AssignmentSolution) {
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

describe('assignment, sum objective: optimal against an independent MIP (HiGHS)', () => {
  const seeds = Array.from({ length: 60 }, (_, i) => i + 1);
  let feasible = 0;
  let infeasible = 0;
  it.each(seeds)('random instance %i', (seed) => {
    const inst = randomInstance(seed);
    const ref = mipOptimum(inst);
    const sol = solveAssignment(inst);
    if (ref === null) {
      infeasible++;
      expect(sol.status).toBe('infeasible');
      expect(sol.reasons!.length).toBeGreaterThan(0);
    } else {
      feasible++;
      expect(sol.status).toBe('optimal');
      expect(sol.objective).toBeCloseTo(ref, 6);
      validate(inst, sol);
    }
  });
  afterAll(() => {
    // both outcomes must have been exercised for the comparison to mean anything
    expect(feasible).toBeGreaterThan(15);
    expect(infeasible).toBeGreaterThan(3);
  });
});

describe('assignment: hand-checked cases', () => {
  const base = (): AssignmentInstance => ({
    reviewersPerProject: 3,
    projects: [{ id: 'P1', requires: ['MATH', 'MEDICINE', 'IT'] }],
    reviewers: [
      { id: 'M', disciplines: ['MATH'], maxLoad: 1 },
      { id: 'D', disciplines: ['MEDICINE'], maxLoad: 1 },
      { id: 'I', disciplines: ['IT'], maxLoad: 1 },
      { id: 'M2', disciplines: ['MATH'], maxLoad: 1 },
      { id: 'X', disciplines: ['MEDICINE', 'IT'], maxLoad: 1 },
    ],
    candidates: [
      ['P1', 'M', 0.1],
      ['P1', 'D', 0.2],
      ['P1', 'I', 0.3],
      ['P1', 'M2', 0.9],
      ['P1', 'X', 0.8],
    ],
  });
  it('covers each discipline with a distinct person even when the best three do not', () => {
    // best three by affinity: M2 0.9, X 0.8, I 0.3 → covers MATH (M2), MEDICINE (X), IT (I): total 2.0
    const s = solveAssignment(base());
    expect(s.status).toBe('optimal');
    expect(s.objective).toBeCloseTo(2.0, 9);
    expect(s.assignments.map((a) => `${a.reviewer}:${a.covers}`).sort()).toEqual(['I:IT', 'M2:MATH', 'X:MEDICINE']);
  });
  it('a multi-discipline reviewer covers only one discipline', () => {
    const inst = base();
    inst.candidates = inst.candidates.filter(([, r]) => r !== 'I' && r !== 'D');
    // M, M2, X remain: X can cover MEDICINE or IT, not both → infeasible
    const s = solveAssignment(inst);
    expect(s.status).toBe('infeasible');
    expect(s.reasons!.join(' ')).toMatch(/P1: MATH, MEDICINE, IT cannot be covered by distinct reviewers/);
  });
  it('explains infeasibility in terms an officer can act on', () => {
    const inst = base();
    inst.conflicts = [['P1', 'I']];
    inst.candidates = inst.candidates.filter(([, r]) => r !== 'X');
    const s = solveAssignment(inst);
    expect(s.status).toBe('infeasible');
    expect(s.reasons).toContain('P1 has 0 non-conflicted IT candidates: add a IT reviewer as a candidate');
    const cap = base();
    cap.reviewers.forEach((r) => (r.maxLoad = 0));
    expect(solveAssignment(cap).reasons![0]).toBe(
      "total capacity 0 < 3 seats: raise reviewers' maxLoad or add reviewers",
    );
    const lockedConflict = base();
    lockedConflict.conflicts = [['P1', 'M']];
    lockedConflict.locked = [['P1', 'M']];
    expect(solveAssignment(lockedConflict).reasons).toContain(
      'locked pair P1/M is conflicted (回避): remove the lock or the conflict',
    );
  });
  it('keeps a locked pair even when it costs affinity', () => {
    const inst = base();
    inst.locked = [['P1', 'M']];
    const s = solveAssignment(inst);
    // M (MATH) forced in; then the best is X 0.8 + I 0.3 or D 0.2 + ... → M 0.1 + X 0.8 + I 0.3 = 1.2
    expect(s.objective).toBeCloseTo(1.2, 9);
    expect(s.assignments.some((a) => a.reviewer === 'M')).toBe(true);
  });
  it('refuses malformed input naming the field', () => {
    const field = (x: unknown) => {
      try {
        solveAssignment(x);
      } catch (e) {
        expect(e).toBeInstanceOf(AssignmentInputError);
        return (e as AssignmentInputError).field;
      }
      return null;
    };
    expect(field({ ...base(), reviewersPerProject: 0 })).toBe('reviewersPerProject');
    expect(field({ ...base(), candidates: [['P1', 'GHOST', 0.5]] })).toBe('candidates[0]');
    expect(field({ ...base(), candidates: [['P1', 'M', Number.NaN]] })).toBe('candidates[0]');
    expect(field({ ...base(), candidates: [['P1', 'M', -1]] })).toBe('candidates[0]');
    expect(field({ ...base(), reviewers: [{ id: 'M', maxLoad: 1, minLoad: 2 }] })).toBe('reviewers[0] (M).minLoad');
    expect(field({ ...base(), objective: 'best' })).toBe('objective');
  });
});
