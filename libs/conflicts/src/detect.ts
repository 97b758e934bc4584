import { institutionalDomain, minusYears, normalizeName, parseDate } from './normalize';
import { resolvePolicy } from './policy';
import {
  CONFLICT_RULES,
  ConflictInputError,
  type ConflictDataset,
  type ConflictPair,
  type ConflictReason,
  type ConflictResult,
} from './types';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (field: string, msg: string): never => {
  throw new ConflictInputError(field, msg);
};
const RULE_ORDER = new Map(CONFLICT_RULES.map((r, i) => [r, i]));

interface Aff {
  inst: number;
  from: string | null;
  to: string | null;
  via: string | null; // an e-mail address when the affiliation comes from an institutional domain
}
interface Project {
  id: string;
  call: string | null;
  lead: number;
  coop: number[];
  members: { id: string; canon: number }[];
}
type InstLink = { p: number; kind: 'LEAD' | 'COOP' | 'MEMBER'; member: string | null; aff: Aff | null };

const span = (a: Aff) => `${a.from ?? '…'} – ${a.to ?? 'now'}`;
const spanZh = (a: Aff) => `${a.from ?? '…'} 至 ${a.to ?? '今'}`;

/**
 * 回避: every (project, reviewer) pair in conflict, with every reason and its evidence
 * (docs/contract/conflicts.md). Indexes by person, institution, e-mail domain and co-author make
 * the work proportional to the conflicts found, never to projects × reviewers.
 */
