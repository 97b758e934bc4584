import {
  DEFAULT_WEIGHTS,
  prepareExpert,
  preparedAffinity,
  prepareProject,
  type AffinityWeights,
  type PreparedExpert,
  type PreparedProject,
} from './affinity';
import { AssignmentInputError, type AssignmentInstance, type AssignmentSolution, type Objective } from './types';

/**
 * A review round turned into an assignment instance, and a solution turned into the officer's
 * preview (what is added, removed and kept; coverage per project; load per reviewer). Pure: the
 * API reads the round from the database into a {@link RoundWorld} and hands it here.
 */

/** What an officer may ask of one run (the GraphQL `AssignmentOptions`, objective in lib keys). */
export interface RunOptions {
  objective?: Objective;
  /** randomized: cap on any pair's probability, in (0, 1] */
  maxProbability?: number | null;
  /** randomized: the seed (drawn by the caller and reported when not given) */
  seed?: number | null;
  maxLoad?: number | null;
  minLoad?: number | null;
  weights?: Partial<AffinityWeights> | null;
  /** per-reviewer minimum loads (reviewer id → load), e.g. to give a newcomer a few projects */
  minLoadFor?: Record<string, number>;
}

export interface WorldProject {
  id: string;
  titleZh: string;
  titleEn: string;
  keywords: string[];
  directionZh?: string;
  directionEn?: string;
}

export interface WorldReviewer {
  id: string;
  name: string;
  disciplines: string[];
  keywords: string[];
  /** the most this reviewer takes in the round (an invitation accepted with a smaller load); the run's maxLoad caps it too */
  maxLoad?: number | null;
}

/** A round as the solver sees it. */
export interface RoundWorld {
  reviewersPerProject: number;
  /** disciplines every panel must cover */
  requires: string[];
  projects: WorldProject[];
  reviewers: WorldReviewer[];
  /** the active assignments; `keep` when manual (locked) or already reviewed: the solver must keep them */
  active: { project: string; reviewer: string; covers: string | null; keep: boolean }[];
  /** conflicted pairs [project, reviewer] */
  blocked: [string, string][];
}

export interface RoundPlan {
  instance: AssignmentInstance;
  /** the affinity of a pair (computed when asked: a round at scale has millions of pairs) */
  affinityOf(projectId: string, reviewerId: string): number;
  maxLoad: number;
  /** candidates were pruned to the best of each project (a round above {@link EXHAUSTIVE_PAIRS} pairs) */
  pruned: boolean;
}

export interface PreviewPair {
  projectId: string;
  projectTitle: string;
  reviewerId: string;
  reviewerName: string;
  covers: string | null;
  affinity: number;
}

export interface Preview {
  status: 'optimal' | 'infeasible';
  objective: number;
  reasons: string[];
  added: PreviewPair[];
  removed: PreviewPair[];
  unchanged: number;
  coverage: { projectId: string; projectTitle: string; reviewers: number; covers: string[] }[];
  loads: { reviewerId: string; reviewerName: string; load: number; maxLoad: number }[];
  solveMs: number;
  objectiveKind: 'SUM' | 'FAIR' | 'RANDOMIZED';
  stages: { stage: string; value: number; bound: number; gap: number }[] | null;
  expectedObjective: number | null;
  maxProbability: number | null;
  seed: number | null;
}

const key = (project: string, reviewer: string) => `${project}|${reviewer}`;
const wholeIn = (v: unknown, lo: number, hi: number) =>
  Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const bad = (field: string, msg: string): never => {
  throw new AssignmentInputError(field, msg);
};

/** Refuses options no run can use, naming the field (`input.…`, as the API's argument is called). */
export function checkRunOptions(o: RunOptions): void {
  const objective = o.objective ?? 'sum';
  if (!['sum', 'fair', 'randomized'].includes(objective))
    bad('input.objective', 'must be SUM, FAIR or RANDOMIZED / 须为 SUM、FAIR 或 RANDOMIZED');
  if (objective === 'randomized') {
    const q = o.maxProbability;
    if (q == null)
      bad('input.maxProbability', 'is required for RANDOMIZED: a number in (0, 1] / 随机分配须填写 (0, 1] 之间的数');
    if (typeof q !== 'number' || !Number.isFinite(q) || q <= 0 || q > 1)
      bad('input.maxProbability', 'must be a number in (0, 1] / 须为 (0, 1] 之间的数');
    if (o.seed != null && !wholeIn(o.seed, 0, 2147483647))
      bad('input.seed', 'must be a whole number from 0 to 2147483647 / 须为 0 到 2147483647 之间的整数');
  }
  if (o.maxLoad != null && !wholeIn(o.maxLoad, 1, 200))
    bad('input.maxLoad', 'must be a whole number from 1 to 200 / 须为 1 到 200 之间的整数');
  if (o.minLoad != null && !wholeIn(o.minLoad, 0, o.maxLoad ?? Number.MAX_SAFE_INTEGER))
    bad('input.minLoad', 'must be a whole number from 0 to maxLoad / 须为 0 到 maxLoad 之间的整数');
  for (const [k, v] of Object.entries(o.weights ?? {}))
    if (v != null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100))
      bad(`input.weights.${k}`, 'must be a number from 0 to 100 / 须为 0 到 100 之间的数');
}

