import { CONFLICT_RULES, type ConflictReason } from './types';
import { type Aff, withinWindow, type World } from './world';

/**
 * The conflict rules, one function each, for one reviewer (by position) over the indexed world:
 * each adds (project, reason) for every project the rule reaches. Work is proportional to the
 * conflicts found, never to projects × reviewers.
 */
type Add = (p: number, reason: ConflictReason) => void;
type Rule = (w: World, r: number, add: Add) => void;

const span = (a: Aff) => `${a.from ?? '…'} – ${a.to ?? 'now'}`;
const spanZh = (a: Aff) => `${a.from ?? '…'} 至 ${a.to ?? '今'}`;
const memberIdIn = (w: World, p: number, c: number) => w.projects[p].members.find((m) => m.canon === c)?.id ?? '';

/** The reviewer is on the team (possibly as another record with the same e-mail or ORCID). */
const teamMember: Rule = (w, r, add) => {
  const c = w.reviewerCanon[r];
  const rid = w.ds.reviewers[r];
  for (const p of w.memberProjects[c] ?? []) {
    const mid = memberIdIn(w, p, c);
    add(p, {
      rule: 'TEAM_MEMBER',
      person: mid,
      evidence: mid === rid ? `${rid} is on the team` : `${rid} is ${mid} on the team (same e-mail or ORCID)`,
      evidenceZh: mid === rid ? `${rid} 是项目团队成员` : `${rid} 即团队成员 ${mid}（同一邮箱或 ORCID）`,
    });
  }
};

/** The reviewer applies in the same call: every other project of that call. */
const sameCall: Rule = (w, r, add) => {
  const rid = w.ds.reviewers[r];
  for (const p0 of w.memberProjects[w.reviewerCanon[r]] ?? []) {
    const call = w.projects[p0].call;
    if (!call) continue;
    for (const p of w.callProjects.get(call)!)
      if (p !== p0)
        add(p, {
          rule: 'SAME_CALL_APPLICANT',
          evidence: `${rid} is a member of ${w.projects[p0].id} in the same call ${call}`,
          evidenceZh: `${rid} 是同一批次 ${call} 中项目 ${w.projects[p0].id} 的成员`,
        });
  }
};

/** The reviewer's institution (now or within the window) leads, cooperates on, or employs a member of the project. */
const institution: Rule = (w, r, add) => {
  const rid = w.ds.reviewers[r];
  const seen = new Set<string>();
  for (const a of w.affs[w.reviewerCanon[r]] ?? []) {
    if (!withinWindow(w, a)) continue;
    const rAff = a.via ? `e-mail ${a.via}` : span(a);
    const rAffZh = a.via ? `邮箱 ${a.via}` : spanZh(a);
    const where = w.instNames[a.inst];
    // the lead and cooperating texts are the same for every project the institution touches: one
    // string each, shared (a big institution leads hundreds of projects)
    let lead: [string, string] | undefined;
    let coop: [string, string] | undefined;
    for (const link of w.instLinks[a.inst]) {
      const key = `${link.p}:${a.inst}:${link.member ?? link.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const [evidence, evidenceZh] =
        link.kind === 'MEMBER'
          ? [
              `${rid} affiliated with ${where} (${rAff}); team member ${link.member} affiliated there (${link.aff!.via ? `e-mail ${link.aff!.via}` : span(link.aff!)})`,
              `${rid} 任职于 ${where}（${rAffZh}）；团队成员 ${link.member} 也在该单位（${link.aff!.via ? `邮箱 ${link.aff!.via}` : spanZh(link.aff!)}）`,
            ]
          : link.kind === 'LEAD'
            ? (lead ??= [
                `${rid} affiliated with ${where} (${rAff}), the lead institution`,
                `${rid} 任职于 ${where}（${rAffZh}），该单位是项目的依托单位`,
              ])
            : (coop ??= [
                `${rid} affiliated with ${where} (${rAff}), a cooperating institution`,
                `${rid} 任职于 ${where}（${rAffZh}），该单位是项目的合作单位`,
              ]);
      add(
        link.p,
        link.kind === 'MEMBER'
          ? { rule: 'INSTITUTION', person: link.member!, institution: w.instIds[a.inst], evidence, evidenceZh }
          : { rule: 'INSTITUTION', institution: w.instIds[a.inst], evidence, evidenceZh },
      );
    }
  }
};

/** The reviewer and a team member share an institutional e-mail domain. */
const emailDomain: Rule = (w, r, add) => {
  const c = w.reviewerCanon[r];
  const rid = w.ds.reviewers[r];
  for (const d of w.domains[c] ?? [])
    for (const m of w.domainMembers.get(d) ?? []) {
      if (m === c) continue;
      for (const p of w.memberProjects[m]!) {
        const mid = memberIdIn(w, p, m);
        add(p, {
          rule: 'EMAIL_DOMAIN',
          person: mid,
          evidence: `${rid} and ${mid} share the e-mail domain ${d}`,
          evidenceZh: `${rid} 与 ${mid} 的邮箱同属域名 ${d}`,
        });
      }
    }
};

/** The reviewer co-authored with a team member within the window. */
const coauthor: Rule = (w, r, add) => {
  const pubs = w.ds.publications ?? [];
  for (const [m, pubIdx] of w.coLinks[r]) {
    const papers = pubIdx.map((k) => `${pubs[k].id} (${pubs[k].year})`);
    const text =
      papers.length > 3 ? `${papers.slice(0, 3).join(', ')} and ${papers.length - 3} more` : papers.join(', ');
    const textZh = papers.length > 3 ? `${papers.slice(0, 3).join('、')} 等 ${papers.length} 篇` : papers.join('、');
    for (const p of w.memberProjects[m]!)
      add(p, {
        rule: 'COAUTHOR',
        person: memberIdIn(w, p, m),
        evidence: `co-authored ${text}`,
        evidenceZh: `合作发表 ${textZh}`,
      });
  }
};

/** Advisor, advisee or family of a team member. */
const relation: Rule = (w, r, add) => {
  const rid = w.ds.reviewers[r];
  for (const rel of w.relOf.get(w.reviewerCanon[r]) ?? [])
    for (const p of w.memberProjects[rel.other] ?? [])
      add(p, {
        rule: rel.rule,
        person: memberIdIn(w, p, rel.other),
        evidence: `${rid} is ${rel.text}`,
        evidenceZh: `${rid} ${rel.textZh}`,
      });
};

/** Declared by the reviewer or excluded by the applicant. */
const listed: Rule = (w, r, add) => {
  for (const { p, reason } of w.listed[r]) add(p, reason);
};

const RULES: Rule[] = [teamMember, sameCall, institution, emailDomain, coauthor, relation, listed];
const RULE_ORDER = new Map(CONFLICT_RULES.map((r, i) => [r, i]));
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every project the reviewer conflicts with, each with its reasons in rule order, then by person or institution. */
export function reasonsOf(w: World, r: number): Map<number, ConflictReason[]> {
  const hits = new Map<number, ConflictReason[]>();
  const add: Add = (p, reason) => {
    const l = hits.get(p);
    if (l) l.push(reason);
    else hits.set(p, [reason]);
  };
  for (const rule of RULES) rule(w, r, add);
  for (const reasons of hits.values())
    if (reasons.length > 1)
      reasons.sort(
        (a, b) =>
          RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)! ||
          cmp(a.person ?? a.institution ?? '', b.person ?? b.institution ?? ''),
      );
  return hits;
}
