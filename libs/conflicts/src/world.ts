import { identityGroups } from './identity';
import { institutionalDomain, normalizeName, parseDate } from './normalize';
import type { ConflictReason } from './types';
import { bad, isObj, type Checked } from './validate';

/**
 * The dataset indexed for the rules: institutions by name, alias and e-mail domain; persons merged
 * when they share an e-mail or ORCID; affiliations per person; projects by member, institution,
 * e-mail domain and call; co-authorships and relations from reviewers to team members. Each record
 * is checked as it is indexed, and a bad one is named with its position and id.
 */

export interface Aff {
  inst: number;
  from: string | null;
  to: string | null;
  /** an e-mail address when the affiliation comes from an institutional domain */
  via: string | null;
}

export interface Project {
  id: string;
  call: string | null;
  lead: number;
  coop: number[];
  members: { id: string; canon: number }[];
}

export type InstLink = { p: number; kind: 'LEAD' | 'COOP' | 'MEMBER'; member: string | null; aff: Aff | null };
export type Relation = { other: number; rule: 'ADVISOR' | 'FAMILY'; text: string; textZh: string };

export interface World extends Checked {
  instIds: string[];
  instNames: string[];
  /** person index → the index of the record it was merged into */
  canon: Int32Array;
  /** per canonical person */
  affs: (Aff[] | undefined)[];
  domains: (string[] | undefined)[];
  memberProjects: (number[] | undefined)[];
  projects: Project[];
  instLinks: InstLink[][];
  domainMembers: Map<string, number[]>;
  callProjects: Map<string, number[]>;
  /** per reviewer position */
  reviewerCanon: number[];
  coLinks: Map<number, number[]>[];
  listed: { p: number; reason: ConflictReason }[][];
  relOf: Map<number, Relation[]>;
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);

function indexInstitutions(c: Checked) {
  const instIds: string[] = [];
  const instNames: string[] = [];
  const byKey = new Map<string, number>();
  const byDomain = new Map<string, number>();
  (c.ds.institutions ?? []).forEach((inst, i) => {
    if (!isObj(inst) || typeof inst.id !== 'string' || typeof inst.name !== 'string')
      bad(`institutions[${i}]`, 'needs string id and name');
    const idx = instIds.length;
    instIds.push(inst.id);
    instNames.push(inst.name);
    for (const k of [inst.id, inst.name, ...(Array.isArray(inst.aliases) ? inst.aliases : [])]) {
      if (typeof k !== 'string') bad(`institutions[${i}].aliases`, 'must be strings');
      const n = normalizeName(k);
      const prev = byKey.get(n);
      if (prev !== undefined && prev !== idx)
        bad(`institutions[${i}]`, `name or alias '${k}' is also used by institution ${instIds[prev]}`);
      byKey.set(n, idx);
    }
    for (const d of inst.emailDomains ?? []) {
      const reg = institutionalDomain(String(d));
      if (reg) byDomain.set(reg, idx);
    }
  });
  const instRef = (field: string, ref: unknown): number => {
    if (typeof ref !== 'string') return bad(field, 'must name an institution (id, name or alias)');
    return byKey.get(normalizeName(ref)) ?? bad(field, `unknown institution '${ref}'`);
  };
  return { instIds, instNames, byDomain, instRef };
}

/** Persons merged (union–find, `identityGroups`) when they share an e-mail (case-insensitive) or an ORCID. */
function mergePersons(c: Checked) {
  const persons = c.ds.persons;
  const n = persons.length;
  const personIdx = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const p = persons[i];
    if (!isObj(p) || typeof p.id !== 'string') bad(`persons[${i}]`, 'needs a string id');
    if (personIdx.has(p.id)) bad(`persons[${i}].id`, `duplicate person id ${p.id}`);
    personIdx.set(p.id, i);
    if (p.emails !== undefined && !Array.isArray(p.emails)) bad(`persons[${i}] (${p.id}).emails`, 'must be an array');
  }
  const canon = identityGroups(persons);
  const personRef = (field: string, ref: unknown): number => {
    const i = typeof ref === 'string' ? personIdx.get(ref) : undefined;
    return i ?? bad(field, `unknown person ${JSON.stringify(ref)}`);
  };
  return { canon, personRef };
}

