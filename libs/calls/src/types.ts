/** A funding call defined as data (docs/contract/call.md). */
export interface CallTarget {
  key: string;
  labelZh: string;
  labelEn: string;
  unit?: string;
  /** the number the call's text commits a team to (at least) */
  min?: number;
  /** or at most (e.g. fewer than 100 mutation experiments) */
  max?: number;
}

export interface CallCondition {
  key: string;
  textZh: string;
  textEn?: string;
}

export interface CallDirection {
  number: number;
  titleZh: string;
  titleEn: string;
  fundingAmount: number;
  contentZh: string;
  contentEn?: string;
  noteZh?: string;
  conditions: CallCondition[];
  targets: CallTarget[];
}

export type Funder = 'TIANYUAN' | 'SHENZHEN';

export interface CallPhase {
  phase: 1 | 2;
  years: number;
  start?: string;
  end?: string;
  funders: Funder[];
  /** phase 1: the usual amount of a project (a direction may name its own) */
  defaultAmount?: number;
  /** phase 2: the least a continued project receives */
  minAmount?: number;
  requires?: ('EXCELLENT' | 'SHENZHEN_LANDING')[];
}

export interface CallEligibility {
  maxCooperatingInstitutions: number;
  mathCodePrefixes: string[];
  requiredDisciplines: string[];
  maxApplicantExclusions: number;
  maxAwardsPerDirection: number;
}

export interface CallDefinition {
  code: string;
  year: number;
  titleZh: string;
  titleEn: string;
  maxAwards: number;
  submissionWindow: { opensAt: string; closesAt: string };
  phases: CallPhase[];
  eligibility: CallEligibility;
  directions: CallDirection[];
}

export interface CallProblem {
  path: string;
  message: string;
  /** the same in Chinese */
  messageZh: string;
}

/** Every problem of a call definition at once, each named by its JSON path. */
export class CallInputError extends Error {
  readonly field: string;
  constructor(readonly problems: CallProblem[]) {
    super(
      `${problems.map((p) => `${p.path}: ${p.message}`).join('; ')} / ${problems.map((p) => `${p.path}：${p.messageZh}`).join('；')}`,
    );
    this.field = problems[0]?.path ?? 'definition';
  }
}
