export type Discipline = 'MATH' | 'MEDICINE' | 'IT';
export type MemberRole = 'PI' | 'CO_PI' | 'MEMBER';
export type MemberStatus = 'EMPLOYED' | 'POSTDOC' | 'STUDENT' | 'NO_EMPLOYER';

export const RULES = [
  'TWO_PIS',
  'APPLICANT_RESEARCH_LEAD',
  'APPLICANT_SENIOR_TITLE',
  'APPLICANT_STATUS',
  'ONE_DIRECTION_PER_PERSON',
  'ONE_APPLICATION_PER_APPLICANT',
  'COOPERATING_INSTITUTIONS',
  'DISCIPLINE_MIX',
  'MATH_APPLICATION_CODE',
  'SUBMISSION_WINDOW',
  'DIRECTION_CONDITION',
  'BUDGET',
  'UNKNOWN_DIRECTION',
] as const;
export type Rule = (typeof RULES)[number];

export interface ProgramConfig {
  year?: number;
  window?: { opens: string; closes: string };
  maxCooperatingInstitutions?: number;
  mathCodePrefixes?: string[];
  directions?: { number: number; funding?: number; conditions?: string[] }[];
}

export interface Member {
  person: string;
  role: MemberRole;
  discipline: Discipline;
  seniorTitle?: boolean;
  ledBasicResearch?: boolean;
  status?: MemberStatus;
}

export interface Application {
  id: string;
  direction: number;
  submittedAt: string;
  applicationCode1: string;
  leadInstitution?: string;
  cooperatingInstitutions?: string[];
  conditionsMet?: string[];
  budget: { direct: number; indirect?: number };
  members: Member[];
}

export interface ScreeningInput {
  program?: ProgramConfig;
  applications: Application[];
}

export interface Failure {
  rule: Rule;
  message: string;
}

export interface ScreeningResult {
  application: string;
  eligible: boolean;
  failures: Failure[];
}

/** Bad input: names the offending field, e.g. `applications[2].members[0].status`. */
export class EligibilityInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