/** Affiliations per canonical person (records merged), plus those implied by institutional e-mails. */
function indexAffiliations(
  c: Checked,
  canon: Int32Array,
  insts: Pick<ReturnType<typeof indexInstitutions>, 'byDomain' | 'instRef'>,
) {
  const n = c.ds.persons.length;
  const affs: (Aff[] | undefined)[] = new Array(n);
  const domains: (string[] | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = c.ds.persons[i];
    const k0 = canon[i];
    const list = p.affiliations ?? [];
    if (!Array.isArray(list)) bad(`persons[${i}] (${p.id}).affiliations`, 'must be an array');
    for (let k = 0; k < list.length; k++) {
      const a = list[k];
      const f = `persons[${i}] (${p.id}).affiliations[${k}]`;
      if (!isObj(a)) bad(f, 'must be an object');
      const inst = insts.instRef(`${f}.institution`, a.institution);
      const from =
        a.from == null
          ? null
          : (parseDate(a.from) ?? bad(`${f}.from`, `malformed date ${JSON.stringify(a.from)} (expected YYYY-MM-DD)`));
      const to =
        a.to == null
          ? null
          : (parseDate(a.to) ?? bad(`${f}.to`, `malformed date ${JSON.stringify(a.to)} (expected YYYY-MM-DD or null)`));
      if (from && to && to < from) bad(f, `ends (${to}) before it starts (${from})`);
      (affs[k0] ??= []).push({ inst, from, to, via: null });
    }
    for (const e of p.emails ?? []) {
      const d = institutionalDomain(String(e));
      if (!d) continue;
      const ds2 = (domains[k0] ??= []);
      if (!ds2.includes(d)) ds2.push(d);
      const inst = insts.byDomain.get(d);
      if (inst !== undefined) (affs[k0] ??= []).push({ inst, from: null, to: null, via: String(e) });
    }
  }
  return { affs, domains };
}

/** Active on the reference date (members' institutions count only while they are there). */
export const activeAt = (w: Checked, a: Aff) =>
  (a.from === null || a.from <= w.asOf) && (a.to === null || a.to >= w.asOf);
/** Within the former-affiliation window (reviewers' institutions count for a few years after). */
export const withinWindow = (w: Checked, a: Aff) =>
  (a.from === null || a.from <= w.asOf) && (a.to === null || a.to >= w.formerSince);

/** Projects with their institutions and members; links from each institution to its projects. */
function indexProjects(
  c: Checked,
  canon: Int32Array,
  personRef: (field: string, ref: unknown) => number,
  instRef: (field: string, ref: unknown) => number,
  instCount: number,
  affs: (Aff[] | undefined)[],
  domains: (string[] | undefined)[],
) {
  const n = c.ds.persons.length;
  const projects: Project[] = [];
  const projectIdx = new Map<string, number>();
  const memberProjects: (number[] | undefined)[] = new Array(n);
  const instLinks: InstLink[][] = Array.from({ length: instCount }, () => []);
  const domainMembers = new Map<string, number[]>();
  const callProjects = new Map<string, number[]>();
  const stamp = new Int32Array(instCount).fill(-1);
  c.ds.projects.forEach((pr, pi) => {
    const f = `projects[${pi}]`;
    if (!isObj(pr) || typeof pr.id !== 'string') bad(f, 'needs a string id');
    if (projectIdx.has(pr.id)) bad(`${f}.id`, `duplicate project id ${pr.id}`);
    projectIdx.set(pr.id, pi);
    const lead = pr.leadInstitution == null ? -1 : instRef(`${f} (${pr.id}).leadInstitution`, pr.leadInstitution);
    if (pr.cooperatingInstitutions !== undefined && !Array.isArray(pr.cooperatingInstitutions))
      bad(`${f} (${pr.id}).cooperatingInstitutions`, 'must be an array');
    const coop = (pr.cooperatingInstitutions ?? []).map((x, k) =>
      instRef(`${f} (${pr.id}).cooperatingInstitutions[${k}]`, x),
    );
    if (!Array.isArray(pr.members)) bad(`${f} (${pr.id}).members`, 'must be an array');
    const members: Project['members'] = [];
    pr.members.forEach((m, k) => {
      if (!isObj(m)) bad(`${f} (${pr.id}).members[${k}]`, 'must be { person, role }');
      const k0 = canon[personRef(`${f} (${pr.id}).members[${k}].person`, m.person)];
      if (members.some((x) => x.canon === k0)) return;
      members.push({ id: m.person, canon: k0 });
    });
    projects.push({ id: pr.id, call: pr.call ?? null, lead, coop, members });
    if (pr.call) push(callProjects, pr.call, pi);
    if (lead >= 0 && stamp[lead] !== pi) {
      stamp[lead] = pi;
      instLinks[lead].push({ p: pi, kind: 'LEAD', member: null, aff: null });
    }
    for (const k of coop) {
      if (stamp[k] === pi) continue;
      stamp[k] = pi;
      instLinks[k].push({ p: pi, kind: 'COOP', member: null, aff: null });
    }
    for (const m of members) {
      (memberProjects[m.canon] ??= []).push(pi);
      for (const a of affs[m.canon] ?? []) {
        if (!activeAt(c, a) || stamp[a.inst] === pi) continue;
        stamp[a.inst] = pi;
        instLinks[a.inst].push({ p: pi, kind: 'MEMBER', member: m.id, aff: a });
      }
    }
  });
  for (let k = 0; k < n; k++) {
    if (!memberProjects[k] || !domains[k]) continue;
    for (const d of domains[k]!) push(domainMembers, d, k);
  }
  return { projects, projectIdx, memberProjects, instLinks, domainMembers, callProjects };
}

