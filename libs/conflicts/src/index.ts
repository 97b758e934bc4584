export * from './types';
export { conflictsByReviewer, detectConflicts } from './detect';
export { collaborationFromYear, POLICY_PRESETS, resolvePolicy, type ResolvedPolicy } from './policy';
export { institutionalDomain, normalizeName, PUBLIC_MAIL_DOMAINS, minusYears } from './normalize';
export { emailKey, identityGroups, orcidKey, samePersons, type IdentityRecord } from './identity';
