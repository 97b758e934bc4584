import {
  CallInputError,
  type CallCondition,
  type CallDefinition,
  type CallDirection,
  type CallPhase,
  type CallProblem,
  type CallTarget,
} from './types';

const FUNDERS = ['TIANYUAN', 'SHENZHEN'];
const DISCIPLINES = ['MATH', 'MEDICINE', 'IT'];
const REQUIRES = ['EXCELLENT', 'SHENZHEN_LANDING'];
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// an instant with its offset, as the call states Beijing time: 2023-10-20T16:00:00+08:00
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each message in Chinese (the UI speaks Chinese first); the English stays the reference. */
const ZH: [RegExp, string][] = [
  [/^is required$/, '必填'],
  [/^must be a non-empty text$/, '须为非空文本'],
  [/^must be at most (\d+) characters$/, '最多 $1 个字符'],
  [/^must be a positive number \(got (.*)\)$/, '须为正数（实际为 $1）'],
  [/^must be a whole number from (\S+) to (\S+) \(got (.*)\)$/, '须为 $1 到 $2 之间的整数（实际为 $3）'],
  [/^must be a whole number from (\S+) \(got (.*)\)$/, '须为不小于 $1 的整数（实际为 $2）'],
  [/^must be a number from (\S+) to (\S+) \(got (.*)\)$/, '须为 $1 到 $2 之间的数（实际为 $3）'],
  [/^must be a number from (\S+) \(got (.*)\)$/, '须为不小于 $1 的数（实际为 $2）'],
  [/^must be an array$/, '须为数组'],
  [/^must be an object.*$/, '须为对象'],
  [/^must be a JSON object$/, '须为 JSON 对象'],
  [/^must be one of (.*)$/, '须为以下之一：$1'],
  [/^must be letters, digits and _ \(starting with a letter\)$/, '只能包含字母、数字和下划线，且以字母开头'],
  [/^duplicate target '(.*)' in this direction$/, '本方向的考核指标 “$1” 重复'],
  [/^must not be below min \((.*)\)$/, '不能小于下限 min（$1）'],
  [/^is required with a number$/, '有数值时须填写单位'],
  [/^must be upper-case letters, digits and _$/, '只能包含大写字母、数字和下划线'],
  [/^must name at least one funder$/, '须至少有一个资助方'],
  [/^must be a date YYYY-MM-DD$/, '须为日期 YYYY-MM-DD'],
  [/^must not be before start$/, '不能早于开始日期'],
  [/^is required for phase 2$/, '第二阶段须填写'],
  [/^must be letters, digits, .*$/, '只能包含字母、数字、“.”、“_”和“-”（如 TY-SZ-2023）'],
  [/^must be an instant with its offset.*$/, '须为带时区的时间，如 2023-10-20T16:00:00+08:00'],
  [/^must be after opensAt$/, '须晚于开始时间 opensAt'],
  [/^must include phase 1$/, '须包含第一阶段'],
  [/^phase (\d+) appears twice$/, '第 $1 阶段重复'],
  [/^must be an application-code prefix like A01$/, '须为申请代码前缀，如 A01'],
  [/^must list at least one direction$/, '须至少有一个研究方向'],
  [/^direction (\d+) appears twice$/, '研究方向 $1 重复'],
];

export function inChinese(message: string): string {
  for (const [re, zh] of ZH) if (re.test(message)) return message.replace(re, zh);
  return message;
}

/** Collects problems while reading; each reader returns a usable value even after a problem. */
class Reader {
  readonly problems: CallProblem[] = [];
  bad(path: string, message: string) {
    this.problems.push({ path, message, messageZh: inChinese(message) });
  }
  text(o: Obj, key: string, path: string, opts: { optional?: boolean; max?: number } = {}): string {
    const v = o[key];
    const p = `${path}${path ? '.' : ''}${key}`;
    if (v === undefined || v === null) {
      if (!opts.optional) this.bad(p, 'is required');
      return '';
    }
    if (typeof v !== 'string' || !v.trim()) {
      this.bad(p, 'must be a non-empty text');
      return '';
    }
    if (v.length > (opts.max ?? 10_000)) this.bad(p, `must be at most ${opts.max ?? 10_000} characters`);
    return v.trim();
  }
  num(
    o: Obj,
    key: string,
    path: string,
    opts: { optional?: boolean; int?: boolean; positive?: boolean; min?: number; max?: number } = {},
  ) {
    const v = o[key];
    const p = `${path}${path ? '.' : ''}${key}`;
    if (v === undefined || v === null) {
      if (!opts.optional) this.bad(p, 'is required');
      return undefined;
    }
    const lo = opts.min ?? 0;
    const ok =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (!opts.int || Number.isInteger(v)) &&
      (opts.positive ? v > 0 : v >= lo) &&
      v <= (opts.max ?? 1e12);
    if (!ok) {
      const kind = opts.positive ? 'a positive number' : opts.int ? 'a whole number' : 'a number';
      const range = opts.positive ? '' : ` from ${lo}${opts.max !== undefined ? ` to ${opts.max}` : ''}`;
      this.bad(p, `must be ${kind}${range} (got ${JSON.stringify(v)})`);
      return undefined;
    }
    return v as number;
  }
  list(o: Obj, key: string, path: string, optional = false): unknown[] {
    const v = o[key];
    const p = `${path}${path ? '.' : ''}${key}`;
    if (v === undefined || v === null) {
      if (!optional) this.bad(p, 'is required');
      return [];
    }
    if (!Array.isArray(v)) {
      this.bad(p, 'must be an array');
      return [];
    }
    return v;
  }
  object(o: Obj, key: string, path: string): Obj {
    const v = o[key];
    const p = `${path}${path ? '.' : ''}${key}`;
    if (!isObj(v)) {
      this.bad(p, v === undefined ? 'is required' : 'must be an object');
      return {};
    }
    return v;
  }
  codes(o: Obj, key: string, path: string, allowed: string[], optional = false): string[] {
    const out: string[] = [];
    this.list(o, key, path, optional).forEach((x, i) => {
      if (typeof x !== 'string' || !allowed.includes(x))
        this.bad(`${path}.${key}[${i}]`, `must be one of ${allowed.join(', ')}`);
      else if (!out.includes(x)) out.push(x);
    });
    return out;
  }
}

