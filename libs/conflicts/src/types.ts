export const CONFLICT_RULES = [
  'TEAM_MEMBER',
  'SAME_CALL_APPLICANT',
  'INSTITUTION',
  'EMAIL_DOMAIN',
  'COAUTHOR',
  'ADVISOR',
  'FAMILY',
  'DECLARED',
  'EXCLUDED_BY_APPLICANT',
] as const;
export type ConflictRule = (typeof CONFLICT_RULES)[number];

export interface Policy {
  preset?: string;
  collaboratorYears?: number;
  formerAffiliationYears?: number;
}

export interface InstitutionIn {
  id: string;
  name: string;
  aliases?: string[];
  emailDomains?: string[];
}

export interface AffiliationIn {
  institution: string;
  from?: string | null;
  to?: string | null;
}

export interface PersonIn {
  id: string;
  name?: string;
  emails?: string[];
  orcid?: string | null;
  affiliations?: AffiliationIn[];
}

export type RelationIn = { type: 'ADVISOR'; advisor: string; advisee: string } | { type: 'FAMILY'; persons: string[] };

export interface PublicationIn {
  id: string;
  year: number;
  authors: string[];
}

export interface ProjectIn {
  id: string;
  call?: string;
  leadInstitution?: string | null;
  cooperatingInstitutions?: string[];
  members: { person: string; role?: string }[];
}

export interface ConflictDataset {
  asOf: string;
  policy?: Policy;
  institutions?: InstitutionIn[];
  persons: PersonIn[];
  relations?: RelationIn[];
  publications?: PublicationIn[];
  projects: ProjectIn[];
  reviewers: string[];
  declared?: { project: string; reviewer: string; reason?: string }[];
  excludedByApplicant?: { project: string; reviewer: string; reason?: string }[];
}

export interface ConflictReason {
  rule: ConflictRule;
  /** The team member (or, for DECLARED/EXCLUDED_BY_APPLICANT, the reviewer) the reason concerns. */
  person?: string;
  /** The institution, for INSTITUTION reasons. */
  institution?: string;
  evidence: string;
  /** The same evidence in Chinese (ids as in `evidence`). */
  evidenceZh: string;
}

export interface ConflictPair {
  project: string;
  reviewer: string;
  reasons: ConflictReason[];
}

export interface ConflictResult {
  conflicts: ConflictPair[];
}

/** Bad input, naming the field or record at fault. */
export class ConflictInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