/** Rounds with more pairs than this get the best candidates of each project, not every pair. */
export const EXHAUSTIVE_PAIRS = 2_000_000;
/** In a pruned round: candidates kept per project for each required discipline, and as many more of any. */
export const CANDIDATES_PER_GROUP = 30;

export interface CandidateLimits {
  exhaustivePairs?: number;
  perGroup?: number;
  /** reviewers scored exactly per project in a pruned round (default: 8 × perGroup × groups) */
  scoreBudget?: number;
}

/**
 * The instance for a round. Up to {@link EXHAUSTIVE_PAIRS} pairs, every pair is a candidate with its
 * affinity and the solution is the round's optimum. Above it (20,000 × 8,000 is 160 million
 * pairs) each project keeps, for every discipline it requires and once for any, the
 * {@link CANDIDATES_PER_GROUP} non-conflicted reviewers of highest affinity: the solution is then
 * optimal over those candidates (`plan.pruned`). Kept pairs are locked, one load cap for all.
 * Without a maximum load, the default is the even share plus two (ceil(seats / reviewers) + 2),
 * never below the minimum asked for nor below 1.
 */
export function buildRoundInstance(w: RoundWorld, o: RunOptions, limits: CandidateLimits = {}): RoundPlan {
  checkRunOptions(o);
  const weights: AffinityWeights = { ...DEFAULT_WEIGHTS };
  for (const [k, v] of Object.entries(o.weights ?? {})) if (v != null) weights[k as keyof AffinityWeights] = v;
  const k = w.reviewersPerProject;
  const seats = w.projects.length * k;
  const maxLoad = o.maxLoad ?? Math.max(o.minLoad ?? 0, 1, Math.ceil(seats / Math.max(1, w.reviewers.length)) + 2);
  const experts = w.reviewers.map((r) => prepareExpert({ disciplines: r.disciplines, keywords: r.keywords }));
  const profile = (p: WorldProject) =>
    prepareProject({
      titleZh: p.titleZh,
      titleEn: p.titleEn,
      keywords: p.keywords,
      directionZh: p.directionZh,
      directionEn: p.directionEn,
      requires: w.requires,
    });
  const candidates: [string, string, number][] = [];
  const pruned = w.projects.length * w.reviewers.length > (limits.exhaustivePairs ?? EXHAUSTIVE_PAIRS);
  if (!pruned) {
    for (const p of w.projects) {
      const pp = profile(p);
      w.reviewers.forEach((r, i) => candidates.push([p.id, r.id, preparedAffinity(experts[i], pp, weights).score]));
    }
  } else {
    const perGroup = limits.perGroup ?? CANDIDATES_PER_GROUP;
    const budget = limits.scoreBudget ?? perGroup * (w.requires.length + 1) * 8;
    for (const c of pickCandidates(w, experts, profile, weights, perGroup, budget)) candidates.push(c);
  }
  const instance: AssignmentInstance = {
    reviewersPerProject: k,
    objective: o.objective ?? 'sum',
    maxProbability: o.maxProbability ?? undefined,
    seed: o.seed ?? undefined,
    projects: w.projects.map((p) => ({ id: p.id, requires: w.requires, reviewers: k })),
    reviewers: w.reviewers.map((r) => {
      const cap = Math.min(maxLoad, r.maxLoad ?? maxLoad);
      return {
        id: r.id,
        disciplines: r.disciplines,
        maxLoad: cap,
        minLoad: Math.min(cap, o.minLoadFor?.[r.id] ?? o.minLoad ?? 0),
      };
    }),
    candidates,
    conflicts: w.blocked,
    locked: w.active.filter((a) => a.keep).map((a) => [a.project, a.reviewer]),
  };
  const reviewerAt = new Map(w.reviewers.map((r, i) => [r.id, i]));
  const projectById = new Map(w.projects.map((p) => [p.id, p]));
  const prepared = new Map<string, PreparedProject>();
  const affinityOf = (projectId: string, reviewerId: string) => {
    const i = reviewerAt.get(reviewerId);
    const p = projectById.get(projectId);
    if (i === undefined || !p) return 0;
    const pp = prepared.get(projectId) ?? prepared.set(projectId, profile(p)).get(projectId)!;
    return preparedAffinity(experts[i], pp, weights).score;
  };
  return { instance, affinityOf, maxLoad, pruned };
}

