import { normalizeName } from '@app/conflicts';
import { disciplineOf, EMAIL_RE, ORCID_RE } from '../people/identify';

/** An expert as written by an officer (a file's rows or the web form), before it is checked. */
export interface ExpertFields {
  externalId?: string | null;
  name?: string | null;
  nameEn?: string | null;
  emails?: string[];
  orcid?: string | null;
  title?: string | null;
  disciplines?: string[];
  applicationCodes?: string[];
  keywords?: string[];
  affiliations?: { institution: string; from?: string | null; to?: string | null }[];
}

/** The checked expert, ready to store. */
export interface ExpertDraft {
  externalId: string | null;
  name: string;
  nameEn: string | null;
  emails: string[];
  orcid: string | null;
  title: string | null;
  disciplines: ('MATH' | 'MEDICINE' | 'IT')[];
  applicationCodes: string[];
  keywords: string[];
  affiliations: { institutionId: string; fromDate: string | null; toDate: string | null }[];
}

/** A problem with one field; `index` is the affiliation's position when the field is one of its parts. */
export interface ExpertProblem {
  field: keyof ExpertFields | 'affiliations.institution' | 'affiliations.from' | 'affiliations.to';
  index?: number;
  message: string;
}

const CODE_RE = /^[A-H]\d{2,8}$/;

/** YYYY, YYYY-MM or YYYY-MM-DD, as the first day it covers (from) or the last (to). */
export function parseDay(v: string, end: boolean): string | null | undefined {
  const s = v.trim();
  if (!s) return null;
  const m = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) : end ? 12 : 1;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const d = m[3] ? Number(m[3]) : end ? last : 1;
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > last) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Checks one expert: name, e-mails and ORCID (at least one of them, so that the person can be
 * told from others), disciplines, application codes, keywords and dated affiliations at known
 * institutions. Every problem is returned, each naming its field, in both languages.
 */
export function checkExpert(
  f: ExpertFields,
  institutionOf: (name: string) => string | undefined,
): { draft: ExpertDraft; problems: ExpertProblem[] } {
  const problems: ExpertProblem[] = [];
  const bad = (field: ExpertProblem['field'], message: string, index?: number) =>
    problems.push({ field, message, ...(index === undefined ? {} : { index }) });
  const name = (f.name ?? '').trim();
  if (!name) bad('name', 'required / 必填');
  else if (name.length > 100) bad('name', 'at most 100 characters / 至多 100 字');
  const externalId = (f.externalId ?? '').trim() || null;
  if (externalId && externalId.length > 100) bad('externalId', 'at most 100 characters / 至多 100 字');
  const emails = [...new Set((f.emails ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean))];
  for (const e of emails)
    if (!EMAIL_RE.test(e) || e.length > 320) bad('emails', `'${e}' is not an e-mail address / 邮箱格式不正确`);
  const orcid = (f.orcid ?? '').trim().toUpperCase() || null;
  if (orcid && !ORCID_RE.test(orcid))
    bad('orcid', `'${orcid}' is not an ORCID (0000-0000-0000-0000) / ORCID 格式不正确`);
  if (!emails.length && !orcid)
    bad(
      'emails',
      'an e-mail or an ORCID is needed to tell this expert from others / 须填写邮箱或 ORCID，以识别同一专家',
    );
  const disciplines = [...new Set((f.disciplines ?? []).map((d) => d.trim()).filter(Boolean))];
  const parsed = disciplines.map(disciplineOf);
  if (!disciplines.length)
    bad('disciplines', 'at least one of MATH, MEDICINE, IT / 至少一个学科：数学、医学、信息技术');
  disciplines.forEach((d, i) => {
    if (!parsed[i]) bad('disciplines', `'${d}' is not MATH, MEDICINE or IT / 学科须为数学、医学或信息技术`);
  });
  const applicationCodes = [...new Set((f.applicationCodes ?? []).map((c) => c.trim().toUpperCase()).filter(Boolean))];
  for (const c of applicationCodes)
    if (!CODE_RE.test(c))
      bad('applicationCodes', `'${c}' is not an application code such as A0116 or H18 / 申请代码格式不正确`);
  const keywords = [...new Set((f.keywords ?? []).map((k) => k.trim()).filter(Boolean))];
  if (keywords.length > 30) bad('keywords', 'at most 30 keywords / 关键词至多 30 个');
  for (const k of keywords)
    if (k.length > 60) bad('keywords', `'${k.slice(0, 20)}…' is longer than 60 characters / 关键词过长`);
  const title = (f.title ?? '').trim() || null;
  if (title && title.length > 50) bad('title', 'at most 50 characters / 至多 50 字');
  const nameEn = (f.nameEn ?? '').trim() || null;
  if (nameEn && nameEn.length > 100) bad('nameEn', 'at most 100 characters / 至多 100 字');
  const affiliations: ExpertDraft['affiliations'] = [];
  (f.affiliations ?? []).forEach((a, i) => {
    const inst = (a.institution ?? '').trim();
    const institutionId = inst ? institutionOf(normalizeName(inst)) : undefined;
    if (!inst) bad('affiliations.institution', 'required / 必填', i);
    else if (!institutionId)
      bad(
        'affiliations.institution',
        `unknown institution '${inst}' (add it to the institutions first) / 未知单位，请先导入单位库`,
        i,
      );
    const fromDate = parseDay(a.from ?? '', false);
    const toDate = parseDay(a.to ?? '', true);
    if (fromDate === undefined)
      bad('affiliations.from', `'${a.from}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY) / 日期格式不正确`, i);
    if (toDate === undefined)
      bad('affiliations.to', `'${a.to}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY) / 日期格式不正确`, i);
    if (fromDate && toDate && toDate < fromDate)
      bad('affiliations.to', 'ends before it starts / 结束日期早于开始日期', i);
    if (institutionId && fromDate !== undefined && toDate !== undefined)
      affiliations.push({ institutionId, fromDate, toDate });
  });
  return {
    draft: {
      externalId,
      name,
      nameEn,
      emails,
      orcid,
      title,
      disciplines: parsed.filter((d): d is 'MATH' | 'MEDICINE' | 'IT' => !!d),
      applicationCodes,
      keywords,
      affiliations,
    },
    problems,
  };
}
