/**
 * The rules that decide money: which projects an initial round proposes for award, how a mid-term
 * round grades, and whether one decision may be recorded. Pure functions of plain data; the API
 * reads the round and the decisions already taken and asks here (docs/program.md, "Funding").
 */

export class DecisionInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const bad = (field: string, message: string): never => {
  throw new DecisionInputError(field, message);
};

export type Grade = 'EXCELLENT' | 'PASS' | 'FAIL';
export type InitialDecision = 'FUND' | 'DECLINE';
export type MidtermDecision = 'CONTINUE' | 'COMPLETE' | 'TERMINATE';

export interface CallRules {
  /** at most this many projects funded in the call */
  maxAwards: number;
  /** by default at most this many per direction (more only with a written reason, within its budget) */
  maxAwardsPerDirection: number;
}

export interface DirectionBudget {
  id: string;
  number: number;
  /** the funding of one project of the direction, CNY */
  fundingAmount: number;
}

/** A project in calibrated rank order (rank 1 best; ties share a rank). */
export interface RankedEntry {
  project: string;
  externalId: string;
  directionId: string;
  rank: number;
  value: number;
}

/**
 * The proposed award list: walking the ranking from the top, a project is proposed when its value
 * reaches the quality threshold, its direction has fewer than `maxAwardsPerDirection` proposals,
 * and fewer than `maxAwards` are proposed in all; it is proposed for its direction's funding.
 */
export function proposeAwards(
  ranked: readonly RankedEntry[],
  directions: ReadonlyMap<string, DirectionBudget>,
  rules: CallRules,
  qualityThreshold = 0,
): { project: string; amount: number }[] {
  const perDirection = new Map<string, number>();
  const out: { project: string; amount: number }[] = [];
  for (const r of ranked) {
    if (out.length >= rules.maxAwards) break;
    if (r.value < qualityThreshold) continue;
    const n = perDirection.get(r.directionId) ?? 0;
    if (n >= rules.maxAwardsPerDirection) continue;
    perDirection.set(r.directionId, n + 1);
    out.push({ project: r.project, amount: directions.get(r.directionId)?.fundingAmount ?? 0 });
  }
  return out;
}

export interface GradeSettings {
  /** FAIL below this value (default 60) */
  passThreshold?: number;
  /** EXCELLENT at or above this value (default 80) … */
  excellentThreshold?: number;
  /** … and with at least this share of CONTINUE recommendations (default 0.5) … */
  excellentContinueShare?: number;
  /** … while fewer than floor(share × projects) are EXCELLENT, in rank order (default 1: no cap) */
  maxExcellentShare?: number;
}

export interface GradedEntry {
  project: string;
  value: number;
  /** recommendation → how many reviewers gave it */
  recommendations: Readonly<Record<string, number>>;
}

/** Mid-term grades of projects given in calibrated rank order, with each one's CONTINUE share. */
export function gradeMidterm(
  ranked: readonly GradedEntry[],
  s: GradeSettings,
): Map<string, { grade: Grade; continueShare: number }> {
  const out = new Map<string, { grade: Grade; continueShare: number }>();
  // the epsilon keeps 0.3 × 10 = 2.9999999999999996 from flooring to 2
  const maxExcellent = Math.floor((s.maxExcellentShare ?? 1) * ranked.length + 1e-9);
  let excellent = 0;
  for (const r of ranked) {
    const n = Object.values(r.recommendations).reduce((a, b) => a + b, 0);
    const continueShare = n ? (r.recommendations.CONTINUE ?? 0) / n : 0;
    let grade: Grade = r.value < (s.passThreshold ?? 60) ? 'FAIL' : 'PASS';
    if (
      r.value >= (s.excellentThreshold ?? 80) &&
      continueShare >= (s.excellentContinueShare ?? 0.5) &&
      excellent < maxExcellent
    ) {
      grade = 'EXCELLENT';
      excellent++;
    }
    out.set(r.project, { grade, continueShare });
  }
  return out;
}

/** A decision already recorded in the round (other than the one being decided). */
export interface TakenDecision {
  project: string;
  directionId: string;
  decision: string;
  amount: number | null;
}

export interface InitialCase {
  project: string;
  decision: string;
  /** asked amount; the direction's funding when absent */
  amount?: number | null;
  /** the officer's written reason, trimmed; null when none */
  note: string | null;
  direction: DirectionBudget;
  rules: CallRules;
  others: readonly TakenDecision[];
  /** the ranking within the project's direction */
  rankedInDirection: readonly RankedEntry[];
  qualityThreshold?: number;
}

/**
 * May this initial-round decision be recorded, and for how much? FUND within the direction's
 * funding and the call's cap; a further award in a direction, a departure from rank order, a
 * value under the threshold or a project without reviews each need a written reason; more awards
 * in a direction than its default must stay within their combined budget.
 */
