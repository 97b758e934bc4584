import type { Model } from './model';
import type { AssignedPair } from './types';

/**
 * Helpers over an integral selection of candidates, for the objectives that improve a selection
 * by local moves (fair) or sample it (randomized): per-project totals, loads and the designation
 * of distinct reviewers to the required disciplines (a small bipartite matching per project).
 */
export interface Index {
  /** required-discipline positions that candidate i's reviewer holds (null: none) */
  hits: (number[] | null)[];
  byProject: number[][];
  /** candidate index of (project, reviewer), or undefined */
  pair: Map<number, number>;
}

/** For each candidate, the positions of its project's required disciplines that its reviewer holds (null: none). */
export function candidateHits(model: Model): (number[] | null)[] {
  const { requires, disc, cp, cr } = model;
  const hits: (number[] | null)[] = new Array(cp.length);
  for (let i = 0; i < cp.length; i++) {
    const req = requires[cp[i]];
    let h: number[] | null = null;
    for (let d = 0; d < req.length; d++) if (disc[cr[i]].includes(req[d])) (h ??= []).push(d);
    hits[i] = h;
  }
  return hits;
}

export function indexCandidates(model: Model): Index {
  const { P, R, cp, cr } = model;
  const C = cp.length;
  const hits = candidateHits(model);
  const byProject: number[][] = Array.from({ length: P }, () => []);
  const pair = new Map<number, number>();
  for (let i = 0; i < C; i++) {
    byProject[cp[i]].push(i);
    pair.set(cp[i] * R + cr[i], i);
  }
  return { hits, byProject, pair };
}

/**
 * Designates distinct reviewers (given as candidate indices of one project) to the project's
 * required disciplines: returns, per required discipline, the candidate index covering it, or null
 * when no such designation exists (Hall's condition fails).
 */
export function designation(ix: Index, nRequired: number, members: readonly number[]): number[] | null {
  if (nRequired === 0) return [];
  const owner = new Int32Array(nRequired).fill(-1);
  const tryCand = (m: number, seen: Uint8Array): boolean => {
    for (const d of ix.hits[m] ?? []) {
      if (seen[d]) continue;
      seen[d] = 1;
      if (owner[d] < 0 || tryCand(owner[d], seen)) {
        owner[d] = m;
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (const m of members) if (ix.hits[m] && tryCand(m, new Uint8Array(nRequired))) matched++;
  if (matched < nRequired) return null;
  return Array.from(owner);
}

/** The assignment list of a selection, each required discipline designated to a distinct reviewer. */
export function pairsOf(model: Model, ix: Index, selected: Uint8Array): AssignedPair[] {
  const { P, requires, cr, inst } = model;
  const out: AssignedPair[] = [];
  for (let p = 0; p < P; p++) {
    const members = ix.byProject[p].filter((i) => selected[i]);
    const owner = designation(ix, requires[p].length, members) ?? [];
    const covers = new Map<number, string>();
    owner.forEach((m, d) => covers.set(m, requires[p][d]));
    for (const m of members)
      out.push({ project: inst.projects[p].id, reviewer: inst.reviewers[cr[m]].id, covers: covers.get(m) ?? null });
  }
  return out;
}
