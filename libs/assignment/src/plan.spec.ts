import {
  affinity,
  AssignmentInputError,
  buildPreview,
  buildRoundInstance,
  checkRunOptions,
  pickReplacement,
  solveAssignment,
  type AssignmentSolution,
  type RoundWorld,
} from '.';

/**
 * A round of 3 projects and 4 reviewers, 2 seats each; the panel must cover MATH and MEDICINE.
 * Expected values are worked out by hand from the rules in plan.ts' comments.
 */
const world = (): RoundWorld => ({
  reviewersPerProject: 2,
  requires: ['MATH', 'MEDICINE'],
  projects: [
    { id: 'p1', titleZh: '项目一', titleEn: 'one', keywords: [] },
    { id: 'p2', titleZh: '项目二', titleEn: 'two', keywords: [] },
    { id: 'p3', titleZh: '项目三', titleEn: 'three', keywords: [] },
  ],
  reviewers: [
    { id: 'r1', name: '甲', disciplines: ['MATH'], keywords: [] },
    { id: 'r2', name: '乙', disciplines: ['MEDICINE'], keywords: [] },
    { id: 'r3', name: '丙', disciplines: ['IT'], keywords: [] },
    { id: 'r4', name: '丁', disciplines: ['MATH', 'IT'], keywords: [] },
  ],
  active: [
    { project: 'p1', reviewer: 'r1', covers: 'MATH', keep: true },
    { project: 'p1', reviewer: 'r2', covers: 'MEDICINE', keep: false },
    { project: 'p2', reviewer: 'r3', covers: null, keep: false },
  ],
  blocked: [['p3', 'r2']],
});
// only the discipline term counts: 1 for a reviewer holding a required discipline, 0.3 otherwise
const DISCIPLINE_ONLY = { keywords: 0, text: 0, discipline: 1 };

describe('buildRoundInstance', () => {
  it('every pair a candidate, kept pairs locked, conflicts passed on, the default load cap', () => {
    const plan = buildRoundInstance(world(), { weights: DISCIPLINE_ONLY });
    expect(plan.instance.candidates).toHaveLength(12);
    expect(plan.instance.locked).toEqual([['p1', 'r1']]);
    expect(plan.instance.conflicts).toEqual([['p3', 'r2']]);
    // 3 projects × 2 seats = 6 seats over 4 reviewers: ceil(6/4) + 2 = 4
    expect(plan.maxLoad).toBe(4);
    expect(plan.instance.reviewers.map((r) => [r.maxLoad, r.minLoad])).toEqual([
      [4, 0],
      [4, 0],
      [4, 0],
      [4, 0],
    ]);
    expect(plan.instance.projects[0]).toEqual({ id: 'p1', requires: ['MATH', 'MEDICINE'], reviewers: 2 });
    expect(Object.fromEntries(['r1', 'r2', 'r3', 'r4'].map((r) => [`p1|${r}`, plan.affinityOf('p1', r)]))).toEqual({
      'p1|r1': 1,
      'p1|r2': 1,
      'p1|r3': 0.3,
      'p1|r4': 1,
    });
  });

  it('a minimum above the default cap raises the cap; a per-reviewer minimum wins over the common one', () => {
    const plan = buildRoundInstance(world(), { minLoad: 5, minLoadFor: { r3: 1 } });
    expect(plan.maxLoad).toBe(5);
    expect(plan.instance.reviewers.map((r) => r.minLoad)).toEqual([5, 5, 1, 5]);
    expect(buildRoundInstance(world(), { maxLoad: 2 }).maxLoad).toBe(2);
  });
});