function target(r: Reader, t: unknown, path: string, seen: Set<string>): CallTarget | null {
  if (!isObj(t)) {
    r.bad(path, 'must be an object { key, labelZh, labelEn, unit?, min?, max? }');
    return null;
  }
  const key = r.text(t, 'key', path, { max: 64 });
  if (key && !KEY.test(key)) r.bad(`${path}.key`, 'must be letters, digits and _ (starting with a letter)');
  if (key && seen.has(key)) r.bad(`${path}.key`, `duplicate target '${key}' in this direction`);
  seen.add(key);
  const out: CallTarget = {
    key,
    labelZh: r.text(t, 'labelZh', path, { max: 500 }),
    labelEn: r.text(t, 'labelEn', path, { max: 500 }),
  };
  const unit = r.text(t, 'unit', path, { optional: true, max: 20 });
  if (unit) out.unit = unit;
  const min = r.num(t, 'min', path, { optional: true, positive: true });
  const max = r.num(t, 'max', path, { optional: true, positive: true });
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  if (min !== undefined && max !== undefined && max < min) r.bad(`${path}.max`, `must not be below min (${min})`);
  if ((min !== undefined || max !== undefined) && !unit) r.bad(`${path}.unit`, 'is required with a number');
  return out;
}

function condition(r: Reader, c: unknown, path: string): CallCondition | null {
  if (!isObj(c)) {
    r.bad(path, 'must be an object { key, textZh, textEn? }');
    return null;
  }
  const key = r.text(c, 'key', path, { max: 64 });
  if (key && !/^[A-Z][A-Z0-9_]*$/.test(key)) r.bad(`${path}.key`, 'must be upper-case letters, digits and _');
  const out: CallCondition = { key, textZh: r.text(c, 'textZh', path, { max: 1000 }) };
  const en = r.text(c, 'textEn', path, { optional: true, max: 1000 });
  if (en) out.textEn = en;
  return out;
}

function direction(r: Reader, d: unknown, path: string): CallDirection | null {
  if (!isObj(d)) {
    r.bad(path, 'must be an object');
    return null;
  }
  const seen = new Set<string>();
  const out: CallDirection = {
    number: r.num(d, 'number', path, { int: true, min: 1, max: 99 }) ?? 0,
    titleZh: r.text(d, 'titleZh', path, { max: 500 }),
    titleEn: r.text(d, 'titleEn', path, { max: 500 }),
    fundingAmount: r.num(d, 'fundingAmount', path, { positive: true }) ?? 0,
    contentZh: r.text(d, 'contentZh', path, { max: 20_000 }),
    conditions: r
      .list(d, 'conditions', path, true)
      .map((c, i) => condition(r, c, `${path}.conditions[${i}]`))
      .filter((c): c is CallCondition => c !== null),
    targets: r
      .list(d, 'targets', path, true)
      .map((t, i) => target(r, t, `${path}.targets[${i}]`, seen))
      .filter((t): t is CallTarget => t !== null),
  };
  const en = r.text(d, 'contentEn', path, { optional: true, max: 20_000 });
  if (en) out.contentEn = en;
  const note = r.text(d, 'noteZh', path, { optional: true, max: 2000 });
  if (note) out.noteZh = note;
  return out;
}