export function checkInitialDecision(c: InitialCase): { amount: number | null } {
  if (c.decision !== 'FUND' && c.decision !== 'DECLINE')
    bad('decision', 'an initial round decides FUND or DECLINE / 初评只能决定资助（FUND）或不资助（DECLINE）');
  if (c.decision === 'DECLINE') return { amount: null };
  const d = c.direction;
  const amount = c.amount ?? d.fundingAmount;
  if (amount <= 0) bad('amount', 'a funded project needs an amount / 资助项目须填写金额');
  if (amount > d.fundingAmount)
    bad(
      'amount',
      `${amount} exceeds direction ${d.number}'s funding of ${d.fundingAmount} / ${amount} 超出方向 ${d.number} 的资助额度 ${d.fundingAmount}`,
    );
  const funded = c.others.filter((o) => o.decision === 'FUND');
  if (funded.length + 1 > c.rules.maxAwards)
    bad('decision', `at most ${c.rules.maxAwards} projects are funded in this call / 资助数量已达上限`);
  const sameDir = funded.filter((o) => o.directionId === d.id);
  const extra = sameDir.length + 1 > c.rules.maxAwardsPerDirection;
  if (extra && !c.note)
    bad(
      'note',
      `direction ${d.number} already has ${sameDir.length} award(s); a further one needs a written reason / 同一方向再资助须说明理由`,
    );
  const spent = sameDir.reduce((a, o) => a + (o.amount ?? 0), 0);
  if (extra && spent + amount > d.fundingAmount * (sameDir.length + 1))
    bad('amount', `over direction ${d.number}'s budget / 超出方向 ${d.number} 的预算`);
  // a departure from rank order: a better-ranked project of the direction is not funded
  const me = c.rankedInDirection.find((r) => r.project === c.project);
  const fundedIds = new Set(sameDir.map((o) => o.project));
  const skipped = me ? c.rankedInDirection.filter((r) => r.rank < me.rank && !fundedIds.has(r.project)) : [];
  if (skipped.length && !c.note)
    bad(
      'note',
      `${skipped.map((r) => r.externalId).join(', ')} rank higher in direction ${d.number}; funding this one instead needs a written reason / 未按排序资助须说明理由`,
    );
  const threshold = c.qualityThreshold ?? 0;
  if (me && me.value < threshold && !c.note)
    bad(
      'note',
      `the calibrated value ${me.value} is below the quality threshold ${threshold}; a written reason is required / 校准分低于质量门槛，须说明理由`,
    );
  if (!me && !c.note)
    bad(
      'note',
      'the project has no submitted review; funding it needs a written reason / 该项目没有已提交的评审意见，资助须填写理由',
    );
  return { amount };
}

export interface MidtermCase {
  decision: string;
  amount?: number | null;
  /** the grade that counts: the panel's when it set one, else the thresholds' */
  grade: Grade | null;
  /** the team committed to landing the results in Shenzhen (深圳转化落地) */
  shenzhenLanding: boolean;
  /** the least phase-2 funding from Shenzhen, CNY */
  phase2Min: number;
  /** the officer's written reason, trimmed; null when none */
  note?: string | null;
}

/**
 * May this mid-term outcome be recorded, and for how much?
 * - CONTINUE: only EXCELLENT projects; phase-2 funding (at least the minimum, the minimum when not
 *   given) only with a Shenzhen landing commitment; continuing without one carries no amount.
 * - COMPLETE (phase 1 ends normally): a project that passed (PASS or EXCELLENT); no amount.
 * - TERMINATE (eliminated): a FAIL; a project that passed only with a written reason; no amount.
 */
export function checkMidtermDecision(c: MidtermCase): { amount: number | null } {
  if (c.decision !== 'CONTINUE' && c.decision !== 'COMPLETE' && c.decision !== 'TERMINATE')
    bad(
      'decision',
      'a mid-term round decides CONTINUE, COMPLETE or TERMINATE / 中期评估只能决定继续资助（CONTINUE）、结题（COMPLETE）或终止（TERMINATE）',
    );
  if (c.decision !== 'CONTINUE' && c.amount)
    bad('amount', 'only a continued project receives phase-2 funding / 只有继续资助的项目有第二阶段经费');
  if (c.decision === 'COMPLETE') {
    if (c.grade !== 'PASS' && c.grade !== 'EXCELLENT')
      bad(
        'decision',
        `a project completes phase 1 only when it passed; this one is ${c.grade ?? 'ungraded'} / 中期评估未通过的项目不能正常结题`,
      );
    return { amount: null };
  }
  if (c.decision === 'TERMINATE') {
    if (c.grade !== 'FAIL' && !c.note)
      bad(
        'note',
        `terminating a project graded ${c.grade ?? 'ungraded'} needs a written reason / 终止未被评为不合格的项目须说明理由`,
      );
    return { amount: null };
  }
  if (c.grade !== 'EXCELLENT')
    bad(
      'decision',
      `only projects graded EXCELLENT (优秀) may continue; this one is ${c.grade ?? 'ungraded'} / 仅优秀项目可获后续资助`,
    );
  if (c.shenzhenLanding) {
    const amount = c.amount ?? c.phase2Min;
    if (amount < c.phase2Min)
      bad('amount', `phase-2 funding from Shenzhen is at least ${c.phase2Min} / 第二阶段资助不少于 ${c.phase2Min} 元`);
    return { amount };
  }
  if (c.amount)
    bad(
      'amount',
      'phase-2 funding requires a Shenzhen landing commitment (深圳转化落地); this project has none / 第二阶段资助须有深圳转化落地承诺，该项目没有',
    );
  return { amount: null };
}
