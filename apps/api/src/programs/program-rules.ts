import { CALL_2023 } from '@app/eligibility';

/**
 * A programme's rules as configuration (docs/program.md): next year's call changes these values,
 * never the code. Stored as jsonb on the programme; the defaults are the 2023 call.
 */
export interface ProgramRules {
  submissionWindow: { opens: string; closes: string };
  maxCooperatingInstitutions: number;
  mathCodePrefixes: string[];
  maxAwards: number;
  maxAwardsPerDirection: number;
  phase1: { years: number; start: string; end: string; defaultAmount: number };
  phase2: { minAmount: number; years: number };
  requiredDisciplines: string[];
  maxApplicantExclusions: number;
}

export const DEFAULT_RULES_2023: ProgramRules = {
  submissionWindow: { ...CALL_2023.window },
  maxCooperatingInstitutions: CALL_2023.maxCooperatingInstitutions,
  mathCodePrefixes: [...CALL_2023.mathCodePrefixes],
  maxAwards: CALL_2023.maxAwards,
  maxAwardsPerDirection: 1,
  phase1: { years: 2, start: '2024-01-01', end: '2025-12-31', defaultAmount: 2000000 },
  phase2: { minAmount: 3000000, years: 3 },
  requiredDisciplines: ['MATH', 'MEDICINE', 'IT'],
  maxApplicantExclusions: 3,
};
