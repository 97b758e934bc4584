/**
 * The default integrity and confidentiality pledge (诚信与保密承诺, 国家自然科学基金条例 art. 21;
 * 评审专家工作管理办法): integrity, confidentiality, independence and recusal, no lobbying. A round
 * may replace it; each change is a new version that reviewers sign again.
 */
export const DEFAULT_PLEDGE = {
  textZh: [
    '一、诚信：本人将独立、客观、公正地履行评审职责，依据评审标准和程序发表意见，不利用评审工作谋取不正当利益。',
    '二、保密：对申请书、报告、评审意见和评审结果严格保密，仅用于本次评审，不复制、不外传，不向任何人透露评审专家身份和评审情况。',
    '三、回避：与申请人、项目成员或依托单位存在利益冲突时，本人将主动声明回避。',
    '四、拒绝请托：不接受申请人或其他人员的请托、游说和任何财物；遇有此类情况，将及时报告项目主管。',
  ].join('\n'),
  textEn: [
    '1. Integrity: I will review independently, objectively and fairly, by the stated criteria and procedure, and will not use the review for any improper gain.',
    '2. Confidentiality: I will keep proposals, reports, reviews and results confidential, use them for this review only, not copy or pass them on, and not disclose who reviews or how.',
    '3. Recusal: where I have a conflict of interest with an applicant, a team member or their institution, I will declare it.',
    '4. No lobbying: I will accept no request, lobbying or gift from applicants or others, and will report any such approach to the programme officer.',
  ].join('\n'),
};

export interface PledgeSettings {
  required: boolean;
  version: number;
  textZh: string;
  textEn: string;
}

/** A round's pledge as stored in its settings, with the defaults filled in. */
export function pledgeOf(settings: { pledge?: Partial<PledgeSettings> } | null | undefined): PledgeSettings {
  const p = settings?.pledge ?? {};
  return {
    required: p.required ?? true,
    version: p.version ?? 1,
    textZh: p.textZh ?? DEFAULT_PLEDGE.textZh,
    textEn: p.textEn ?? DEFAULT_PLEDGE.textEn,
  };
}
