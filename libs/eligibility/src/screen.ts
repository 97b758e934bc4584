import { CALL_2023, CONDITION_LABELS } from './call-2023';
import { parseInstant, validateInput } from './validate';
import type { Application, Discipline, Failure, ProgramConfig, ScreeningResult } from './types';

const DISC_ZH: Record<Discipline, string> = { MATH: '数学', MEDICINE: '医学', IT: '信息技术' };
const STATUS_ZH: Record<string, string> = { POSTDOC: '在站博士后', STUDENT: '在读研究生', NO_EMPLOYER: '无工作单位' };
const STATUS_EN: Record<string, string> = {
  POSTDOC: 'a postdoc in station',
  STUDENT: 'a graduate student',
  NO_EMPLOYER: 'without an employer',
};
const fmt = (n: number) => n.toLocaleString('en-US');

interface ResolvedProgram {
  opens: number;
  closes: number;
  windowText: { opens: string; closes: string };
  maxCoop: number;
  mathPrefixes: string[];
  directions: Map<number, { funding: number; conditions: string[] }>;
}

/** Applies the defaults of the 2023 call to whatever the programme does not say. */
export function resolveProgram(p: ProgramConfig = {}): ResolvedProgram {
  const window = p.window ?? CALL_2023.window;
  const directions = new Map(
    CALL_2023.directions.map((d) => [d.number, { funding: d.funding, conditions: d.conditions }]),
  );
  for (const d of p.directions ?? []) {
    const base = directions.get(d.number) ?? { funding: 0, conditions: [] };
    directions.set(d.number, { funding: d.funding ?? base.funding, conditions: d.conditions ?? base.conditions });
  }
  return {
    opens: parseInstant('program.window.opens', window.opens),
    closes: parseInstant('program.window.closes', window.closes),
    windowText: window,
    maxCoop: p.maxCooperatingInstitutions ?? CALL_2023.maxCooperatingInstitutions,
    mathPrefixes: (p.mathCodePrefixes ?? CALL_2023.mathCodePrefixes).map((x) => x.trim().toUpperCase()),
    directions,
  };
}

/**
 * 形式审查: screens every application against every rule of docs/contract/eligibility.md,
 * including the cross-application rules over the whole call. One result per application, in
 * input order, each failure with a bilingual message (Chinese first) naming what is at fault.
 */
export function screenApplications(rawInput: unknown): { results: ScreeningResult[] } {
  const input = validateInput(rawInput);
  const prog = resolveProgram(input.program);
  const apps = input.applications;

  // Cross-application indexes: person → directions (with the applications), PI → applications.
  const directionsOf = new Map<string, Map<number, string[]>>();
  const piOf = new Map<string, string[]>();
  for (const a of apps) {
    for (const m of a.members) {
      const byDir = directionsOf.get(m.person) ?? new Map<number, string[]>();
      directionsOf.set(m.person, byDir);
      const list = byDir.get(a.direction) ?? [];
      if (!list.includes(a.id)) list.push(a.id);
      byDir.set(a.direction, list);
      if (m.role === 'PI') {
        const l = piOf.get(m.person) ?? [];
        if (!l.includes(a.id)) l.push(a.id);
        piOf.set(m.person, l);
      }
    }
  }

  return {
    results: apps.map((a) => {
      const failures = screenOne(a, prog, directionsOf, piOf);
      return { application: a.id, eligible: failures.length === 0, failures };
    }),
  };
}

