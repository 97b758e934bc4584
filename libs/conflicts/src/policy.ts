import { ConflictInputError, type Policy } from './types';

/**
 * Windows of the published policies (docs/program.md): NSF collaborators 48 months and former
 * employer 1 year; NIH collaborators 3 years; ERC collaborators 5 years and host institution 3
 * years. The call itself names none; `default` follows ERC.
 */
export const POLICY_PRESETS: Record<string, { collaboratorYears: number; formerAffiliationYears: number }> = {
  default: { collaboratorYears: 5, formerAffiliationYears: 3 },
  erc: { collaboratorYears: 5, formerAffiliationYears: 3 },
  nsf: { collaboratorYears: 4, formerAffiliationYears: 1 },
  nih: { collaboratorYears: 3, formerAffiliationYears: 3 },
};

export interface ResolvedPolicy {
  preset: string;
  collaboratorYears: number;
  formerAffiliationYears: number;
}

export function resolvePolicy(p: Policy | undefined): ResolvedPolicy {
  const preset = p?.preset ?? 'default';
  const base = POLICY_PRESETS[preset];
  if (!base)
    throw new ConflictInputError(
      'policy.preset',
      `unknown preset '${preset}' (one of ${Object.keys(POLICY_PRESETS).join(', ')})`,
    );
  const years = (k: 'collaboratorYears' | 'formerAffiliationYears') => {
    const v = p?.[k];
    if (v === undefined || v === null) return base[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100)
      throw new ConflictInputError(`policy.${k}`, `must be a number of years from 0 to 100 (got ${JSON.stringify(v)})`);
    return v;
  };
  return {
    preset,
    collaboratorYears: years('collaboratorYears'),
    formerAffiliationYears: years('formerAffiliationYears'),
  };
}

/** The first year whose papers count as a co-authorship on `asOf` (YYYY-MM-DD) under the policy. */
export function collaborationFromYear(asOf: string, policy: ResolvedPolicy): number {
  return Number(asOf.slice(0, 4)) - policy.collaboratorYears;
}
