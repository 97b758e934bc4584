import { emailKey, orcidKey } from '@app/conflicts';
import type { EntityManager } from 'typeorm';

export const ORCID_RE = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const DISCIPLINES: Record<string, 'MATH' | 'MEDICINE' | 'IT'> = {
  MATH: 'MATH',
  数学: 'MATH',
  MEDICINE: 'MEDICINE',
  医学: 'MEDICINE',
  IT: 'IT',
  信息技术: 'IT',
};

/** A discipline as files write it (MATH / MEDICINE / IT, or 数学 / 医学 / 信息技术); undefined when none. */
export const disciplineOf = (v: string) => DISCIPLINES[v.trim().toUpperCase()] ?? DISCIPLINES[v.trim()];

/**
 * How an officer's file names a person: an e-mail, an ORCID or the person's id in the source
 * system (external id). E-mails are stored lower-case, ORCIDs upper-case.
 */
export function refKey(ref: string): string {
  const r = ref.trim();
  if (r.includes('@')) return emailKey(r);
  if (ORCID_RE.test(orcidKey(r))) return orcidKey(r);
  return r;
}

export interface FoundPerson {
  id: string;
  name: string;
}

/**
 * The stored persons each reference names (by external id, e-mail or ORCID), in one statement.
 * A reference may name several records (the same person stored twice): callers decide.
 */
export async function findPersons(m: EntityManager, refs: string[]): Promise<Map<string, FoundPerson[]>> {
  const keys = [...new Set(refs.map(refKey).filter((k) => k.length > 0 && k.length <= 320))];
  const out = new Map<string, FoundPerson[]>();
  if (!keys.length) return out;
  const rows: { ref: string; id: string; name: string }[] = await m.query(
    `SELECT r.ref, p.id, p.name
       FROM unnest($1::text[]) AS r(ref)
       JOIN persons p ON p.external_id = r.ref OR p.emails @> ARRAY[r.ref] OR p.orcid = r.ref
      ORDER BY p.created_at, p.id`,
    [keys],
  );
  for (const r of rows) (out.get(r.ref) ?? out.set(r.ref, []).get(r.ref)!).push({ id: r.id, name: r.name });
  return out;
}

/** `findPersons` for one reference as written in a file. */
export const personsOf = (found: Map<string, FoundPerson[]>, ref: string) => found.get(refKey(ref)) ?? [];