function screenOne(
  a: Application,
  prog: ResolvedProgram,
  directionsOf: Map<string, Map<number, string[]>>,
  piOf: Map<string, string[]>,
): Failure[] {
  const f: Failure[] = [];
  const pis = a.members.filter((m) => m.role === 'PI');
  const copis = a.members.filter((m) => m.role === 'CO_PI');

  if (pis.length !== 1 || copis.length !== 1) {
    f.push({
      rule: 'TWO_PIS',
      message: `须有且仅有一名负责人（PI）和一名共同负责人（CO_PI），现有 PI ${pis.length} 名、CO_PI ${copis.length} 名 / exactly one PI and one CO_PI required, found ${pis.length} PI and ${copis.length} CO_PI`,
    });
  }
  const applicant = pis.length === 1 ? pis[0] : undefined;
  if (applicant) {
    if (applicant.ledBasicResearch !== true) {
      f.push({
        rule: 'APPLICANT_RESEARCH_LEAD',
        message: `申请人 ${applicant.person} 未主持过基础研究项目 / applicant ${applicant.person} has not led basic research`,
      });
    }
    if (applicant.seniorTitle !== true) {
      f.push({
        rule: 'APPLICANT_SENIOR_TITLE',
        message: `申请人 ${applicant.person} 不具有高级专业技术职务（职称） / applicant ${applicant.person} holds no senior professional title`,
      });
    }
    if (applicant.status && applicant.status !== 'EMPLOYED') {
      f.push({
        rule: 'APPLICANT_STATUS',
        message: `申请人 ${applicant.person} 为${STATUS_ZH[applicant.status]}，不得作为申请人申请 / applicant ${applicant.person} is ${STATUS_EN[applicant.status]} and may not apply`,
      });
    }
  }

  const seen = new Set<string>();
  for (const m of a.members) {
    if (seen.has(m.person)) continue;
    seen.add(m.person);
    const byDir = directionsOf.get(m.person)!;
    if (byDir.size > 1) {
      const others = [...byDir.entries()]
        .filter(([d]) => d !== a.direction)
        .map(([d, ids]) => `${d} (${ids.join(', ')})`)
        .join('; ');
      f.push({
        rule: 'ONE_DIRECTION_PER_PERSON',
        message: `${m.person} 同时参与了其他方向的申请：方向 ${others} / ${m.person} also takes part in applications to direction ${others}`,
      });
    }
  }

  if (applicant) {
    const led = piOf.get(applicant.person)!;
    if (led.length > 1) {
      const others = led.filter((id) => id !== a.id).join(', ');
      f.push({
        rule: 'ONE_APPLICATION_PER_APPLICANT',
        message: `申请人 ${applicant.person} 还作为负责人申请了 ${others}，每年限申请一项 / applicant ${applicant.person} also leads ${others}; one application per applicant per year`,
      });
    }
  }

  const coop = [...new Set(a.cooperatingInstitutions ?? [])];
  if (coop.length > prog.maxCoop) {
    f.push({
      rule: 'COOPERATING_INSTITUTIONS',
      message: `合作研究单位 ${coop.length} 个（${coop.join('、')}），超过上限 ${prog.maxCoop} 个 / ${coop.length} cooperating institutions (${coop.join(', ')}) exceed the limit of ${prog.maxCoop}`,
    });
  }

  const present = new Set(a.members.map((m) => m.discipline));
  const missing = (['MATH', 'MEDICINE', 'IT'] as Discipline[]).filter((d) => !present.has(d));
  if (missing.length) {
    f.push({
      rule: 'DISCIPLINE_MIX',
      message: `团队缺少${missing.map((d) => DISC_ZH[d]).join('、')}领域专家 / the team lacks ${missing.join(', ')} expertise`,
    });
  }

  const code = (a.applicationCode1 ?? '').trim().toUpperCase();
  if (!prog.mathPrefixes.some((p) => code.startsWith(p))) {
    f.push({
      rule: 'MATH_APPLICATION_CODE',
      message: `申请代码1 “${a.applicationCode1}” 不是数学学科代码（${prog.mathPrefixes.join('、')}） / application code 1 "${a.applicationCode1}" is not a mathematics code (${prog.mathPrefixes.join(', ')})`,
    });
  }

  const t = Date.parse(a.submittedAt);
  if (t < prog.opens || t >= prog.closes) {
    f.push({
      rule: 'SUBMISSION_WINDOW',
      message: `提交时间 ${a.submittedAt} 不在申报期 ${prog.windowText.opens} 至 ${prog.windowText.closes} 之内 / submitted at ${a.submittedAt}, outside the window ${prog.windowText.opens} to ${prog.windowText.closes}`,
    });
  }

  const dir = prog.directions.get(a.direction);
  if (dir) {
    const met = new Set(a.conditionsMet ?? []);
    for (const c of dir.conditions) {
      if (!met.has(c)) {
        const label = CONDITION_LABELS[c];
        f.push({
          rule: 'DIRECTION_CONDITION',
          message: `方向 ${a.direction} 的条件 ${c}${label ? `（${label.zh}）` : ''} 未确认 / condition ${c}${label ? ` (${label.en})` : ''} of direction ${a.direction} is not confirmed`,
        });
      }
    }
    const indirect = a.budget.indirect ?? 0;
    if (indirect > 0) {
      f.push({
        rule: 'BUDGET',
        message: `预算含间接费用 ${fmt(indirect)}，本专项只资助直接费用 / the budget asks for indirect costs of ${fmt(indirect)}; only direct costs are funded`,
      });
    }
    if (a.budget.direct > dir.funding) {
      f.push({
        rule: 'BUDGET',
        message: `直接费用 ${fmt(a.budget.direct)} 超过方向 ${a.direction} 的资助额度 ${fmt(dir.funding)} / direct costs ${fmt(a.budget.direct)} exceed direction ${a.direction} funding ${fmt(dir.funding)}`,
      });
    }
  } else {
    f.push({
      rule: 'UNKNOWN_DIRECTION',
      message: `方向 ${a.direction} 不是本项目指南的研究方向 / direction ${a.direction} is not one of the programme's directions`,
    });
  }
  return f;
}