/**
 * The best candidates of every project without scoring every pair: reviewers sharing a token with
 * the project are found through an inverted index, rarest tokens first, and scored exactly up to
 * a budget; each group (a required discipline, then any) takes its best non-conflicted ones, and
 * groups short of candidates are filled with other holders of the discipline (their affinity
 * comes from the discipline alone), taken in turn so that the filler spreads over the pool. The
 * round's kept pairs are always candidates. The index finds shared words and CJK bigrams; an
 * English keyword that matches only inside a longer word (‘graph’ in ‘graphs’) scores when its
 * reviewer is reached through another token, but does not by itself bring the reviewer in.
 */
function pickCandidates(
  w: RoundWorld,
  experts: PreparedExpert[],
  profile: (p: WorldProject) => PreparedProject,
  weights: AffinityWeights,
  perGroup: number,
  budget: number,
): [string, string, number][] {
  const R = w.reviewers.length;
  const blocked = new Set(w.blocked.map(([p, r]) => key(p, r)));
  const index = new Map<string, number[]>();
  experts.forEach((e, i) => {
    for (const t of e.tokens) (index.get(t) ?? index.set(t, []).get(t)!).push(i);
  });
  const groups = [...w.requires, null];
  const holders = new Map<string | null, number[]>(
    groups.map((d) => [
      d,
      d ? w.reviewers.flatMap((r, i) => (r.disciplines.includes(d) ? [i] : [])) : [...Array(R).keys()],
    ]),
  );
  const kept = new Map<string, string[]>();
  for (const a of w.active)
    if (a.keep) (kept.get(a.project) ?? kept.set(a.project, []).get(a.project)!).push(a.reviewer);
  const out: [string, string, number][] = [];
  let turn = 0;
  for (const p of w.projects) {
    const pp = profile(p);
    const score = new Map<number, number>();
    const scoreOf = (i: number) => {
      let s = score.get(i);
      if (s === undefined) score.set(i, (s = preparedAffinity(experts[i], pp, weights).score));
      return s;
    };
    const postings = [...pp.tokens]
      .flatMap((t) => (index.has(t) ? [index.get(t)!] : []))
      .sort((a, b) => a.length - b.length);
    // rare tokens first; a token common to many reviewers is read from a rotating start, up to the budget
    for (const list of postings) {
      if (score.size >= budget) break;
      const start = list.length > budget ? turn % list.length : 0;
      for (let j = 0; j < list.length && score.size < budget; j++) scoreOf(list[(start + j) % list.length]);
    }
    const chosen = new Set<number>();
    const free = (i: number) => !chosen.has(i) && !blocked.has(key(p.id, w.reviewers[i].id));
    // the scored reviewers best first (ties by position), sorted once for every group
    const ranked = [...score.keys()].sort((a, b) => score.get(b)! - score.get(a)! || a - b);
    for (const d of groups) {
      let taken = 0;
      for (const i of ranked) {
        if (taken >= perGroup) break;
        if ((d && !w.reviewers[i].disciplines.includes(d)) || !free(i)) continue;
        chosen.add(i);
        taken++;
      }
      const pool = holders.get(d)!;
      for (let n = 0; taken < perGroup && n < pool.length; n++) {
        const i = pool[(turn + n) % pool.length];
        if (!free(i)) continue;
        chosen.add(i);
        taken++;
      }
      turn += perGroup;
    }
    const ids = new Set([...chosen].map((i) => w.reviewers[i].id));
    for (const r of kept.get(p.id) ?? []) {
      if (ids.has(r)) continue;
      const i = w.reviewers.findIndex((x) => x.id === r);
      if (i >= 0) chosen.add(i);
    }
    for (const i of chosen) out.push([p.id, w.reviewers[i].id, scoreOf(i)]);
  }
  return out;
}

