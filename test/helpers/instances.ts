/**
 * The project's own instance generators and reference checks for the contract CLI tests
 * (written here, independent of libs/: plain loops over the generated data). `npm test` needs
 * nothing beside the repository; `npm run bench` may still use ../shared/bench's references.
 * Seeded with libs/scoring's PRNG, so a failing instance can be made again.
 */
import { mulberry32 as prng } from '@app/random';

/**
 * A conflicts dataset where only current-institution, former-affiliation (within 3 years of
 * 2026-06-30) and co-authorship (5 years) can fire, with the pair set those rules give, worked
 * out here directly from how the data was generated.
 */
export function conflictsInstance(o: {
  projects: number;
  reviewers: number;
  pubs: number;
  institutions: number;
  seed: number;
}) {
  const rnd = prng(o.seed);
  const ri = (n: number) => Math.floor(rnd() * n);
  const M = 8;
  const institutions = Array.from({ length: o.institutions }, (_, i) => ({
    id: `I${i}`,
    name: `机构${i}`,
    aliases: [`Institute ${i}`],
    emailDomains: [] as string[],
  }));
  const persons: {
    id: string;
    name: string;
    emails: string[];
    affiliations: { institution: string; from: string; to: string | null }[];
  }[] = [];
  const curInst: number[] = [];
  const formerInst: number[] = [];
  const nMembers = o.projects * M;
  for (let i = 0; i < nMembers + o.reviewers; i++) {
    const cur = ri(o.institutions);
    curInst.push(cur);
    const affs: { institution: string; from: string; to: string | null }[] = [
      { institution: rnd() < 0.5 ? `I${cur}` : `Institute ${cur}`, from: '2015-01-01', to: null },
    ];
    let former = -1;
    if (rnd() < 0.3) {
      former = ri(o.institutions);
      const end = rnd() < 0.5 ? '2024-05-01' : '2021-05-01';
      affs.push({ institution: `I${former}`, from: '2005-01-01', to: end });
      if (end === '2021-05-01') former = -1; // ended more than 3 years before asOf
    }
    formerInst.push(former);
    persons.push({ id: i < nMembers ? `M${i}` : `V${i - nMembers}`, name: `人${i}`, emails: [], affiliations: affs });
  }
  const projects = Array.from({ length: o.projects }, (_, p) => ({
    id: `P${p}`,
    call: '2023-MI',
    leadInstitution: `I${curInst[p * M]}`,
    cooperatingInstitutions: [`I${curInst[p * M + 1]}`],
    members: Array.from({ length: M }, (_, j) => ({
      person: `M${p * M + j}`,
      role: j === 0 ? 'PI' : j === 1 ? 'CO_PI' : 'MEMBER',
    })),
  }));
  const publications: { id: string; year: number; authors: string[] }[] = [];
  const co = new Map<number, Set<number>>();
  for (let k = 0; k < o.pubs; k++) {
    const year = 2012 + ri(15);
    const n = 2 + ri(5);
    const au = new Set<number>();
    while (au.size < n) au.add(rnd() < 0.7 ? ri(nMembers) : nMembers + ri(o.reviewers));
    const arr = [...au];
    publications.push({ id: `pub${k}`, year, authors: arr.map((i) => persons[i].id) });
    if (year >= 2026 - 5)
      for (const x of arr)
        if (x >= nMembers) for (const y of arr) if (y < nMembers) (co.get(x) ?? co.set(x, new Set()).get(x)!).add(y);
  }
  const instProjects = new Map<number, Set<number>>();
  const add = (inst: number, p: number) =>
    (instProjects.get(inst) ?? instProjects.set(inst, new Set()).get(inst)!).add(p);
  for (let p = 0; p < o.projects; p++) for (let j = 0; j < M; j++) add(curInst[p * M + j], p);
  const pairs: string[] = [];
  for (let v = 0; v < o.reviewers; v++) {
    const idx = nMembers + v;
    const hit = new Set<number>();
    for (const inst of [curInst[idx], formerInst[idx]])
      if (inst >= 0) for (const p of instProjects.get(inst) ?? []) hit.add(p);
    for (const m of co.get(idx) ?? []) hit.add(Math.floor(m / M));
    for (const p of hit) pairs.push(`P${p}/V${v}`);
  }
  pairs.sort();
  const dataset = {
    asOf: '2026-06-30',
    policy: { preset: 'default' },
    institutions,
    persons,
    relations: [],
    publications,
    projects,
    reviewers: Array.from({ length: o.reviewers }, (_, i) => `V${i}`),
    declared: [],
    excludedByApplicant: [],
  };
  return { dataset, pairs };
}

export interface AssignInstance {
  reviewersPerProject: number;
  objective: string;
  projects: { id: string; requires: string[]; reviewers: number }[];
  reviewers: { id: string; disciplines: string[]; maxLoad: number; minLoad: number }[];
  candidates: [string, string, number][];
  conflicts: [string, string][];
  locked: [string, string][];
}

