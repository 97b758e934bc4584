import { loadHighs, mipOptimum, randomInstance, validate } from '../test/reference';
import { AssignmentInputError, solveAssignment, type AssignmentInstance } from '.';

beforeAll(loadHighs);

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
