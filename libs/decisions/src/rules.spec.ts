import {
  checkInitialDecision,
  checkMidtermDecision,
  DecisionInputError,
  gradeMidterm,
  proposeAwards,
  type InitialCase,
  type RankedEntry,
} from '.';

/** The field a rule refuses on, or 'ok' with the amount it allows. */
const outcome = (f: () => { amount: number | null }): string => {
  try {
    return `ok ${f().amount}`;
  } catch (e) {
    if (e instanceof DecisionInputError) return e.field;
    throw e;
  }
};

// Two directions: D1 funds 2 000 000 per project, D2 1 500 000. Call cap 3, one award per direction.
const D1 = { id: 'd1', number: 1, fundingAmount: 2_000_000 };
const D2 = { id: 'd2', number: 2, fundingAmount: 1_500_000 };
const rules = { maxAwards: 3, maxAwardsPerDirection: 1 };
const entry = (project: string, directionId: string, rank: number, value: number): RankedEntry => ({
  project,
  externalId: project.toUpperCase(),
  directionId,
  rank,
  value,
});

describe('proposeAwards', () => {
  it('walks the ranking: threshold, one per direction, the call cap (hand table)', () => {
    //  rank project dir value  → proposed?
    //   1    a      d1   91     yes (d1: 1)
    //   2    b      d1   88     no  (d1 full)
    //   3    c      d2   74     no  (below 75)
    //   4    e      d3   80     yes (d3: 1)
    //   5    f      d2   76     yes (d2: 1) → 3 proposed: the cap
    //   6    g      d4   99*    not reached (cap)      *out of order on purpose: the walk stops
    const ranked = [
      entry('a', 'd1', 1, 91),
      entry('b', 'd1', 2, 88),
      entry('c', 'd2', 3, 74),
      entry('e', 'd3', 4, 80),
      entry('f', 'd2', 5, 76),
      entry('g', 'd4', 6, 99),
    ];
    const dirs = new Map([
      ['d1', D1],
      ['d2', D2],
      ['d3', { id: 'd3', number: 3, fundingAmount: 1_000_000 }],
    ]);
    expect(proposeAwards(ranked, dirs, rules, 75)).toEqual([
      { project: 'a', amount: 2_000_000 },
      { project: 'e', amount: 1_000_000 },
      { project: 'f', amount: 1_500_000 },
    ]);
    expect(proposeAwards(ranked, dirs, { maxAwards: 14, maxAwardsPerDirection: 2 }, 0).map((p) => p.project)).toEqual([
      'a',
      'b',
      'c',
      'e',
      'f',
      'g',
    ]);
  });
});

describe('gradeMidterm', () => {
  it('thresholds, the CONTINUE share and the cap on EXCELLENT (hand table)', () => {
    // defaults: FAIL < 60 ≤ PASS; EXCELLENT ≥ 80 with ≥ 50 % CONTINUE; at most floor(0.3 × 10) = 3
    //  project value CONTINUE/n  share  → grade
    //  p1      95    3/3         1      EXCELLENT (1)
    //  p2      90    1/3         0.33   PASS (share too low)
    //  p3      85    2/4         0.5    EXCELLENT (2)
    //  p4      82    2/2         1      EXCELLENT (3)
    //  p5      81    3/3         1      PASS (cap reached)
    //  p6      79.9  3/3         1      PASS (under 80)
    //  p7      60    0/3         0      PASS (60 is not below 60)
    //  p8      59.99 1/1         1      FAIL
    //  p9      40    0/0         0      FAIL
    //  p10     70    0/0         0      PASS
    const rec = (c: number, n: number) => ({ CONTINUE: c, CONTINUE_WITH_CHANGES: n - c });
    const ranked = [
      { project: 'p1', value: 95, recommendations: rec(3, 3) },
      { project: 'p2', value: 90, recommendations: rec(1, 3) },
      { project: 'p3', value: 85, recommendations: rec(2, 4) },
      { project: 'p4', value: 82, recommendations: rec(2, 2) },
      { project: 'p5', value: 81, recommendations: rec(3, 3) },
      { project: 'p6', value: 79.9, recommendations: rec(3, 3) },
      { project: 'p7', value: 60, recommendations: rec(0, 3) },
      { project: 'p8', value: 59.99, recommendations: rec(1, 1) },
      { project: 'p9', value: 40, recommendations: {} },
      { project: 'p10', value: 70, recommendations: {} },
    ];
    const g = gradeMidterm(ranked, { maxExcellentShare: 0.3 });
    expect([...g].map(([p, x]) => `${p}:${x.grade}`)).toEqual([
      'p1:EXCELLENT',
      'p2:PASS',
      'p3:EXCELLENT',
      'p4:EXCELLENT',
      'p5:PASS',
      'p6:PASS',
      'p7:PASS',
      'p8:FAIL',
      'p9:FAIL',
      'p10:PASS',
    ]);
    expect(g.get('p2')!.continueShare).toBeCloseTo(1 / 3, 12);
    expect(g.get('p9')!.continueShare).toBe(0);
    // without a cap p5 is EXCELLENT too; with stricter thresholds p1 alone
    expect(gradeMidterm(ranked, {}).get('p5')!.grade).toBe('EXCELLENT');
    const strict = gradeMidterm(ranked, { excellentThreshold: 92, passThreshold: 85 });
    expect([...strict.values()].map((x) => x.grade).join(' ')).toBe(
      'EXCELLENT PASS PASS FAIL FAIL FAIL FAIL FAIL FAIL FAIL',
    );
  });
});

