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
  submissionWindow: { opens: '2023-10-14T00:00:00+08:00', closes: '2023-10-20T16:00:00+08:00' },
  maxCooperatingInstitutions: 2,
  mathCodePrefixes: ['A01', 'A02', 'A03', 'A04', 'A05', 'A06'],
  maxAwards: 14,
  maxAwardsPerDirection: 1,
  phase1: { years: 2, start: '2024-01-01', end: '2025-12-31', defaultAmount: 2000000 },
  phase2: { minAmount: 3000000, years: 3 },
  requiredDisciplines: ['MATH', 'MEDICINE', 'IT'],
  maxApplicantExclusions: 3,
};