function phase(r: Reader, p: unknown, path: string): CallPhase | null {
  if (!isObj(p)) {
    r.bad(path, 'must be an object');
    return null;
  }
  const n = r.num(p, 'phase', path, { int: true, min: 1, max: 2 });
  const out: CallPhase = {
    phase: n === 2 ? 2 : 1,
    years: r.num(p, 'years', path, { int: true, min: 1, max: 10 }) ?? 1,
    funders: r.codes(p, 'funders', path, FUNDERS) as CallPhase['funders'],
  };
  if (out.funders.length === 0 && Array.isArray(p.funders)) r.bad(`${path}.funders`, 'must name at least one funder');
  for (const k of ['start', 'end'] as const) {
    if (p[k] === undefined) continue;
    if (typeof p[k] !== 'string' || !DATE.test(p[k] as string)) r.bad(`${path}.${k}`, 'must be a date YYYY-MM-DD');
    else out[k] = p[k] as string;
  }
  if (out.start && out.end && out.end < out.start) r.bad(`${path}.end`, 'must not be before start');
  const def = r.num(p, 'defaultAmount', path, { optional: true, positive: true });
  if (def !== undefined) out.defaultAmount = def;
  const min = r.num(p, 'minAmount', path, { optional: true, positive: true });
  if (min !== undefined) out.minAmount = min;
  const req = r.codes(p, 'requires', path, REQUIRES, true);
  if (req.length) out.requires = req as CallPhase['requires'];
  if (out.phase === 2 && out.minAmount === undefined) r.bad(`${path}.minAmount`, 'is required for phase 2');
  return out;
}

/**
 * Reads a call definition (docs/contract/call.md), reporting every problem at once by its JSON
 * path (`directions[2].targets[0].min: must be a positive number`); throws CallInputError with
 * them all, or returns the definition trimmed and with defaults filled.
 */
export function validateCall(raw: unknown): CallDefinition {
  const r = new Reader();
  if (!isObj(raw))
    throw new CallInputError([
      { path: 'definition', message: 'must be a JSON object', messageZh: inChinese('must be a JSON object') },
    ]);
  const code = r.text(raw, 'code', '', { max: 64 });
  if (code && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(code))
    r.bad('code', 'must be letters, digits, ".", "_" and "-" (like TY-SZ-2023)');
  const year = r.num(raw, 'year', '', { int: true, min: 2000, max: 2100 }) ?? 0;
  const titleZh = r.text(raw, 'titleZh', '', { max: 500 });
  const titleEn = r.text(raw, 'titleEn', '', { max: 500 });
  const maxAwards = r.num(raw, 'maxAwards', '', { int: true, min: 1, max: 1000 }) ?? 0;
  const w = r.object(raw, 'submissionWindow', '');
  const opensAt = r.text(w, 'opensAt', 'submissionWindow');
  const closesAt = r.text(w, 'closesAt', 'submissionWindow');
  for (const [k, v] of [
    ['opensAt', opensAt],
    ['closesAt', closesAt],
  ] as const)
    if (v && !(INSTANT.test(v) && Number.isFinite(Date.parse(v))))
      r.bad(`submissionWindow.${k}`, 'must be an instant with its offset, like 2023-10-20T16:00:00+08:00');
  if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt))
    r.bad('submissionWindow.closesAt', 'must be after opensAt');
  const phases = r
    .list(raw, 'phases', '')
    .map((p, i) => phase(r, p, `phases[${i}]`))
    .filter((p): p is CallPhase => p !== null);
  if (Array.isArray(raw.phases) && !phases.some((p) => p.phase === 1)) r.bad('phases', 'must include phase 1');
  phases.forEach((p, i) => {
    if (phases.findIndex((q) => q.phase === p.phase) !== i)
      r.bad(`phases[${i}].phase`, `phase ${p.phase} appears twice`);
  });
  const el = r.object(raw, 'eligibility', '');
  const eligibility = {
    maxCooperatingInstitutions: r.num(el, 'maxCooperatingInstitutions', 'eligibility', { int: true, max: 20 }) ?? 0,
    mathCodePrefixes: r.list(el, 'mathCodePrefixes', 'eligibility').map((x, i) => {
      if (typeof x !== 'string' || !/^[A-Z]\d{0,5}$/.test(x))
        r.bad(`eligibility.mathCodePrefixes[${i}]`, 'must be an application-code prefix like A01');
      return String(x);
    }),
    requiredDisciplines: r.codes(el, 'requiredDisciplines', 'eligibility', DISCIPLINES),
    maxApplicantExclusions: r.num(el, 'maxApplicantExclusions', 'eligibility', { int: true, max: 10 }) ?? 0,
    maxAwardsPerDirection: r.num(el, 'maxAwardsPerDirection', 'eligibility', { int: true, min: 1, max: 100 }) ?? 1,
  };
  const directions = r
    .list(raw, 'directions', '')
    .map((d, i) => direction(r, d, `directions[${i}]`))
    .filter((d): d is CallDirection => d !== null);
  if (Array.isArray(raw.directions) && directions.length === 0) r.bad('directions', 'must list at least one direction');
  directions.forEach((d, i) => {
    if (d.number && directions.findIndex((x) => x.number === d.number) !== i)
      r.bad(`directions[${i}].number`, `direction ${d.number} appears twice`);
  });
  const def: CallDefinition = {
    code,
    year,
    titleZh,
    titleEn,
    maxAwards,
    submissionWindow: { opensAt, closesAt },
    phases: phases.sort((a, b) => a.phase - b.phase),
    eligibility,
    directions: directions.sort((a, b) => a.number - b.number),
  };
  if (r.problems.length) throw new CallInputError(r.problems);
  return def;
}