describe('checkInitialDecision', () => {
  // direction d1 ranked: x (1), y (2), z (3, value 70 under a 75 threshold); w has no review
  const rankedD1 = [entry('x', 'd1', 1, 90), entry('y', 'd1', 2, 85), entry('z', 'd1', 3, 70)];
  const base = (over: Partial<InitialCase>): InitialCase => ({
    project: 'x',
    decision: 'FUND',
    note: null,
    direction: D1,
    rules,
    others: [],
    rankedInDirection: rankedD1,
    qualityThreshold: 75,
    ...over,
  });
  const fundedX = { project: 'x', directionId: 'd1', decision: 'FUND', amount: 2_000_000 };
  const elsewhere = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ project: `o${i}`, directionId: `e${i}`, decision: 'FUND', amount: 1 }));

  it.each([
    // case                                                     → outcome
    ['the top project, default amount', {}, 'ok 2000000'],
    ['a smaller amount', { amount: 1_200_000 }, 'ok 1200000'],
    ['DECLINE needs nothing', { project: 'z', decision: 'DECLINE' }, 'ok null'],
    ['an unknown decision', { decision: 'CONTINUE' }, 'decision'],
    ['a zero amount', { amount: 0 }, 'amount'],
    ['above the direction’s funding', { amount: 2_000_001 }, 'amount'],
    ['the call cap reached (3 funded elsewhere)', { others: elsewhere(3) }, 'decision'],
    ['2 funded elsewhere: still room', { others: elsewhere(2) }, 'ok 2000000'],
    ['a second award in d1 without reason', { project: 'y', others: [fundedX] }, 'note'],
    [
      'a second award in d1 with reason, within 2 × budget',
      { project: 'y', others: [fundedX], note: '交叉' },
      'ok 2000000',
    ],
    [
      'a second award in d1 over the combined budget',
      { project: 'y', others: [{ ...fundedX, amount: 2_500_000 }], note: '交叉' },
      'amount',
    ],
    ['skipping x (rank 1) for y without reason', { project: 'y' }, 'note'],
    ['skipping x for y with a reason', { project: 'y', note: '方向更契合' }, 'ok 2000000'],
    [
      'y after x is funded (rank order kept)',
      { project: 'y', others: [fundedX], rules: { maxAwards: 3, maxAwardsPerDirection: 2 } },
      'ok 2000000',
    ],
    [
      'under the threshold without reason (x, y funded)',
      {
        project: 'z',
        others: [fundedX, { ...fundedX, project: 'y' }],
        rules: { maxAwards: 5, maxAwardsPerDirection: 3 },
      },
      'note',
    ],
    ['a project without reviews, no reason', { project: 'w' }, 'note'],
    ['a project without reviews, with reason', { project: 'w', note: '补充评审后决定' }, 'ok 2000000'],
  ])('%s', (_name, over, expected) => {
    expect(outcome(() => checkInitialDecision(base(over as Partial<InitialCase>)))).toBe(expected);
  });
});

describe('checkMidtermDecision', () => {
  const min = 3_000_000;
  it.each([
    //  decision     grade        Shenzhen amount      note        → outcome
    ['CONTINUE', 'EXCELLENT', true, undefined, null, 'ok 3000000'],
    ['CONTINUE', 'EXCELLENT', true, 4_000_000, null, 'ok 4000000'],
    ['CONTINUE', 'EXCELLENT', true, 2_999_999, null, 'amount'],
    ['CONTINUE', 'EXCELLENT', false, undefined, null, 'ok null'],
    ['CONTINUE', 'EXCELLENT', false, 3_000_000, null, 'amount'],
    ['CONTINUE', 'PASS', true, undefined, null, 'decision'],
    ['CONTINUE', null, true, undefined, null, 'decision'],
    ['COMPLETE', 'PASS', true, undefined, null, 'ok null'],
    ['COMPLETE', 'EXCELLENT', false, undefined, null, 'ok null'],
    ['COMPLETE', 'FAIL', true, undefined, null, 'decision'],
    ['COMPLETE', 'PASS', true, 3_000_000, null, 'amount'],
    ['TERMINATE', 'FAIL', true, undefined, null, 'ok null'],
    ['TERMINATE', 'FAIL', true, 5, null, 'amount'],
    ['TERMINATE', 'PASS', false, undefined, null, 'note'],
    ['TERMINATE', 'PASS', false, undefined, '进展严重滞后', 'ok null'],
    ['FUND', 'EXCELLENT', true, undefined, null, 'decision'],
  ] as const)(
    '%s of a %s project (Shenzhen %s, amount %s, note %s) → %s',
    (decision, grade, shenzhenLanding, amount, note, expected) => {
      expect(
        outcome(() => checkMidtermDecision({ decision, grade, shenzhenLanding, amount, note, phase2Min: min })),
      ).toBe(expected);
    },
  );
});