/** Co-authorships within the window: reviewer → team member → publications. */
function indexCoauthors(
  c: Checked,
  canon: Int32Array,
  personRef: (field: string, ref: unknown) => number,
  reviewerCanon: number[],
  memberProjects: (number[] | undefined)[],
) {
  const reviewersOfCanon = new Map<number, number[]>();
  reviewerCanon.forEach((k, i) => push(reviewersOfCanon, k, i));
  const coLinks: Map<number, number[]>[] = reviewerCanon.map(() => new Map());
  const pubs = c.ds.publications ?? [];
  const authorBuf: number[] = [];
  for (let k = 0; k < pubs.length; k++) {
    const pub = pubs[k];
    if (!isObj(pub) || !Array.isArray(pub.authors)) bad(`publications[${k}]`, 'needs an authors array');
    if (typeof pub.year !== 'number' || !Number.isInteger(pub.year))
      bad(`publications[${k}] (${pub.id}).year`, `must be a whole year (got ${JSON.stringify(pub.year)})`);
    authorBuf.length = 0;
    let hasReviewer = false;
    for (let j = 0; j < pub.authors.length; j++) {
      const a = canon[personRef(`publications[${k}] (${pub.id}).authors[${j}]`, pub.authors[j])];
      authorBuf.push(a);
      if (reviewersOfCanon.has(a)) hasReviewer = true;
    }
    if (!hasReviewer || pub.year < c.collabFromYear) continue;
    for (const rc of authorBuf) {
      const revs = reviewersOfCanon.get(rc);
      if (!revs) continue;
      for (const mc of authorBuf) {
        if (mc === rc || !memberProjects[mc]) continue;
        for (const r of revs) {
          const l = coLinks[r].get(mc);
          if (l === undefined) coLinks[r].set(mc, [k]);
          else if (l[l.length - 1] !== k) l.push(k);
        }
      }
    }
  }
  return coLinks;
}