export function detectConflicts(raw: unknown): ConflictResult {
  if (!isObj(raw)) return bad('input', 'must be a JSON object');
  const ds = raw as unknown as ConflictDataset;
  const asOf = parseDate(ds.asOf) ?? bad('asOf', `must be a date YYYY-MM-DD (got ${JSON.stringify(ds.asOf)})`);
  const policy = resolvePolicy(ds.policy as ConflictDataset['policy']);
  const collabFromYear = Number(asOf.slice(0, 4)) - policy.collaboratorYears;
  const formerSince = minusYears(asOf, policy.formerAffiliationYears);

  // ---- institutions: id, name and aliases (normalised) → index; e-mail domains → index
  const instIds: string[] = [];
  const instNames: string[] = [];
  const instByKey = new Map<string, number>();
  const instByDomain = new Map<string, number>();
  const institutions = ds.institutions ?? [];
  if (!Array.isArray(institutions)) bad('institutions', 'must be an array');
  institutions.forEach((inst, i) => {
    if (!isObj(inst) || typeof inst.id !== 'string' || typeof inst.name !== 'string')
      bad(`institutions[${i}]`, 'needs string id and name');
    const idx = instIds.length;
    instIds.push(inst.id);
    instNames.push(inst.name);
    const keys = [inst.id, inst.name, ...(Array.isArray(inst.aliases) ? inst.aliases : [])];
    for (const k of keys) {
      if (typeof k !== 'string') bad(`institutions[${i}].aliases`, 'must be strings');
      const n = normalizeName(k);
      const prev = instByKey.get(n);
      if (prev !== undefined && prev !== idx)
        bad(`institutions[${i}]`, `name or alias '${k}' is also used by institution ${instIds[prev]}`);
      instByKey.set(n, idx);
    }
    for (const d of inst.emailDomains ?? []) {
      const reg = institutionalDomain(String(d));
      if (reg) instByDomain.set(reg, idx);
    }
  });
  const instRef = (field: string, ref: unknown): number => {
    if (typeof ref !== 'string') return bad(field, 'must name an institution (id, name or alias)');
    const i = instByKey.get(normalizeName(ref));
    return i ?? bad(field, `unknown institution '${ref}'`);
  };

  // ---- persons, merged when they share an e-mail (case-insensitive) or an ORCID
  if (!Array.isArray(ds.persons)) bad('persons', 'must be an array');
  const n = ds.persons.length;
  const personIdx = new Map<string, number>();
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
  const byEmail = new Map<string, number>();
  const byOrcid = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const p = ds.persons[i];
    if (!isObj(p) || typeof p.id !== 'string') bad(`persons[${i}]`, 'needs a string id');
    if (personIdx.has(p.id)) bad(`persons[${i}].id`, `duplicate person id ${p.id}`);
    personIdx.set(p.id, i);
    if (p.emails !== undefined && !Array.isArray(p.emails)) bad(`persons[${i}] (${p.id}).emails`, 'must be an array');
    for (const e of p.emails ?? []) {
      const k = String(e).trim().toLowerCase();
      if (!k) continue;
      const j = byEmail.get(k);
      if (j === undefined) byEmail.set(k, i);
      else union(i, j);
    }
    if (p.orcid) {
      const k = String(p.orcid).trim().toUpperCase();
      const j = byOrcid.get(k);
      if (j === undefined) byOrcid.set(k, i);
      else union(i, j);
    }
  }
  const canon = new Int32Array(n);
  for (let i = 0; i < n; i++) canon[i] = find(i);
  const personRef = (field: string, ref: unknown): number => {
    const i = typeof ref === 'string' ? personIdx.get(ref) : undefined;
    return i ?? bad(field, `unknown person ${JSON.stringify(ref)}`);
  };

  // Affiliations per canonical person (records merged), plus those implied by institutional e-mails.
  const affs: (Aff[] | undefined)[] = new Array(n);
  const domains: (string[] | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = ds.persons[i];
    const c = canon[i];
    const list = p.affiliations ?? [];
    if (!Array.isArray(list)) bad(`persons[${i}] (${p.id}).affiliations`, 'must be an array');
    for (let k = 0; k < list.length; k++) {
      const a = list[k];
      const f = `persons[${i}] (${p.id}).affiliations[${k}]`;
      if (!isObj(a)) bad(f, 'must be an object');
      const inst = instRef(`${f}.institution`, a.institution);
      const from =
        a.from == null
          ? null
          : (parseDate(a.from) ?? bad(`${f}.from`, `malformed date ${JSON.stringify(a.from)} (expected YYYY-MM-DD)`));
      const to =
        a.to == null
          ? null
          : (parseDate(a.to) ?? bad(`${f}.to`, `malformed date ${JSON.stringify(a.to)} (expected YYYY-MM-DD or null)`));
      if (from && to && to < from) bad(f, `ends (${to}) before it starts (${from})`);
      (affs[c] ??= []).push({ inst, from, to, via: null });
    }
    for (const e of p.emails ?? []) {
      const d = institutionalDomain(String(e));
      if (!d) continue;
      const ds2 = (domains[c] ??= []);
      if (!ds2.includes(d)) ds2.push(d);
      const inst = instByDomain.get(d);
      if (inst !== undefined) (affs[c] ??= []).push({ inst, from: null, to: null, via: String(e) });
    }
  }
  const activeAt = (a: Aff) => (a.from === null || a.from <= asOf) && (a.to === null || a.to >= asOf);
  const withinWindow = (a: Aff) => (a.from === null || a.from <= asOf) && (a.to === null || a.to >= formerSince);

  // ---- projects and the indexes by member, institution, e-mail domain and call
  if (!Array.isArray(ds.projects)) bad('projects', 'must be an array');
  const projects: Project[] = [];
  const projectIdx = new Map<string, number>();
  const memberProjects: (number[] | undefined)[] = new Array(n);
  const instLinks: InstLink[][] = instIds.map(() => []);
  const domainMembers = new Map<string, number[]>();
  const callProjects = new Map<string, number[]>();
  const stamp = new Int32Array(instIds.length).fill(-1);
  ds.projects.forEach((pr, pi) => {
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
      const c = canon[personRef(`${f} (${pr.id}).members[${k}].person`, m.person)];
      if (members.some((x) => x.canon === c)) return;
      members.push({ id: m.person, canon: c });
    });
    projects.push({ id: pr.id, call: pr.call ?? null, lead, coop, members });
    if (pr.call) (callProjects.get(pr.call) ?? callProjects.set(pr.call, []).get(pr.call)!).push(pi);
    if (lead >= 0 && stamp[lead] !== pi) {
      stamp[lead] = pi;
      instLinks[lead].push({ p: pi, kind: 'LEAD', member: null, aff: null });
    }
    for (const c of coop) {
      if (stamp[c] === pi) continue;
      stamp[c] = pi;
      instLinks[c].push({ p: pi, kind: 'COOP', member: null, aff: null });
    }
    for (const m of members) {
      (memberProjects[m.canon] ??= []).push(pi);
      for (const a of affs[m.canon] ?? []) {
        if (!activeAt(a) || stamp[a.inst] === pi) continue;
        stamp[a.inst] = pi;
        instLinks[a.inst].push({ p: pi, kind: 'MEMBER', member: m.id, aff: a });
      }
    }
  });
  for (let c = 0; c < n; c++) {
    if (!memberProjects[c] || !domains[c]) continue;
    for (const d of domains[c]!) (domainMembers.get(d) ?? domainMembers.set(d, []).get(d)!).push(c);
  }
  const memberIdIn = (p: number, c: number) => projects[p].members.find((m) => m.canon === c)?.id ?? '';

  // ---- reviewers
  if (!Array.isArray(ds.reviewers)) bad('reviewers', 'must be an array of person ids');
  const reviewerCanon = ds.reviewers.map((r, i) => canon[personRef(`reviewers[${i}]`, r)]);
  const reviewersOfCanon = new Map<number, number[]>();
  reviewerCanon.forEach((c, i) => (reviewersOfCanon.get(c) ?? reviewersOfCanon.set(c, []).get(c)!).push(i));

  // ---- co-authorships within the window: reviewer → team member → publications
  const coLinks: Map<number, number[]>[] = reviewerCanon.map(() => new Map());
  const pubs = ds.publications ?? [];
  if (!Array.isArray(pubs)) bad('publications', 'must be an array');
  const authorBuf: number[] = [];
  for (let k = 0; k < pubs.length; k++) {
    const pub = pubs[k];
    if (!isObj(pub) || !Array.isArray(pub.authors)) bad(`publications[${k}]`, 'needs an authors array');
    if (typeof pub.year !== 'number' || !Number.isInteger(pub.year))
      bad(`publications[${k}] (${pub.id}).year`, `must be a whole year (got ${JSON.stringify(pub.year)})`);
    authorBuf.length = 0;
    let hasReviewer = false;
    for (let j = 0; j < pub.authors.length; j++) {
      const c = canon[personRef(`publications[${k}] (${pub.id}).authors[${j}]`, pub.authors[j])];
      authorBuf.push(c);
      if (reviewersOfCanon.has(c)) hasReviewer = true;
    }
    if (!hasReviewer || pub.year < collabFromYear) continue;
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

  // ---- relations
  const relOf = new Map<number, { other: number; rule: 'ADVISOR' | 'FAMILY'; text: string; textZh: string }[]>();
  const addRel = (a: number, b: number, rule: 'ADVISOR' | 'FAMILY', text: string, textZh: string) => {
    if (a === b) return;
    (relOf.get(a) ?? relOf.set(a, []).get(a)!).push({ other: b, rule, text, textZh });
  };
  (ds.relations ?? []).forEach((rel, k) => {
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

  // ---- declared and applicant exclusions
  const reviewerPos = new Map<string, number[]>();
  ds.reviewers.forEach((r, i) => (reviewerPos.get(r) ?? reviewerPos.set(r, []).get(r)!).push(i));
  const listed: { p: number; reason: ConflictReason }[][] = reviewerCanon.map(() => []);
  const exclusionsPerProject = new Map<string, number>();
  for (const [key, rule] of [
    ['declared', 'DECLARED'],
    ['excludedByApplicant', 'EXCLUDED_BY_APPLICANT'],
  ] as const) {
    const list = ds[key] ?? [];
    if (!Array.isArray(list)) bad(key, 'must be an array');
    list.forEach((d, k) => {
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

  // ---- per reviewer: collect reasons by project
  const out: { p: number; r: number; reasons: ConflictReason[] }[] = [];
  for (let r = 0; r < reviewerCanon.length; r++) {
    const c = reviewerCanon[r];
    const rid = ds.reviewers[r];
    const hits = new Map<number, ConflictReason[]>();
    const add = (p: number, reason: ConflictReason) => {
      const l = hits.get(p);
      if (l) l.push(reason);
      else hits.set(p, [reason]);
    };
    const own = memberProjects[c] ?? [];
    for (const p of own) {
      const mid = memberIdIn(p, c);
      add(p, {
        rule: 'TEAM_MEMBER',
        person: mid,
        evidence: mid === rid ? `${rid} is on the team` : `${rid} is ${mid} on the team (same e-mail or ORCID)`,
        evidenceZh: mid === rid ? `${rid} 是项目团队成员` : `${rid} 即团队成员 ${mid}（同一邮箱或 ORCID）`,
      });
    }
    for (const p0 of own) {
      const call = projects[p0].call;
      if (!call) continue;
      for (const p of callProjects.get(call)!) {
        if (p !== p0)
          add(p, {
            rule: 'SAME_CALL_APPLICANT',
            evidence: `${rid} is a member of ${projects[p0].id} in the same call ${call}`,
            evidenceZh: `${rid} 是同一批次 ${call} 中项目 ${projects[p0].id} 的成员`,
          });
      }
    }
    const seenInst = new Set<string>();
    for (const a of affs[c] ?? []) {
      if (!withinWindow(a)) continue;
      const rAff = a.via ? `e-mail ${a.via}` : `${span(a)}`;
      const rAffZh = a.via ? `邮箱 ${a.via}` : spanZh(a);
      for (const link of instLinks[a.inst]) {
        const key = `${link.p}:${a.inst}:${link.member ?? link.kind}`;
        if (seenInst.has(key)) continue;
        seenInst.add(key);
        const where = instNames[a.inst];
        const evidence =
          link.kind === 'MEMBER'
            ? `${rid} affiliated with ${where} (${rAff}); team member ${link.member} affiliated there (${link.aff!.via ? `e-mail ${link.aff!.via}` : span(link.aff!)})`
            : `${rid} affiliated with ${where} (${rAff}), ${link.kind === 'LEAD' ? 'the lead' : 'a cooperating'} institution`;
        const evidenceZh =
          link.kind === 'MEMBER'
            ? `${rid} 任职于 ${where}（${rAffZh}）；团队成员 ${link.member} 也在该单位（${link.aff!.via ? `邮箱 ${link.aff!.via}` : spanZh(link.aff!)}）`
            : `${rid} 任职于 ${where}（${rAffZh}），该单位是项目的${link.kind === 'LEAD' ? '依托单位' : '合作单位'}`;
        add(
          link.p,
          link.kind === 'MEMBER'
            ? { rule: 'INSTITUTION', person: link.member!, institution: instIds[a.inst], evidence, evidenceZh }
            : { rule: 'INSTITUTION', institution: instIds[a.inst], evidence, evidenceZh },
        );
      }
    }
    for (const d of domains[c] ?? []) {
      for (const m of domainMembers.get(d) ?? []) {
        if (m === c) continue;
        for (const p of memberProjects[m]!) {
          const mid = memberIdIn(p, m);
          add(p, {
            rule: 'EMAIL_DOMAIN',
            person: mid,
            evidence: `${rid} and ${mid} share the e-mail domain ${d}`,
            evidenceZh: `${rid} 与 ${mid} 的邮箱同属域名 ${d}`,
          });
        }
      }
    }
    for (const [m, pubIdx] of coLinks[r]) {
      const papers = pubIdx.map((k) => `${pubs[k].id} (${pubs[k].year})`);
      const text =
        papers.length > 3 ? `${papers.slice(0, 3).join(', ')} and ${papers.length - 3} more` : papers.join(', ');
      const textZh = papers.length > 3 ? `${papers.slice(0, 3).join('、')} 等 ${papers.length} 篇` : papers.join('、');
      for (const p of memberProjects[m]!)
        add(p, {
          rule: 'COAUTHOR',
          person: memberIdIn(p, m),
          evidence: `co-authored ${text}`,
          evidenceZh: `合作发表 ${textZh}`,
        });
    }
    for (const rel of relOf.get(c) ?? []) {
      for (const p of memberProjects[rel.other] ?? [])
        add(p, {
          rule: rel.rule,
          person: memberIdIn(p, rel.other),
          evidence: `${rid} is ${rel.text}`,
          evidenceZh: `${rid} ${rel.textZh}`,
        });
    }
    for (const { p, reason } of listed[r]) add(p, reason);
    for (const [p, reasons] of hits) {
      if (reasons.length > 1)
        reasons.sort(
          (a, b) =>
            RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)! ||
            cmp(a.person ?? a.institution ?? '', b.person ?? b.institution ?? ''),
        );
      out.push({ p, r, reasons });
    }
  }

  // ---- sorted by project id, then reviewer id (code-unit order)
  const pRank = rankOf(projects.map((p) => p.id));
  const rRank = rankOf(ds.reviewers);
  const R = ds.reviewers.length;
  out.sort((a, b) => pRank[a.p] * R + rRank[a.r] - (pRank[b.p] * R + rRank[b.r]));
  const conflicts: ConflictPair[] = new Array(out.length);
  for (let i = 0; i < out.length; i++)
    conflicts[i] = { project: projects[out[i].p].id, reviewer: ds.reviewers[out[i].r], reasons: out[i].reasons };
  return { conflicts };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function rankOf(ids: string[]): Int32Array {
  const order = ids.map((_, i) => i).sort((a, b) => cmp(ids[a], ids[b]) || a - b);
  const rank = new Int32Array(ids.length);
  order.forEach((i, k) => (rank[i] = k));
  return rank;
}
