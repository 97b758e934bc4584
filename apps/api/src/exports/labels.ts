import type { Lang } from '../common/i18n/texts';

/**
 * What export headers and cells say, in one language (`?lang=zh`, the default, or `?lang=en`):
 * codes become words, instants become Beijing time with the date.
 */
type Words = Record<string, { zh: string; en: string }>;

const w = (entries: [string, string, string][]): Words =>
  Object.fromEntries(entries.map(([k, zh, en]) => [k, { zh, en }]));

export const DECISION = w([
  ['FUND', '资助', 'Fund'],
  ['DECLINE', '不资助', 'Decline'],
  ['CONTINUE', '继续资助', 'Continue'],
  ['COMPLETE', '结题', 'Complete'],
  ['TERMINATE', '终止', 'Terminate'],
]);
export const FUNDER = w([
  ['TIANYUAN', '数学天元基金', 'Tianyuan Mathematics Fund'],
  ['SHENZHEN', '深圳市', 'Shenzhen'],
]);
export const PROJECT_STATUS = w([
  ['FUNDED', '第一阶段', 'Phase 1'],
  ['CONTINUED', '继续资助', 'Continued'],
  ['COMPLETED', '结题', 'Completed'],
  ['TERMINATED', '终止', 'Terminated'],
]);
export const GRADE = w([
  ['EXCELLENT', '优秀', 'Excellent'],
  ['PASS', '合格', 'Pass'],
  ['FAIL', '不合格', 'Fail'],
]);
export const RATING = w([
  ['EXCELLENT', '优', 'Excellent'],
  ['GOOD', '良', 'Good'],
  ['FAIR', '中', 'Fair'],
  ['POOR', '差', 'Poor'],
]);
export const RECOMMENDATION = w([
  ['FUND_PRIORITY', '优先资助', 'Fund with priority'],
  ['FUND', '资助', 'Fund'],
  ['DO_NOT_FUND', '不予资助', 'Do not fund'],
  ['CONTINUE', '继续资助', 'Continue'],
  ['CONTINUE_WITH_CHANGES', '调整后继续', 'Continue with changes'],
  ['TERMINATE', '终止', 'Terminate'],
]);
export const FLAG = w([
  ['HIGH_DISAGREEMENT', '分歧大', 'High disagreement'],
  ['FEW_REVIEWS', '评审不足', 'Few reviews'],
]);
export const RULE = w([
  ['TEAM_MEMBER', '团队成员', 'Team member'],
  ['SAME_CALL_APPLICANT', '同批申请人', 'Applicant in the same call'],
  ['INSTITUTION', '同单位', 'Same institution'],
  ['EMAIL_DOMAIN', '同邮箱域', 'Same e-mail domain'],
  ['COAUTHOR', '合作者', 'Co-author'],
  ['ADVISOR', '师生', 'Advisor'],
  ['FAMILY', '亲属', 'Family'],
  ['DECLARED', '主动回避', 'Declared'],
  ['EXCLUDED_BY_APPLICANT', '申请人要求回避', 'Excluded by the applicant'],
]);
export const SOURCE = w([
  ['DETECTED', '自动检测', 'Detected'],
  ['DECLARED', '专家声明', 'Declared'],
  ['EXCLUDED', '申请人建议', 'Excluded by the applicant'],
]);
export const DOC_KIND = w([
  ['PROPOSAL', '申请书', 'Proposal'],
  ['MIDTERM_REPORT', '中期报告', 'Mid-term report'],
  ['EVIDENCE', '佐证材料', 'Evidence'],
]);
export const YES_NO = w([
  ['yes', '是', 'yes'],
  ['no', '否', 'no'],
]);

/** A code as a word of `lang` (an unknown code is shown as it is). */
export const word = (words: Words, code: string | null | undefined, lang: Lang): string | null =>
  code == null || code === '' ? null : (words[code]?.[lang] ?? code);

/** Picks the text of `lang` from a pair: `const t = inLang(lang); t('方向', 'Direction')`. */
export const inLang =
  (lang: Lang) =>
  (zh: string, en: string): string =>
    lang === 'en' ? en : zh;