/** Advisor and family relations, both ways, between canonical persons. */
function indexRelations(c: Checked, canon: Int32Array, personRef: (field: string, ref: unknown) => number) {
  const relOf = new Map<number, Relation[]>();
  const addRel = (a: number, b: number, rule: Relation['rule'], text: string, textZh: string) => {
    if (a !== b) push(relOf, a, { other: b, rule, text, textZh });
  };
  (c.ds.relations ?? []).forEach((rel, k) => {
    const f = `relations[${k}]`;
    if (!isObj(rel)) bad(f, 'must be an object');
    if (rel.type === 'ADVISOR') {
      const a = canon[personRef(`${f}.advisor`, rel.advisor)];
      const b = canon[personRef(`${f}.advisee`, rel.advisee)];
      addRel(a, b, 'ADVISOR', `advisor of ${rel.advisee}`, `是 ${rel.advisee} 的导师`);
      addRel(b, a, 'ADVISOR', `advisee of ${rel.advisor}`, `是 ${rel.advisor} 指导的学生`);
    } else if (rel.type === 'FAMILY') {
      if (!Array.isArray(rel.persons) || rel.persons.length < 2) bad(`${f}.persons`, 'must list at least two persons');
      const cs = rel.persons.map((p, j) => canon[personRef(`${f}.persons[${j}]`, p)]);
      for (let x = 0; x < cs.length; x++)
        for (let y = 0; y < cs.length; y++)
          if (x !== y)
            addRel(cs[x], cs[y], 'FAMILY', `family relation with ${rel.persons[y]}`, `与 ${rel.persons[y]} 有亲属关系`);
    } else bad(`${f}.type`, `must be ADVISOR or FAMILY (got ${JSON.stringify((rel as { type?: unknown }).type)})`);
  });
  return relOf;
}

/** Pairs listed outright: declared by the reviewer, or excluded by the applicant (at most 3 each). */
function indexListed(c: Checked, projectIdx: Map<string, number>) {
  const reviewerPos = new Map<string, number[]>();
  c.ds.reviewers.forEach((r, i) => push(reviewerPos, r, i));
  const listed: { p: number; reason: ConflictReason }[][] = c.ds.reviewers.map(() => []);
  const exclusionsPerProject = new Map<string, number>();
  for (const [key, rule] of [
    ['declared', 'DECLARED'],
    ['excludedByApplicant', 'EXCLUDED_BY_APPLICANT'],
  ] as const) {
    (c.ds[key] ?? []).forEach((d, k) => {
      const f = `${key}[${k}]`;
      if (!isObj(d)) bad(f, 'must be { project, reviewer }');
      const p = projectIdx.get(d.project) ?? bad(`${f}.project`, `unknown project ${JSON.stringify(d.project)}`);
      const rs = reviewerPos.get(d.reviewer) ?? bad(`${f}.reviewer`, `${JSON.stringify(d.reviewer)} is not a reviewer`);
      if (rule === 'EXCLUDED_BY_APPLICANT') {
        const cnt = (exclusionsPerProject.get(d.project) ?? 0) + 1;
        exclusionsPerProject.set(d.project, cnt);
        if (cnt > 3) bad(f, `project ${d.project} names more than 3 reviewers to exclude (at most 3 per application)`);
      }
      const evidence =
        rule === 'DECLARED'
          ? `declared by the reviewer${d.reason ? `: ${d.reason}` : ''}`
          : `excluded by the applicant${d.reason ? `: ${d.reason}` : ''}`;
      const evidenceZh =
        rule === 'DECLARED'
          ? `评审专家主动声明${d.reason ? `：${d.reason}` : ''}`
          : `申请人建议回避${d.reason ? `：${d.reason}` : ''}`;
      for (const r of rs) listed[r].push({ p, reason: { rule, person: d.reviewer, evidence, evidenceZh } });
    });
  }
  return listed;
}

/** Every index the rules read, built in one pass over each part of the dataset. */
export function buildWorld(c: Checked): World {
  const insts = indexInstitutions(c);
  const { canon, personRef } = mergePersons(c);
  const { affs, domains } = indexAffiliations(c, canon, insts);
  const prj = indexProjects(c, canon, personRef, insts.instRef, insts.instIds.length, affs, domains);
  const reviewerCanon = c.ds.reviewers.map((r, i) => canon[personRef(`reviewers[${i}]`, r)]);
  return {
    ...c,
    instIds: insts.instIds,
    instNames: insts.instNames,
    canon,
    affs,
    domains,
    memberProjects: prj.memberProjects,
    projects: prj.projects,
    instLinks: prj.instLinks,
    domainMembers: prj.domainMembers,
    callProjects: prj.callProjects,
    reviewerCanon,
    coLinks: indexCoauthors(c, canon, personRef, reviewerCanon, prj.memberProjects),
    relOf: indexRelations(c, canon, personRef),
    listed: indexListed(c, prj.projectIdx),
  };
}
