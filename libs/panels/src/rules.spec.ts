import { DEFAULT_RULES, checkRules, neededFor, orderAgenda, outcome, quorumMet, recusalChanges } from '.';

/**
 * Hand-computed tables for the programme's defaults: quorum 2/3 of the unconflicted members,
 * pass with yes from more than half of the eligible members present.
 */
describe('quorum (2/3 of the unconflicted members present)', () => {
  // unconflicted, present → met?  (2/3 × 9 = 6; 2/3 × 7 = 4.67 → 5; 2/3 × 10 = 6.67 → 7; 2/3 × 3 = 2)
  it.each([
    [9, 6, true],
    [9, 5, false],
    [7, 5, true],
    [7, 4, false],
    [10, 7, true],
    [10, 6, false],
    [3, 2, true],
    [3, 1, false],
    [1, 1, true],
    [0, 0, false],
  ])('%i unconflicted, %i present → %s', (unconflicted, eligiblePresent, met) => {
    expect(quorumMet({ unconflicted, eligiblePresent })).toBe(met);
  });
});

describe('threshold (yes from more than half of the eligible members present)', () => {
  // present → yes needed: 6 → 4, 7 → 4, 8 → 5, 9 → 5, 1 → 1, 2 → 2
  it.each([
    [6, 4],
    [7, 4],
    [8, 5],
    [9, 5],
    [1, 1],
    [2, 2],
  ])('%i present need %i yes', (present, needed) => {
    expect(neededFor(DEFAULT_RULES.threshold, present, true)).toBe(needed);
  });

  it('decides whole ballots, abstentions counting as not yes', () => {
    // 9 members, 1 recused: 8 unconflicted; 6 present (quorum 16/3 = 5.33 → 6 met); 4 yes of 6 → pass
    expect(outcome({ unconflicted: 8, eligiblePresent: 6, yes: 4, no: 1, abstain: 1 })).toEqual({
      quorumMet: true,
      passed: true,
      needed: 4,
    });
    // 3 yes, 3 abstain: not more than half
    expect(outcome({ unconflicted: 8, eligiblePresent: 6, yes: 3, no: 0, abstain: 3 }).passed).toBe(false);
    // 5 present of 8: no quorum, nothing passes even unanimously
    expect(outcome({ unconflicted: 8, eligiblePresent: 5, yes: 5, no: 0, abstain: 0 })).toEqual({
      quorumMet: false,
      passed: false,
      needed: 3,
    });
    expect(() => outcome({ unconflicted: 3, eligiblePresent: 2, yes: 2, no: 1, abstain: 0 })).toThrow(RangeError);
  });

  it('takes other rules: two thirds of all unconflicted members, not strict', () => {
    const r = {
      quorum: { num: 1, den: 2 },
      threshold: { num: 2, den: 3 },
      strict: false,
      base: 'MEMBERS' as const,
      changeableVotes: true,
    };
    // 9 unconflicted: 2/3 × 9 = 6 exactly → 6 yes suffice; quorum 4.5 → 5 present
    expect(outcome({ unconflicted: 9, eligiblePresent: 7, yes: 6, no: 1, abstain: 0 }, r)).toEqual({
      quorumMet: true,
      passed: true,
      needed: 6,
    });
    expect(outcome({ unconflicted: 9, eligiblePresent: 7, yes: 5, no: 2, abstain: 0 }, r).passed).toBe(false);
    expect(checkRules(r)).toEqual([]);
    expect(checkRules({ ...r, quorum: { num: 3, den: 2 } }).map((p) => p.field)).toEqual(['quorum']);
    expect(checkRules({ ...r, changeableVotes: 'yes' as unknown as boolean }).map((p) => p.field)).toEqual([
      'changeableVotes',
    ]);
  });
});

describe('the agenda', () => {
  // ranking order a b c d e; recused: a {x}, b {}, c {x}, d {y}, e {x}
  const items = [
    { id: 'a', rank: 1, recused: ['x'] },
    { id: 'b', rank: 2, recused: [] },
    { id: 'c', rank: 3, recused: ['x'] },
    { id: 'd', rank: 4, recused: ['y'] },
    { id: 'e', rank: 5, recused: ['x'] },
  ];
  it('follows the ranking by default', () => {
    expect(orderAgenda(items)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // by hand: ∅→{x} 1, {x}→∅ 1, ∅→{x} 1, {x}→{y} 2, {y}→{x} 2 = 7
    expect(recusalChanges(['a', 'b', 'c', 'd', 'e'], items)).toBe(7);
  });
  it('groups items with the same recusals when asked: a c e b d, 1 + 0 + 0 + 1 + 1 = 3 changes', () => {
    const order = orderAgenda(items, { byRecusal: true });
    expect(order).toEqual(['a', 'c', 'e', 'b', 'd']);
    expect(recusalChanges(order, items)).toBe(3);
  });
});
