import { minusYears, parseDate } from './normalize';
import { collaborationFromYear, resolvePolicy } from './policy';
import { ConflictInputError, type ConflictDataset } from './types';

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const bad = (field: string, msg: string): never => {
  throw new ConflictInputError(field, msg);
};

/** The dataset with its top-level shape checked and the policy's windows worked out. */
export interface Checked {
  ds: ConflictDataset;
  asOf: string;
  /** co-authorships count from this year on */
  collabFromYear: number;
  /** a former affiliation counts when it ended on or after this date */
  formerSince: string;
}

/**
 * The input's top-level shape (docs/contract/conflicts.md): an object with a date, arrays where
 * arrays belong, a valid policy. Records inside are checked where they are indexed (world.ts),
 * which names each bad field with its position and id.
 */
export function validateDataset(raw: unknown): Checked {
  if (!isObj(raw)) return bad('input', 'must be a JSON object');
  // the shape is checked field by field below and as each record is indexed
  const ds = raw as unknown as ConflictDataset;
  const asOf = parseDate(ds.asOf) ?? bad('asOf', `must be a date YYYY-MM-DD (got ${JSON.stringify(ds.asOf)})`);
  const policy = resolvePolicy(ds.policy as ConflictDataset['policy']);
  for (const key of ['institutions', 'publications', 'relations', 'declared', 'excludedByApplicant'] as const)
    if (ds[key] !== undefined && !Array.isArray(ds[key])) bad(key, 'must be an array');
  if (!Array.isArray(ds.persons)) bad('persons', 'must be an array');
  if (!Array.isArray(ds.projects)) bad('projects', 'must be an array');
  if (!Array.isArray(ds.reviewers)) bad('reviewers', 'must be an array of person ids');
  return {
    ds,
    asOf,
    collabFromYear: collaborationFromYear(asOf, policy),
    formerSince: minusYears(asOf, policy.formerAffiliationYears),
  };
}
