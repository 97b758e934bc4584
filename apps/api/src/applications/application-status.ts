import { registerEnumType } from '@nestjs/graphql';

export enum ApplicationStatus {
  SUBMITTED = 'SUBMITTED',
  ELIGIBLE = 'ELIGIBLE',
  INELIGIBLE = 'INELIGIBLE',
  UNDER_REVIEW = 'UNDER_REVIEW',
  FUNDED = 'FUNDED',
  DECLINED = 'DECLINED',
  MIDTERM = 'MIDTERM',
  CONTINUED = 'CONTINUED',
  COMPLETED = 'COMPLETED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(ApplicationStatus, {
  name: 'ProjectStatus',
  description: '申请/项目状态 / application and project life cycle',
});

const S = ApplicationStatus;
/**
 * The life cycle: SUBMITTED → ELIGIBLE / INELIGIBLE (screening, repeatable) → UNDER_REVIEW →
 * FUNDED / DECLINED → MIDTERM → CONTINUED (phase 2) / COMPLETED (phase 1 ended normally) / TERMINATED.
 */
export const TRANSITIONS: Record<ApplicationStatus, ApplicationStatus[]> = {
  [S.SUBMITTED]: [S.ELIGIBLE, S.INELIGIBLE],
  [S.ELIGIBLE]: [S.INELIGIBLE, S.UNDER_REVIEW, S.SUBMITTED],
  [S.INELIGIBLE]: [S.ELIGIBLE, S.SUBMITTED],
  [S.UNDER_REVIEW]: [S.FUNDED, S.DECLINED, S.ELIGIBLE],
  [S.FUNDED]: [S.MIDTERM, S.DECLINED],
  [S.DECLINED]: [S.FUNDED],
  [S.MIDTERM]: [S.CONTINUED, S.COMPLETED, S.TERMINATED],
  [S.CONTINUED]: [S.COMPLETED, S.TERMINATED],
  [S.COMPLETED]: [S.CONTINUED, S.TERMINATED],
  [S.TERMINATED]: [S.CONTINUED, S.COMPLETED],
};

export function canTransition(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** Statuses in which an application's data may still change (by import or by screening). */
export const EDITABLE = new Set([S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE]);

export enum MemberRole {
  PI = 'PI',
  CO_PI = 'CO_PI',
  MEMBER = 'MEMBER',
}
registerEnumType(MemberRole, { name: 'MemberRole', description: '负责人 / 共同负责人 / 成员' });

export enum EmploymentStatus {
  EMPLOYED = 'EMPLOYED',
  POSTDOC = 'POSTDOC',
  STUDENT = 'STUDENT',
  NO_EMPLOYER = 'NO_EMPLOYER',
}
registerEnumType(EmploymentStatus, { name: 'EmploymentStatus' });