describe('checkRunOptions', () => {
  it.each([
    [{ objective: 'best' as never }, 'input.objective'],
    [{ objective: 'randomized' as const }, 'input.maxProbability'],
    [{ objective: 'randomized' as const, maxProbability: 1.5 }, 'input.maxProbability'],
    [{ objective: 'randomized' as const, maxProbability: 0.5, seed: -1 }, 'input.seed'],
    [{ maxLoad: 0 }, 'input.maxLoad'],
    [{ maxLoad: 201 }, 'input.maxLoad'],
    [{ maxLoad: 3, minLoad: 4 }, 'input.minLoad'],
    [{ minLoad: 1.5 }, 'input.minLoad'],
    [{ weights: { text: -1 } }, 'input.weights.text'],
    [{ weights: { keywords: 101 } }, 'input.weights.keywords'],
  ])('%j is refused on %s', (options, field) => {
    let error: unknown;
    try {
      checkRunOptions(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AssignmentInputError);
    expect((error as AssignmentInputError).field).toBe(field);
  });

  it('accepts the edges', () => {
    expect(() =>
      checkRunOptions({ objective: 'randomized', maxProbability: 1, seed: 2147483647, maxLoad: 200, minLoad: 200 }),
    ).not.toThrow();
  });
});

describe('buildPreview', () => {
  const solution = (status: 'optimal' | 'infeasible'): AssignmentSolution => ({
    status,
    objective: 5.3,
    assignments: [
      { project: 'p1', reviewer: 'r1', covers: 'MATH' },
      { project: 'p1', reviewer: 'r4', covers: null },
      { project: 'p2', reviewer: 'r3', covers: null },
      { project: 'p2', reviewer: 'r2', covers: 'MEDICINE' },
      { project: 'p3', reviewer: 'r4', covers: 'MATH' },
      { project: 'p3', reviewer: 'r1', covers: null },
    ],
    stats: { totalMs: 12 },
  });

  it('added, removed, kept, coverage and loads of a solution against the current pairs', () => {
    const w = world();
    const plan = buildRoundInstance(w, { weights: DISCIPLINE_ONLY });
    const p = buildPreview(w, plan, solution('optimal'));
    expect(p.added.map((a) => `${a.projectId}|${a.reviewerId}`)).toEqual(['p1|r4', 'p2|r2', 'p3|r4', 'p3|r1']);
    expect(p.added[1]).toEqual({
      projectId: 'p2',
      projectTitle: '项目二',
      reviewerId: 'r2',
      reviewerName: '乙',
      covers: 'MEDICINE',
      affinity: 1,
    });
    expect(p.removed.map((a) => `${a.projectId}|${a.reviewerId}`)).toEqual(['p1|r2']);
    expect(p.unchanged).toBe(2);
    expect(p.coverage.map((c) => [c.projectId, c.reviewers, c.covers])).toEqual([
      ['p1', 2, ['MATH']],
      ['p2', 2, ['MEDICINE']],
      ['p3', 2, ['MATH']],
    ]);
    expect(p.loads.map((l) => [l.reviewerId, l.load, l.maxLoad])).toEqual([
      ['r1', 2, 4],
      ['r2', 1, 4],
      ['r3', 1, 4],
      ['r4', 2, 4],
    ]);
    expect([p.objectiveKind, p.solveMs, p.objective]).toEqual(['SUM', 12, 5.3]);
  });

  it('an infeasible run removes nothing', () => {
    const w = world();
    const p = buildPreview(w, buildRoundInstance(w, {}), solution('infeasible'));
    expect(p.removed).toEqual([]);
    expect(p.status).toBe('infeasible');
  });
});

describe('pickReplacement', () => {
  it('the best free, unconflicted reviewer with the discipline the seat covered', () => {
    const w = world();
    // r2 leaves p1 (MEDICINE): r1 is on p1, nobody else holds MEDICINE
    w.active = w.active.filter((a) => a.reviewer !== 'r2');
    expect(pickReplacement(w, { project: 'p1', covers: 'MEDICINE' }, new Set(['r1', 'r2']))).toBeNull();
    // r3 leaves p2 (no discipline): r1, r2 and r4 qualify; r1 and r4 hold MATH, r2 MEDICINE (all 1
    // on the discipline term) — the default weights add keywords and text, all empty here, so the
    // first reviewer of the best score wins: r1
    w.active = w.active.filter((a) => a.reviewer !== 'r3');
    expect(pickReplacement(w, { project: 'p2', covers: null }, new Set(['r3']))).toEqual({
      reviewer: 'r1',
      score: 0.2,
    });
    // p3 is conflicted for r2: a MEDICINE seat there has nobody
    expect(pickReplacement(w, { project: 'p3', covers: 'MEDICINE' }, new Set())).toBeNull();
  });
});

describe('a reviewer who accepted a smaller load', () => {
  // two projects, one seat each, no discipline rule; 甲 matches both projects' keywords, 乙 neither.
  // Unbounded, the optimum puts 甲 on both (default cap: ceil(2 seats / 2 reviewers) + 2 = 3).
  // With 甲's load at 1, the only optimum by hand is 甲 on one project and 乙 on the other.
  const w = (cap: number | null): RoundWorld => ({
    reviewersPerProject: 1,
    requires: [],
    projects: [
      { id: 'p1', titleZh: '一', titleEn: 'one', keywords: ['图神经网络'] },
      { id: 'p2', titleZh: '二', titleEn: 'two', keywords: ['图神经网络'] },
    ],
    reviewers: [
      { id: 'a', name: '甲', disciplines: ['MATH'], keywords: ['图神经网络'], maxLoad: cap },
      { id: 'b', name: '乙', disciplines: ['MATH'], keywords: ['拓扑'] },
    ],
    active: [],
    blocked: [],
  });
  const loads = (cap: number | null) => {
    const plan = buildRoundInstance(w(cap), {});
    const sol = solveAssignment(plan.instance);
    const n = new Map<string, number>();
    for (const x of sol.assignments) n.set(x.reviewer, (n.get(x.reviewer) ?? 0) + 1);
    return { caps: plan.instance.reviewers.map((r) => r.maxLoad), a: n.get('a') ?? 0, b: n.get('b') ?? 0 };
  };
  it('is held to it by the solver, and the preview shows it', () => {
    expect(loads(null)).toEqual({ caps: [3, 3], a: 2, b: 0 });
    expect(loads(1)).toEqual({ caps: [1, 3], a: 1, b: 1 });
    // a stated load above the run's cap does not raise it
    expect(loads(10).caps).toEqual([3, 3]);
  });
  it('is not picked as a replacement once at that load', () => {
    const world = w(1);
    world.active = [{ project: 'p1', reviewer: 'a', covers: null, keep: false }];
    expect(pickReplacement(world, { project: 'p2', covers: null }, new Set())?.reviewer).toBe('b');
    world.reviewers[0].maxLoad = 2;
    expect(pickReplacement(world, { project: 'p2', covers: null }, new Set())?.reviewer).toBe('a');
  });
});

describe('buildRoundInstance on a round too large for every pair', () => {
  // 40 projects × 150 reviewers; keywords from a vocabulary of 60 so that overlaps vary
  const rand = (() => {
    let x = 7;
    return () => (x = (x * 48271) % 2147483647) / 2147483647;
  })();
  // two-digit keywords: none is part of another (see pickCandidates on keywords inside longer words)
  const pick = (n: number) => Array.from({ length: n }, () => `kw${10 + Math.floor(rand() * 60)}`);
  const DISC = ['MATH', 'MEDICINE', 'IT'];
  const big: RoundWorld = {
    reviewersPerProject: 3,
    requires: ['MATH', 'MEDICINE'],
    projects: Array.from({ length: 40 }, (_, i) => ({
      id: `p${i}`,
      titleZh: `项目${i}`,
      titleEn: `project ${i}`,
      keywords: pick(3),
    })),
    reviewers: Array.from({ length: 150 }, (_, i) => ({
      id: `r${i}`,
      name: `专家${i}`,
      disciplines: i % 7 === 0 ? [DISC[i % 3], DISC[(i + 1) % 3]] : [DISC[i % 3]],
      keywords: pick(3),
    })),
    active: [{ project: 'p0', reviewer: 'r149', covers: null, keep: true }],
    blocked: [
      ['p1', 'r0'],
      ['p1', 'r3'],
      ['p2', 'r1'],
    ],
  };
  const blocked = new Set(big.blocked.map(([p, r]) => `${p}|${r}`));
  /** The reference: every pair scored by the plain affinity(), the best `k` values of a group. */
  const bruteTop = (p: RoundWorld['projects'][number], group: string | null, k: number) =>
    big.reviewers
      .filter((r) => (group ? r.disciplines.includes(group) : true) && !blocked.has(`${p.id}|${r.id}`))
      .map(
        (r) =>
          affinity(
            { disciplines: r.disciplines, keywords: r.keywords },
            { titleZh: p.titleZh, titleEn: p.titleEn, keywords: p.keywords, requires: big.requires },
          ).score,
      )
      .sort((a, b) => b - a)
      .slice(0, k);

  it('keeps, for every project and required discipline, the reviewers of highest affinity (checked against every pair)', () => {
    const k = 6;
    const plan = buildRoundInstance(big, {}, { exhaustivePairs: 0, perGroup: k, scoreBudget: 150 });
    expect(plan.pruned).toBe(true);
    for (const p of big.projects) {
      const mine = plan.instance.candidates.filter(([pid]) => pid === p.id);
      // no conflicted pair is offered, and no pair twice
      expect(mine.some(([pid, rid]) => blocked.has(`${pid}|${rid}`))).toBe(false);
      expect(new Set(mine.map(([, r]) => r)).size).toBe(mine.length);
      for (const d of big.requires) {
        const got = mine
          .filter(([, r]) => big.reviewers.find((x) => x.id === r)!.disciplines.includes(d))
          .map(([, , a]) => a)
          .sort((a, b) => b - a)
          .slice(0, k);
        expect(got).toEqual(bruteTop(p, d, k));
      }
      expect(
        mine
          .map(([, , a]) => a)
          .sort((a, b) => b - a)
          .slice(0, k),
      ).toEqual(bruteTop(p, null, k));
    }
    // the kept pair stays a candidate even if it is not among the best
    expect(plan.instance.candidates.some(([p, r]) => p === 'p0' && r === 'r149')).toBe(true);
  });

  it('every affinity offered is the one the plain function gives for that pair', () => {
    const plan = buildRoundInstance(big, {}, { exhaustivePairs: 0, perGroup: 4 });
    for (const [pid, rid, a] of plan.instance.candidates) {
      const p = big.projects.find((x) => x.id === pid)!;
      const r = big.reviewers.find((x) => x.id === rid)!;
      expect(a).toBe(
        affinity(
          { disciplines: r.disciplines, keywords: r.keywords },
          { titleZh: p.titleZh, titleEn: p.titleEn, keywords: p.keywords, requires: big.requires },
        ).score,
      );
    }
  });

  it('with every reviewer allowed per group, pruning offers every pair and reaches the same optimum', () => {
    const all = buildRoundInstance(big, {});
    const wide = buildRoundInstance(big, {}, { exhaustivePairs: 0, perGroup: 150, scoreBudget: 150 });
    expect(all.pruned).toBe(false);
    expect(wide.instance.candidates.length).toBe(40 * 150 - blocked.size);
    expect(solveAssignment(wide.instance).objective).toBeCloseTo(solveAssignment(all.instance).objective, 6);
  });

  it('a small budget still seats every project with the disciplines it needs', () => {
    const plan = buildRoundInstance(big, {}, { exhaustivePairs: 0, perGroup: 4, scoreBudget: 10 });
    const sol = solveAssignment(plan.instance);
    expect(sol.status).toBe('optimal');
    for (const p of big.projects) {
      const seated = sol.assignments.filter((a) => a.project === p.id);
      expect(seated).toHaveLength(3);
      for (const d of big.requires) expect(seated.some((a) => a.covers === d)).toBe(true);
    }
  });
});
