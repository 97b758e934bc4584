/**
 * The panel's voting rules as pure functions (program.md, "Experts, panels and funded teams"):
 * configuration with the programme's defaults — quorum: at least 2/3 of the unconflicted members
 * present; a project passes with yes votes from more than half of the eligible members present.
 * Everything is whole-number arithmetic (no rounding of fractions).
 */

/** A fraction num/den of a count, compared without floating point. */
export interface Fraction {
  num: number;
  den: number;
}

export interface VotingRules {
  /** present unconflicted members ≥ quorum × unconflicted members */
  quorum: Fraction;
  /** yes > threshold × base (`strict`) or yes ≥ threshold × base */
  threshold: Fraction;
  strict: boolean;
  /** the base the threshold applies to: the eligible members present, or all unconflicted members */
  base: 'PRESENT' | 'MEMBERS';
  /** a member may change their vote until the ballot closes (secret still: see the API's castVote) */
  changeableVotes: boolean;
}

export const DEFAULT_RULES: VotingRules = {
  quorum: { num: 2, den: 3 },
  threshold: { num: 1, den: 2 },
  strict: true,
  base: 'PRESENT',
  changeableVotes: false,
};

/** Problems with rules an officer wrote, by field; empty when they are usable. */
export function checkRules(r: VotingRules): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const frac = (f: Fraction, field: string) => {
    if (!Number.isInteger(f?.num) || !Number.isInteger(f?.den) || f.den < 1 || f.num < 1 || f.num > f.den)
      out.push({ field, message: 'a fraction from 1/den to 1 (whole numbers) / 须为 0 到 1 之间的分数' });
  };
  frac(r.quorum, 'quorum');
  frac(r.threshold, 'threshold');
  if (r.base !== 'PRESENT' && r.base !== 'MEMBERS') out.push({ field: 'base', message: 'PRESENT or MEMBERS' });
  if (typeof r.changeableVotes !== 'boolean')
    out.push({ field: 'changeableVotes', message: 'true or false / 须为是或否' });
  return out;
}

export interface Tally {
  /** members of the panel without a conflict on this item (recused members do not count) */
  unconflicted: number;
  /** of those, present when the ballot opened: the eligible voters */
  eligiblePresent: number;
  yes: number;
  no: number;
  abstain: number;
}

export interface Outcome {
  quorumMet: boolean;
  passed: boolean;
  /** yes votes needed to pass (the smallest whole number meeting the threshold) */
  needed: number;
}

/** The smallest whole n with n > f×base (strict) or n ≥ f×base. */
export function neededFor(f: Fraction, base: number, strict: boolean): number {
  // n·den > num·base  ⇔  n > num·base/den
  const q = Math.floor((f.num * base) / f.den);
  const exact = (f.num * base) % f.den === 0;
  return strict ? q + 1 : exact ? q : q + 1;
}

export function quorumMet(t: Pick<Tally, 'unconflicted' | 'eligiblePresent'>, r: VotingRules = DEFAULT_RULES): boolean {
  if (t.unconflicted === 0) return false;
  return t.eligiblePresent * r.quorum.den >= r.quorum.num * t.unconflicted;
}

/** The ballot's result: without quorum nothing passes (the ballot may be run again). */
export function outcome(t: Tally, r: VotingRules = DEFAULT_RULES): Outcome {
  if (t.yes + t.no + t.abstain > t.eligiblePresent)
    throw new RangeError(
      `more votes (${t.yes + t.no + t.abstain}) than eligible members present (${t.eligiblePresent})`,
    );
  const base = r.base === 'PRESENT' ? t.eligiblePresent : t.unconflicted;
  const needed = neededFor(r.threshold, base, r.strict);
  const q = quorumMet(t, r);
  return { quorumMet: q, passed: q && t.yes >= needed && needed > 0, needed };
}
