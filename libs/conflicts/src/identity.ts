/**
 * One person across records: records that share an e-mail address (case-insensitive, trimmed) or
 * an ORCID (case-insensitive) are the same person, transitively. Conflict detection, the
 * eligibility screen and the expert pool's import all decide identity with this one rule.
 */

export interface IdentityRecord {
  emails?: readonly string[] | null;
  orcid?: string | null;
}

export const emailKey = (e: string) => e.trim().toLowerCase();
export const orcidKey = (o: string) => o.trim().toUpperCase();

/**
 * Union–find over records by shared e-mail or ORCID. Returns, for each record's index, the index
 * of its group's first record (so the representative is stable under input order).
 */
export function identityGroups(records: readonly IdentityRecord[]): Int32Array {
  const n = records.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const seen = new Map<string, number>();
  const link = (key: string, i: number) => {
    const j = seen.get(key);
    if (j === undefined) seen.set(key, i);
    else union(i, j);
  };
  for (let i = 0; i < n; i++) {
    const r = records[i];
    for (const e of r.emails ?? []) {
      const k = emailKey(String(e));
      if (k) link('e:' + k, i);
    }
    if (r.orcid) {
      const k = orcidKey(String(r.orcid));
      if (k) link('o:' + k, i);
    }
  }
  const canon = new Int32Array(n);
  for (let i = 0; i < n; i++) canon[i] = find(i);
  return canon;
}

/** `identityGroups` by id: each record's id mapped to its group's first record's id. */
export function samePersons<T extends IdentityRecord & { id: string }>(records: readonly T[]): Map<string, string> {
  const canon = identityGroups(records);
  return new Map(records.map((r, i) => [r.id, records[canon[i]].id]));
}
