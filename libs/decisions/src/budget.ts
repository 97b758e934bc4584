/**
 * Who funds what, in which phase and year: a call's funded projects with their phase-1 award and,
 * after the mid-term, their phase-2 continuation, spread evenly over each phase's years. Phase 1 is
 * funded jointly by its funders (the call names no split); phase 2 by its own.
 */

export interface BudgetPhase {
  phase: 1 | 2;
  years: number;
  /** phase 1: its first day (YYYY-MM-DD); phase 2 starts the year after phase 1 ends */
  start?: string;
  end?: string;
  funders: string[];
}

export interface FundedProject {
  project: string;
  /** the phase-1 award (the initial round's FUND decision) */
  phase1Amount: number;
  /** the mid-term outcome, when decided */
  outcome: 'CONTINUE' | 'COMPLETE' | 'TERMINATE' | null;
  /** phase-2 funding of a continued project (null: continued without phase-2 money) */
  phase2Amount: number | null;
}

export type ProjectStatus = 'FUNDED' | 'CONTINUED' | 'COMPLETED' | 'TERMINATED';

export interface BudgetLine {
  project: string;
  status: ProjectStatus;
  phase: 1 | 2;
  year: number;
  amount: number;
  funders: string[];
}

export interface Budget {
  lines: BudgetLine[];
  /** totals by phase, then by year */
  byYear: { phase: 1 | 2; year: number; amount: number; funders: string[] }[];
  phase1Total: number;
  phase2Total: number;
  status: Record<string, ProjectStatus>;
}

const STATUS: Record<string, ProjectStatus> = { CONTINUE: 'CONTINUED', COMPLETE: 'COMPLETED', TERMINATE: 'TERMINATED' };

/** Splits an amount into `n` yearly parts in whole yuan; the last year takes the remainder. */
export function spread(amount: number, n: number): number[] {
  const each = Math.floor(amount / n);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? amount - each * (n - 1) : each));
}

export function budgetOf(phases: BudgetPhase[], projects: FundedProject[]): Budget {
  const p1 = phases.find((p) => p.phase === 1);
  const p2 = phases.find((p) => p.phase === 2);
  if (!p1) throw new Error('a call has a phase 1');
  const firstYear = Number((p1.start ?? '').slice(0, 4)) || new Date().getUTCFullYear();
  const p2First = Number((p1.end ?? '').slice(0, 4)) + 1 || firstYear + p1.years;
  const lines: BudgetLine[] = [];
  const status: Record<string, ProjectStatus> = {};
  for (const x of projects) {
    const st = (x.outcome && STATUS[x.outcome]) || 'FUNDED';
    status[x.project] = st;
    spread(x.phase1Amount, p1.years).forEach((amount, i) =>
      lines.push({ project: x.project, status: st, phase: 1, year: firstYear + i, amount, funders: p1.funders }),
    );
    if (p2 && x.outcome === 'CONTINUE' && x.phase2Amount)
      spread(x.phase2Amount, p2.years).forEach((amount, i) =>
        lines.push({ project: x.project, status: st, phase: 2, year: p2First + i, amount, funders: p2.funders }),
      );
  }
  const byKey = new Map<string, Budget['byYear'][number]>();
  for (const l of lines) {
    const k = `${l.phase}:${l.year}`;
    const t = byKey.get(k) ?? { phase: l.phase, year: l.year, amount: 0, funders: l.funders };
    t.amount += l.amount;
    byKey.set(k, t);
  }
  const byYear = [...byKey.values()].sort((a, b) => a.phase - b.phase || a.year - b.year);
  const sum = (ph: 1 | 2) => lines.filter((l) => l.phase === ph).reduce((a, l) => a + l.amount, 0);
  return { lines, byYear, phase1Total: sum(1), phase2Total: sum(2), status };
}
