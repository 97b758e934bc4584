import { budgetOf, spread } from '.';

const PHASES = [
  { phase: 1 as const, years: 2, start: '2024-01-01', end: '2025-12-31', funders: ['TIANYUAN', 'SHENZHEN'] },
  { phase: 2 as const, years: 3, funders: ['SHENZHEN'] },
];

describe('budgetOf (hand table)', () => {
  it('spreads phase 1 over 2024–2025 and phase 2 over 2026–2028, by outcome', () => {
    //  project  phase 1    outcome     phase 2
    //  A        3,000,000  CONTINUE    3,500,000  → CONTINUED: 1.5M + 1.5M, then 1,166,666 ×2 + 1,166,668
    //  B        2,000,000  COMPLETE    —          → COMPLETED: 1M + 1M
    //  C        2,000,000  TERMINATE   —          → TERMINATED: 1M + 1M (spent before the mid-term)
    //  D        2,000,000  (none yet)  —          → FUNDED
    //  E        2,000,000  CONTINUE    null       → CONTINUED without phase-2 money
    const b = budgetOf(PHASES, [
      { project: 'A', phase1Amount: 3_000_000, outcome: 'CONTINUE', phase2Amount: 3_500_000 },
      { project: 'B', phase1Amount: 2_000_000, outcome: 'COMPLETE', phase2Amount: null },
      { project: 'C', phase1Amount: 2_000_000, outcome: 'TERMINATE', phase2Amount: null },
      { project: 'D', phase1Amount: 2_000_000, outcome: null, phase2Amount: null },
      { project: 'E', phase1Amount: 2_000_000, outcome: 'CONTINUE', phase2Amount: null },
    ]);
    expect(b.status).toEqual({ A: 'CONTINUED', B: 'COMPLETED', C: 'TERMINATED', D: 'FUNDED', E: 'CONTINUED' });
    expect(b.byYear.map((y) => [y.phase, y.year, y.amount, y.funders.join('+')])).toEqual([
      [1, 2024, 5_500_000, 'TIANYUAN+SHENZHEN'],
      [1, 2025, 5_500_000, 'TIANYUAN+SHENZHEN'],
      [2, 2026, 1_166_666, 'SHENZHEN'],
      [2, 2027, 1_166_666, 'SHENZHEN'],
      [2, 2028, 1_166_668, 'SHENZHEN'],
    ]);
    expect([b.phase1Total, b.phase2Total]).toEqual([11_000_000, 3_500_000]);
    expect(b.lines.filter((l) => l.project === 'A').map((l) => l.amount)).toEqual([
      1_500_000, 1_500_000, 1_166_666, 1_166_666, 1_166_668,
    ]);
  });

  it('splits in whole yuan, the last year taking the remainder', () => {
    expect(spread(1_000_001, 2)).toEqual([500_000, 500_001]);
    expect(spread(3_000_000, 3)).toEqual([1_000_000, 1_000_000, 1_000_000]);
  });
});