/**
 * The preview of a solution against the round's active assignments, in one pass over each:
 * O(P + R + |solution| + |active|). An infeasible run removes nothing.
 */
export function buildPreview(w: RoundWorld, plan: RoundPlan, sol: AssignmentSolution): Preview {
  const title = new Map(w.projects.map((p) => [p.id, p.titleZh]));
  const name = new Map(w.reviewers.map((r) => [r.id, r.name]));
  const pair = (projectId: string, reviewerId: string, covers: string | null): PreviewPair => ({
    projectId,
    projectTitle: title.get(projectId) ?? '',
    reviewerId,
    reviewerName: name.get(reviewerId) ?? '',
    covers,
    affinity: plan.affinityOf(projectId, reviewerId),
  });
  const current = new Set(w.active.map((a) => key(a.project, a.reviewer)));
  const next = new Set<string>();
  const coverage = new Map(w.projects.map((p) => [p.id, { reviewers: 0, covers: [] as string[] }]));
  const load = new Map(w.reviewers.map((r) => [r.id, 0]));
  const added: PreviewPair[] = [];
  let unchanged = 0;
  for (const a of sol.assignments) {
    const k = key(a.project, a.reviewer);
    next.add(k);
    if (current.has(k)) unchanged++;
    else added.push(pair(a.project, a.reviewer, a.covers));
    const c = coverage.get(a.project);
    if (c) {
      c.reviewers++;
      if (a.covers) c.covers.push(a.covers);
    }
    load.set(a.reviewer, (load.get(a.reviewer) ?? 0) + 1);
  }
  const removed =
    sol.status === 'optimal'
      ? w.active.filter((a) => !next.has(key(a.project, a.reviewer))).map((a) => pair(a.project, a.reviewer, a.covers))
      : [];
  const objective = plan.instance.objective ?? 'sum';
  return {
    status: sol.status,
    objective: sol.objective,
    reasons: sol.reasons ?? [],
    added,
    removed,
    unchanged,
    coverage: w.projects.map((p) => ({ projectId: p.id, projectTitle: p.titleZh, ...coverage.get(p.id)! })),
    loads: w.reviewers.map((r) => ({
      reviewerId: r.id,
      reviewerName: r.name,
      load: load.get(r.id) ?? 0,
      maxLoad: Math.min(plan.maxLoad, r.maxLoad ?? plan.maxLoad),
    })),
    solveMs: Number(sol.stats.totalMs ?? 0),
    objectiveKind: objective === 'fair' ? 'FAIR' : objective === 'randomized' ? 'RANDOMIZED' : 'SUM',
    stages: sol.stages ?? null,
    expectedObjective: sol.expectedObjective ?? null,
    maxProbability: sol.maxProbability ?? null,
    seed: sol.seed ?? null,
  };
}

/**
 * Who takes the seat a reviewer leaves: the free reviewer of highest affinity (default weights)
 * who is not conflicted, not already on the project, never was on it (`excluded`), under the
 * default load cap, and holds the discipline the seat covered. Null when nobody qualifies.
 */
export function pickReplacement(
  w: RoundWorld,
  seat: { project: string; covers: string | null },
  excluded: ReadonlySet<string>,
): { reviewer: string; score: number } | null {
  const project = w.projects.find((p) => p.id === seat.project);
  if (!project) return null;
  const plan = buildRoundInstance({ ...w, projects: [project] }, {});
  const seats = w.projects.length * w.reviewersPerProject;
  const maxLoad = Math.max(1, Math.ceil(seats / Math.max(1, w.reviewers.length)) + 2);
  const load = new Map<string, number>();
  const taken = new Set<string>();
  for (const a of w.active) {
    load.set(a.reviewer, (load.get(a.reviewer) ?? 0) + 1);
    if (a.project === seat.project) taken.add(a.reviewer);
  }
  const blocked = new Set(w.blocked.filter(([p]) => p === seat.project).map(([, r]) => r));
  let best: { reviewer: string; score: number } | null = null;
  for (const r of w.reviewers) {
    if (taken.has(r.id) || excluded.has(r.id) || blocked.has(r.id)) continue;
    if ((load.get(r.id) ?? 0) >= Math.min(maxLoad, r.maxLoad ?? maxLoad)) continue;
    if (seat.covers && !r.disciplines.includes(seat.covers)) continue;
    const score = plan.affinityOf(seat.project, r.id);
    if (!best || score > best.score) best = { reviewer: r.id, score };
  }
  return best;
}