/** A reviewer-assignment instance in the contract format, with slack enough to be feasible. */
export function assignInstance(o: {
  projects: number;
  reviewers: number;
  cand: number;
  k: number;
  seed: number;
  multi?: number;
  conflict?: number;
  locked?: number;
}): AssignInstance {
  const rnd = prng(o.seed);
  const D = ['MATH', 'MEDICINE', 'IT'];
  const multi = o.multi ?? 0.1;
  const conflictRate = o.conflict ?? 0.03;
  const lockedRate = o.locked ?? 0.01;
  const reviewers: AssignInstance['reviewers'] = [];
  const byDisc: Record<string, number[]> = { MATH: [], MEDICINE: [], IT: [] };
  for (let i = 0; i < o.reviewers; i++) {
    const x = rnd();
    const d0 = x < 0.4 ? 'MATH' : x < 0.75 ? 'MEDICINE' : 'IT';
    const ds = [d0];
    if (rnd() < multi) {
      const d1 = D[Math.floor(rnd() * 3)];
      if (d1 !== d0) ds.push(d1);
    }
    reviewers.push({ id: `R${i + 1}`, disciplines: ds, maxLoad: 0, minLoad: 0 });
    for (const d of ds) byDisc[d].push(i);
  }
  const base = Math.max(2, Math.ceil((o.projects * o.k * 1.35) / o.reviewers));
  for (const r of reviewers) r.maxLoad = Math.max(1, base - 2 + Math.floor(rnd() * 5));
  const projects: AssignInstance['projects'] = [];
  const candidates: AssignInstance['candidates'] = [];
  const conflicts: AssignInstance['conflicts'] = [];
  const locked: AssignInstance['locked'] = [];
  for (let p = 0; p < o.projects; p++) {
    const id = `P${p + 1}`;
    projects.push({ id, requires: D.slice(), reviewers: o.k });
    const chosen = new Set<number>();
    for (const d of D) for (let j = 0; j < 3; j++) chosen.add(byDisc[d][Math.floor(rnd() * byDisc[d].length)]);
    while (chosen.size < Math.min(o.cand, o.reviewers)) chosen.add(Math.floor(rnd() * o.reviewers));
    let lockedOne = rnd() < lockedRate;
    for (const r of chosen) {
      const aff = Math.floor(rnd() * 1000) / 1000;
      candidates.push([id, reviewers[r].id, aff]);
      if (rnd() < conflictRate) conflicts.push([id, reviewers[r].id]);
      else if (lockedOne) {
        locked.push([id, reviewers[r].id]);
        lockedOne = false;
      }
    }
  }
  return { reviewersPerProject: o.k, objective: 'sum', projects, reviewers, candidates, conflicts, locked };
}

/**
 * Every rule of the assignment contract checked on a solution, plus its objective against a
 * reference optimum when given. Returns the problem, or null when the solution is valid.
 */
export function checkAssignment(
  inst: AssignInstance,
  sol: { status: string; objective: number; assignments: { project: string; reviewer: string; covers: string }[] },
  reference?: number,
): string | null {
  if (sol.status !== 'optimal') return `status ${sol.status}`;
  const key = (p: string, r: string) => `${p}\u0000${r}`;
  const aff = new Map(inst.candidates.map(([p, r, a]) => [key(p, r), a]));
  const conf = new Set(inst.conflicts.map(([p, r]) => key(p, r)));
  const rv = new Map(inst.reviewers.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const load = new Map<string, number>();
  const perP = new Map<string, typeof sol.assignments>();
  let sum = 0;
  for (const a of sol.assignments) {
    const k = key(a.project, a.reviewer);
    if (seen.has(k)) return `duplicate ${a.project}/${a.reviewer}`;
    seen.add(k);
    if (!aff.has(k)) return `not a candidate ${a.project}/${a.reviewer}`;
    if (conf.has(k)) return `conflicted pair assigned ${a.project}/${a.reviewer}`;
    sum += aff.get(k)!;
    load.set(a.reviewer, (load.get(a.reviewer) ?? 0) + 1);
    (perP.get(a.project) ?? perP.set(a.project, []).get(a.project)!).push(a);
  }
  for (const [p, r] of inst.locked) if (!seen.has(key(p, r))) return `locked pair missing ${p}/${r}`;
  for (const r of inst.reviewers) {
    const l = load.get(r.id) ?? 0;
    if (l > r.maxLoad || l < (r.minLoad ?? 0)) return `load ${l} of ${r.id} outside [${r.minLoad ?? 0},${r.maxLoad}]`;
  }
  for (const p of inst.projects) {
    const as = perP.get(p.id) ?? [];
    if (as.length !== p.reviewers) return `${p.id} has ${as.length} reviewers, wants ${p.reviewers}`;
    for (const d of p.requires) {
      const c = as.filter((a) => a.covers === d);
      if (c.length < 1) return `${p.id} lacks a reviewer covering ${d}`;
      for (const a of c)
        if (!rv.get(a.reviewer)!.disciplines.includes(d)) return `${a.reviewer} covers ${d} without holding it`;
    }
  }
  const eps = 1e-6 * Math.max(1, sol.assignments.length);
  if (Math.abs(sum - sol.objective) > eps)
    return `reported objective ${sol.objective} but pairs sum to ${sum.toFixed(3)}`;
  if (reference !== undefined && sum < reference - eps)
    return `objective ${sum.toFixed(3)} below optimum ${reference.toFixed(3)}`;
  return null;
}
