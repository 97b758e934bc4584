import { cmp, reasonsOf } from './rules';
import type { ConflictPair, ConflictReason, ConflictResult } from './types';
import { validateDataset } from './validate';
import { buildWorld } from './world';

/**
 * 回避: every (project, reviewer) pair in conflict, with every reason and its evidence
 * (docs/contract/conflicts.md). Three steps: the input's shape is checked (validate.ts), the
 * dataset is indexed by person, institution, e-mail domain and co-author (world.ts), and each
 * rule collects its pairs from the indexes (rules.ts). Sorted by project id, then reviewer id.
 */
export function detectConflicts(raw: unknown): ConflictResult {
  const w = buildWorld(validateDataset(raw));
  const out: { p: number; r: number; reasons: ConflictReason[] }[] = [];
  for (let r = 0; r < w.reviewerCanon.length; r++)
    for (const [p, reasons] of reasonsOf(w, r)) out.push({ p, r, reasons });
  // by project id, then reviewer id (code-unit order)
  const pRank = rankOf(w.projects.map((p) => p.id));
  const rRank = rankOf(w.ds.reviewers);
  const R = w.ds.reviewers.length;
  out.sort((a, b) => pRank[a.p] * R + rRank[a.r] - (pRank[b.p] * R + rRank[b.r]));
  const conflicts: ConflictPair[] = new Array(out.length);
  for (let i = 0; i < out.length; i++)
    conflicts[i] = { project: w.projects[out[i].p].id, reviewer: w.ds.reviewers[out[i].r], reasons: out[i].reasons };
  return { conflicts };
}

/**
 * The pairs of {@link detectConflicts}, one reviewer at a time as each is worked out, unsorted:
 * one array per reviewer of the dataset, in its order (empty when that reviewer has no conflict).
 * For a caller that stores the pairs as they come, so that writing them overlaps working out the
 * next ones and the whole list is never held. The input is checked at the first step.
 */
export function* conflictsByReviewer(raw: unknown): Generator<ConflictPair[], void, undefined> {
  const w = buildWorld(validateDataset(raw));
  for (let r = 0; r < w.reviewerCanon.length; r++) {
    const pairs: ConflictPair[] = [];
    for (const [p, reasons] of reasonsOf(w, r))
      pairs.push({ project: w.projects[p].id, reviewer: w.ds.reviewers[r], reasons });
    yield pairs;
  }
}

function rankOf(ids: string[]): Int32Array {
  const order = ids.map((_, i) => i).sort((a, b) => cmp(ids[a], ids[b]) || a - b);
  const rank = new Int32Array(ids.length);
  order.forEach((i, k) => (rank[i] = k));
  return rank;
}
