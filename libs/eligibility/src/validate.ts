import { EligibilityInputError, type ScreeningInput } from './types';

const DISCIPLINES = ['MATH', 'MEDICINE', 'IT'];
const ROLES = ['PI', 'CO_PI', 'MEMBER'];
const STATUSES = ['EMPLOYED', 'POSTDOC', 'STUDENT', 'NO_EMPLOYER'];
// ISO 8601 date-time with an explicit offset or Z: a submission time without a zone is ambiguous.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (field: string, msg: string): never => {
  throw new EligibilityInputError(field, msg);
};

export function parseInstant(field: string, v: unknown): number {
  if (typeof v !== 'string' || !ISO_WITH_ZONE.test(v))
    return fail(
      field,
      `must be an ISO 8601 date-time with a time zone, e.g. 2023-10-20T15:59:00+08:00 (got ${JSON.stringify(v)})`,
    );
  const t = Date.parse(v);
  if (Number.isNaN(t)) return fail(field, `is not a valid date-time (got ${JSON.stringify(v)})`);
  return t;
}

function str(field: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') return fail(field, 'must be a non-empty string');
  return v;
}

function num(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    return fail(field, `must be a finite number (got ${JSON.stringify(v)})`);
  return v;
}

/** Checks the shape of the input; rule violations are not input errors and are reported as failures. */
export function validateInput(raw: unknown): ScreeningInput {
  if (!isObj(raw)) return fail('input', 'must be a JSON object with "applications"');
  if (raw.program !== undefined) {
    const p = raw.program;
    if (!isObj(p)) fail('program', 'must be an object');
    const prog = p as Record<string, unknown>;
    if (prog.window !== undefined) {
      if (!isObj(prog.window)) fail('program.window', 'must be { opens, closes }');
      const w = prog.window as Record<string, unknown>;
      const o = parseInstant('program.window.opens', w.opens);
      const c = parseInstant('program.window.closes', w.closes);
      if (c <= o) fail('program.window', 'closes must be after opens');
    }
    if (prog.maxCooperatingInstitutions !== undefined) {
      const m = num('program.maxCooperatingInstitutions', prog.maxCooperatingInstitutions);
      if (!Number.isInteger(m) || m < 0) fail('program.maxCooperatingInstitutions', 'must be a whole number ≥ 0');
    }
    if (prog.mathCodePrefixes !== undefined) {
      if (!Array.isArray(prog.mathCodePrefixes) || prog.mathCodePrefixes.length === 0)
        fail('program.mathCodePrefixes', 'must be a non-empty array of strings');
      (prog.mathCodePrefixes as unknown[]).forEach((x, i) => str(`program.mathCodePrefixes[${i}]`, x));
    }
    if (prog.directions !== undefined) {
      if (!Array.isArray(prog.directions)) fail('program.directions', 'must be an array');
      const seen = new Set<number>();
      (prog.directions as unknown[]).forEach((d, i) => {
        const f = `program.directions[${i}]`;
        if (!isObj(d)) fail(f, 'must be an object');
        const dd = d as Record<string, unknown>;
        const n = num(`${f}.number`, dd.number);
        if (!Number.isInteger(n) || n < 1) fail(`${f}.number`, 'must be a positive whole number');
        if (seen.has(n)) fail(`${f}.number`, `direction ${n} is listed twice`);
        seen.add(n);
        if (dd.funding !== undefined && num(`${f}.funding`, dd.funding) < 0) fail(`${f}.funding`, 'must be ≥ 0');
        if (dd.conditions !== undefined) {
          if (!Array.isArray(dd.conditions)) fail(`${f}.conditions`, 'must be an array of strings');
          (dd.conditions as unknown[]).forEach((c, j) => str(`${f}.conditions[${j}]`, c));
        }
      });
    }
  }
  if (!Array.isArray(raw.applications)) return fail('applications', 'must be an array');
  const ids = new Set<string>();
  raw.applications.forEach((a: unknown, i: number) => {
    const f = `applications[${i}]`;
    if (!isObj(a)) fail(f, 'must be an object');
    const app = a as Record<string, unknown>;
    const id = str(`${f}.id`, app.id);
    if (ids.has(id)) fail(`${f}.id`, `duplicate application id ${id}`);
    ids.add(id);
    const fa = `applications[${i}] (${id})`;
    const dir = num(`${fa}.direction`, app.direction);
    if (!Number.isInteger(dir)) fail(`${fa}.direction`, 'must be a whole number');
    parseInstant(`${fa}.submittedAt`, app.submittedAt);
    if (typeof app.applicationCode1 !== 'string') fail(`${fa}.applicationCode1`, 'must be a string');
    if (app.cooperatingInstitutions !== undefined && !Array.isArray(app.cooperatingInstitutions))
      fail(`${fa}.cooperatingInstitutions`, 'must be an array');
    if (app.conditionsMet !== undefined && !Array.isArray(app.conditionsMet))
      fail(`${fa}.conditionsMet`, 'must be an array');
    if (!isObj(app.budget)) fail(`${fa}.budget`, 'must be { direct, indirect }');
    const b = app.budget as Record<string, unknown>;
    if (num(`${fa}.budget.direct`, b.direct) < 0) fail(`${fa}.budget.direct`, 'must be ≥ 0');
    if (b.indirect !== undefined && num(`${fa}.budget.indirect`, b.indirect) < 0)
      fail(`${fa}.budget.indirect`, 'must be ≥ 0');
    if (!Array.isArray(app.members) || app.members.length === 0) fail(`${fa}.members`, 'must be a non-empty array');
    (app.members as unknown[]).forEach((m, j) => {
      const fm = `${fa}.members[${j}]`;
      if (!isObj(m)) fail(fm, 'must be an object');
      const mm = m as Record<string, unknown>;
      str(`${fm}.person`, mm.person);
      if (!ROLES.includes(mm.role as string))
        fail(`${fm}.role`, `must be one of ${ROLES.join(', ')} (got ${JSON.stringify(mm.role)})`);
      if (!DISCIPLINES.includes(mm.discipline as string))
        fail(`${fm}.discipline`, `must be one of ${DISCIPLINES.join(', ')} (got ${JSON.stringify(mm.discipline)})`);
      if (mm.status !== undefined && !STATUSES.includes(mm.status as string))
        fail(`${fm}.status`, `must be one of ${STATUSES.join(', ')} (got ${JSON.stringify(mm.status)})`);
      for (const k of ['seniorTitle', 'ledBasicResearch']) {
        if (mm[k] !== undefined && typeof mm[k] !== 'boolean') fail(`${fm}.${k}`, 'must be true or false');
      }
    });
  });
  return raw as unknown as ScreeningInput;
}
