import { GraphQLSchemaHost } from '@nestjs/graphql';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

/** Row counts and version sums of every table a refused call could touch. */
async function fingerprint(t: TestApp) {
  const [r] = await t.db.query(`SELECT
    (SELECT count(*) FROM users) u, (SELECT count(*) FROM reviews) r, (SELECT coalesce(sum(version),0) FROM reviews) rv,
    (SELECT count(*) FROM assignments WHERE status = 'ACTIVE') a, (SELECT count(*) FROM funding_decisions) d,
    (SELECT count(*) FROM conflicts) c, (SELECT count(*) FROM conflict_overrides) co, (SELECT coalesce(sum(version),0) FROM review_rounds) rr,
    (SELECT coalesce(sum(version),0) FROM applications) ap, (SELECT count(*) FROM audit_log) al, (SELECT count(*) FROM jobs) j, (SELECT count(*) FROM outbox) o,
    (SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NULL) rt, (SELECT coalesce(sum(token_version),0) FROM users) tv,
    (SELECT count(*) FROM persons WHERE in_pool) ep, (SELECT count(*) FROM pledges) pl, (SELECT count(*) FROM affiliations) af, (SELECT count(*) FROM institutions) i,
    (SELECT coalesce(sum(version),0) FROM invitations) inv, (SELECT count(*) FROM notices) n, (SELECT count(*) FROM notices WHERE read_at IS NULL) nu,
    (SELECT count(*) FROM review_ratings) rr2, (SELECT count(*) FROM person_relations) pr, (SELECT count(*) FROM publications) pb, (SELECT count(*) FROM round_alternates) ra,
    (SELECT count(*) FROM panel_meetings) pm, (SELECT count(*) FROM panel_members WHERE present) pp, (SELECT count(*) FROM ballots) bl, (SELECT count(*) FROM ballot_voters) bv,
    (SELECT coalesce(sum(version),0) FROM progress_reports) prv, (SELECT count(*) FROM team_invitations) ti, (SELECT count(*) FROM documents) doc,
    (SELECT count(*) FROM users WHERE 'PI' = ANY(roles)) pis`);
  return JSON.stringify(r);
}

type Actor = 'anon' | 'revAssigned' | 'revUnassigned' | 'revConflicted' | 'officer' | 'admin' | 'pi';
const ALL: Actor[] = ['anon', 'revAssigned', 'revUnassigned', 'revConflicted', 'officer', 'admin', 'pi'];
const SIGNED_IN: Actor[] = ['revAssigned', 'revUnassigned', 'revConflicted', 'officer', 'admin', 'pi'];
/** a funded project's lead: reaches their own projects (never the one the probes name) and nothing else */
const PI: Actor[] = ['pi'];
const OFFICER: Actor[] = ['officer'];
const OFFICER_ADMIN: Actor[] = ['officer', 'admin'];
const REVIEWERS: Actor[] = ['revAssigned', 'revUnassigned', 'revConflicted'];

interface Ctx {
  programId: string;
  roundId: string;
  projectId: string;
  assignmentId: string;
  conflictedAssignmentId: string;
  reviewerUserId: string;
  userId: string;
  jobId: string;
}
interface Entry {
  doc: string;
  vars?: (c: Ctx, a: Actor) => Record<string, unknown>;
  allow: Actor[];
}

const NIL = '00000000-0000-0000-0000-000000000000';
/**
 * Every query and mutation of the schema, with who may call it. Arguments are chosen so that an
 * allowed call touches nothing (bad input past the guards), so the refused ones can be checked
 * against an unchanged database. A reviewer may act only on their own, non-conflicted assignment.
 */
const MATRIX: Record<string, Entry> = {
  login: { doc: 'mutation { login(email:"nobody@x.org", password:"x") { accessToken } }', allow: [] },
  refreshToken: {
    doc: 'mutation { refreshToken(refreshToken:"xxxxxxxxxxxxxxxxxxxxxxxxx") { accessToken } }',
    allow: [],
  },
  logout: { doc: 'mutation { logout(refreshToken:"not-a-real-token-0000000000") }', allow: SIGNED_IN },
  changePassword: {
    doc: 'mutation { changePassword(currentPassword:"wrong-one", newPassword:"short") { accessToken } }',
    allow: SIGNED_IN,
  },
  me: { doc: '{ me { id } }', allow: SIGNED_IN },
  users: { doc: '{ users { id } }', allow: ['admin'] },
  userPage: { doc: '{ userPage(first:5, search:"demo") { total items { id } } }', allow: ['admin'] },
  createUser: {
    doc: 'mutation { createUser(input:{email:"bad", name:"x", roles:[REVIEWER], password:"x"}) { id } }',
    allow: ['admin'],
  },
  updateUser: { doc: `mutation { updateUser(id:"${NIL}", input:{name:"x"}) { id } }`, allow: ['admin'] },
  setUserPassword: { doc: `mutation { setUserPassword(id:"${NIL}", password:"x") }`, allow: ['admin'] },
  programs: { doc: '{ programs { id } }', allow: SIGNED_IN },
  program: { doc: 'query($p:ID!){ program(id:$p) { id } }', vars: (c) => ({ p: c.programId }), allow: SIGNED_IN },
  importCall: { doc: 'mutation { importCall(definition: { code: "X" }) { id } }', allow: OFFICER_ADMIN },
  exportCall: {
    doc: 'query($p:ID!){ exportCall(programId:$p) }',
    vars: (c) => ({ p: c.programId }),
    allow: OFFICER_ADMIN,
  },
  projects: {
    doc: 'query($p:ID!){ projects(programId:$p) { id } }',
    vars: (c) => ({ p: c.programId }),
    allow: OFFICER_ADMIN,
  },
  projectPage: {
    doc: 'query($p:ID!){ projectPage(programId:$p, first:5) { total items { id } } }',
    vars: (c) => ({ p: c.programId }),
    allow: OFFICER_ADMIN,
  },
  project: { doc: 'query($p:ID!){ project(id:$p) { id } }', vars: (c) => ({ p: c.projectId }), allow: OFFICER_ADMIN },
  screenApplications: { doc: `mutation { screenApplications(programId:"${NIL}") { screened } }`, allow: OFFICER },
  overrideEligibility: {
    doc: 'mutation($p:ID!){ overrideEligibility(projectId:$p, eligible:true, reason:"short") { id } }',
    vars: (c) => ({ p: c.projectId }),
    allow: OFFICER,
  },
  reviewRound: { doc: 'query($r:ID!){ reviewRound(id:$r) { id } }', vars: (c) => ({ r: c.roundId }), allow: SIGNED_IN },
  createRound: {
    doc: 'mutation($p:ID!){ createRound(programId:$p, input:{kind:INITIAL, nameZh:"x", nameEn:"x", opensAt:"2030-01-02T00:00:00+08:00", closesAt:"2030-01-01T00:00:00+08:00"}) { id } }',
    vars: (c) => ({ p: c.programId }),
    allow: OFFICER,
  },
  updateRound: {
    doc: 'mutation($r:ID!){ updateRound(roundId:$r, input:{opensAt:"2030-01-02T00:00:00+08:00", closesAt:"2030-01-01T00:00:00+08:00"}) { id } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER,
  },
  openRound: {
    doc: 'mutation($r:ID!){ openRound(roundId:$r) { id } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER,
  },
  closeRound: { doc: `mutation { closeRound(roundId:"${NIL}") { id } }`, allow: OFFICER },
  finalizeRound: {
    doc: 'mutation($r:ID!){ finalizeRound(roundId:$r) { id } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER,
  },
  conflicts: { doc: 'query($r:ID!){ conflicts(roundId:$r) { id } }', vars: (c) => ({ r: c.roundId }), allow: OFFICER },
  conflictPage: {
    doc: 'query($r:ID!){ conflictPage(roundId:$r, first:5) { total items { id } } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER,
  },
  detectConflicts: { doc: `mutation { detectConflicts(roundId:"${NIL}") { pairs } }`, allow: OFFICER },
  overrideConflict: {
    doc: `mutation($r:ID!,$p:ID!){ overrideConflict(roundId:$r, projectId:$p, reviewerId:"${NIL}", reason:"short") { id } }`,
    vars: (c) => ({ r: c.roundId, p: c.projectId }),
    allow: OFFICER,
  },
  setApplicantExclusions: {
    doc: `mutation($p:ID!){ setApplicantExclusions(projectId:$p, personIds:["${NIL}","${NIL.replace('0000-0000-0000-0000', '0000-0000-0000-0001')}","${NIL.replace('0000-0000-0000-0000', '0000-0000-0000-0002')}","${NIL.replace('0000-0000-0000-0000', '0000-0000-0000-0003')}"]) }`,
    vars: (c) => ({ p: c.projectId }),
    allow: OFFICER,
  },
  generateAssignments: { doc: `mutation { generateAssignments(roundId:"${NIL}") { id } }`, allow: OFFICER },
  assignmentRun: { doc: 'query($j:ID!){ assignmentRun(id:$j) { id } }', vars: (c) => ({ j: c.jobId }), allow: OFFICER },
  applyAssignmentRun: {
    doc: 'mutation($j:ID!){ applyAssignmentRun(runId:$j) { added } }',
    vars: (c) => ({ j: c.jobId }),
    allow: OFFICER,
  },
  assignReviewer: {
    doc: `mutation($r:ID!,$p:ID!){ assignReviewer(roundId:$r, projectId:$p, reviewerId:"${NIL}") { id } }`,
    vars: (c) => ({ r: c.roundId, p: c.projectId }),
    allow: OFFICER,
  },
  removeAssignment: { doc: `mutation { removeAssignment(assignmentId:"${NIL}") }`, allow: OFFICER },
  assignments: {
    doc: 'query($r:ID!){ assignments(roundId:$r) { id } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  assignmentPage: {
    doc: 'query($r:ID!){ assignmentPage(roundId:$r, first:5) { total items { id } } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  myAssignments: { doc: '{ myAssignments { id } }', allow: REVIEWERS },
  signPledge: {
    doc: 'mutation($r:ID!){ signPledge(roundId:$r){ version } }',
    vars: (c) => ({ r: c.roundId }),
    // every reviewer of the round (revUnassigned reviews other projects of it)
    allow: REVIEWERS,
  },
  setRoundPledge: {
    doc: 'mutation($r:ID!){ setRoundPledge(roundId:$r, required:true, textZh:"短", textEn:"short"){ id } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER,
  },
  invitationCandidates: {
    doc: 'query($r:ID!){ invitationCandidates(roundId:$r, limit:1){ total } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  inviteReviewers: {
    doc: 'mutation($r:ID!){ inviteReviewers(roundId:$r, personIds:[]){ id } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER,
  },
  invitations: {
    doc: 'query($r:ID!){ invitations(roundId:$r){ id status } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  invitationPage: {
    doc: 'query($r:ID!){ invitationPage(roundId:$r, first:5){ total counts { status count } items { id status } } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  resendInvitation: { doc: `mutation { resendInvitation(invitationId:"${NIL}"){ id } }`, allow: OFFICER },
  withdrawInvitation: { doc: `mutation { withdrawInvitation(invitationId:"${NIL}"){ id } }`, allow: OFFICER },
  roundAlternates: {
    doc: 'query($r:ID!){ roundAlternates(roundId:$r){ auto } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  setRoundAlternates: {
    doc: `mutation($r:ID!){ setRoundAlternates(roundId:$r, personIds:["${NIL}","${NIL}"], auto:true){ auto } }`,
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER,
  },
  myInvitations: { doc: '{ myInvitations { id status } }', allow: SIGNED_IN },
  // the answer is checked before the invitation is looked up: bad input for every signed-in caller
  respondToInvitation: {
    doc: `mutation { respondToInvitation(invitationId:"${NIL}", accept:false){ id } }`,
    allow: SIGNED_IN,
  },
  // the signed link is the key: anyone may try one, and a bad one is refused as bad input
  invitationByLink: { doc: '{ invitationByLink(token:"not-a-link"){ status } }', allow: ALL },
  setPasswordByInvitation: {
    doc: 'mutation { setPasswordByInvitation(token:"not-a-link", password:"x"){ accessToken } }',
    allow: ALL,
  },
  declineInvitationByLink: {
    doc: 'mutation { declineInvitationByLink(token:"not-a-link", answer:{}){ status } }',
    allow: ALL,
  },
  // funded teams: another project's ids answer NOT_FOUND to a lead (the `pi` actor never leads the probes' project)
  inviteTeam: { doc: `mutation { inviteTeam(projectId:"${NIL}"){ id } }`, allow: OFFICER },
  teamInvitations: {
    doc: 'query($p:ID!){ teamInvitations(projectId:$p){ id } }',
    vars: (c) => ({ p: c.projectId }),
    allow: OFFICER_ADMIN,
  },
  teamInvitationByLink: { doc: '{ teamInvitationByLink(token:"not-a-link"){ email } }', allow: ALL },
  setPasswordByTeamLink: {
    doc: 'mutation { setPasswordByTeamLink(token:"not-a-link", password:"x"){ accessToken } }',
    allow: ALL,
  },
  myProjects: { doc: '{ myProjects { id } }', allow: PI },
  // the assigned reviewer reads it (not submitted yet: NOT_SUBMITTED); the conflicted one does not
  progressReport: {
    doc: 'query($p:ID!,$r:ID!){ progressReport(projectId:$p, roundId:$r){ status } }',
    vars: (c) => ({ p: c.projectId, r: c.roundId }),
    allow: ['revAssigned', 'officer', 'admin'],
  },
  saveProgressReport: {
    doc: 'mutation($p:ID!,$r:ID!){ saveProgressReport(projectId:$p, roundId:$r, input:{targets:[]}){ version } }',
    vars: (c) => ({ p: c.projectId, r: c.roundId }),
    allow: [],
  },
  submitProgressReport: {
    doc: 'mutation($p:ID!,$r:ID!){ submitProgressReport(projectId:$p, roundId:$r, expectedVersion:1){ version } }',
    vars: (c) => ({ p: c.projectId, r: c.roundId }),
    allow: [],
  },
  returnProgressReport: {
    doc: 'mutation($p:ID!,$r:ID!){ returnProgressReport(projectId:$p, roundId:$r, note:"x"){ status } }',
    vars: (c) => ({ p: c.projectId, r: c.roundId }),
    allow: OFFICER,
  },
  progressReports: {
    doc: 'query($r:ID!){ progressReports(roundId:$r){ projectId } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  setReportDue: {
    doc: `mutation { setReportDue(roundId:"${NIL}", dueAt:null){ roundId } }`,
    allow: OFFICER,
  },
  myNotices: { doc: '{ myNotices { total unread } }', allow: SIGNED_IN },
  markNoticesRead: { doc: 'mutation { markNoticesRead(ids:["not-an-id"]) }', allow: SIGNED_IN },
  // an expert's own record: reviewers only (a lead's or an officer's person is not theirs to edit here)
  myProfile: { doc: '{ myProfile { expert { id } } }', allow: REVIEWERS },
  updateMyProfile: {
    doc: 'mutation { updateMyProfile(input:{keywords:[], applicationCodes:[], affiliations:[{institution:"没有这个单位"}]}){ expert { id } } }',
    allow: REVIEWERS,
  },
  addMyRelation: {
    doc: 'mutation { addMyRelation(type:"FRIEND", person:{name:"x", email:"x@y.org"}){ expert { id } } }',
    allow: REVIEWERS,
  },
  addMyPublication: {
    doc: 'mutation { addMyPublication(title:"t", year:1, coauthors:[]){ expert { id } } }',
    allow: REVIEWERS,
  },
  createPanelMeeting: {
    doc: 'mutation($r:ID!){ createPanelMeeting(input:{roundId:$r, titleZh:"x", titleEn:"x", startsAt:"2026-12-18T09:00:00+08:00", members:[]}){ id } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER,
  },
  // a meeting, its attendance, moves and ballots are the officers' and the panel's: NOT_FOUND for a stranger
  panelMeeting: { doc: `{ panelMeeting(id:"${NIL}"){ id } }`, allow: OFFICER_ADMIN },
  panelMeetings: {
    doc: 'query($r:ID!){ panelMeetings(roundId:$r){ id } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  myPanelMeetings: { doc: '{ myPanelMeetings { id } }', allow: SIGNED_IN },
  panelResults: {
    doc: 'query($r:ID!){ panelResults(roundId:$r){ projectId passed } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  markAttendance: {
    doc: `mutation { markAttendance(meetingId:"${NIL}", userId:"${NIL}", present:true){ present } }`,
    allow: OFFICER_ADMIN,
  },
  moveToProject: {
    doc: `mutation { moveToProject(meetingId:"${NIL}", projectId:"${NIL}"){ id } }`,
    allow: OFFICER_ADMIN,
  },
  setPanelNotes: {
    doc: `mutation { setPanelNotes(meetingId:"${NIL}", projectId:"${NIL}", notes:"x"){ id } }`,
    allow: OFFICER_ADMIN,
  },
  gradeInMeeting: {
    doc: `mutation { gradeInMeeting(meetingId:"${NIL}", projectId:"${NIL}", grade:"PASS", reason:"理由"){ id } }`,
    allow: OFFICER_ADMIN,
  },
  openBallot: { doc: `mutation { openBallot(meetingId:"${NIL}", projectId:"${NIL}"){ id } }`, allow: OFFICER_ADMIN },
  castVote: { doc: `mutation { castVote(ballotId:"${NIL}", vote:YES) }`, allow: OFFICER_ADMIN },
  closeBallot: { doc: `mutation { closeBallot(ballotId:"${NIL}"){ id } }`, allow: OFFICER_ADMIN },
  rateReview: { doc: `mutation { rateReview(reviewId:"${NIL}", rating:"GREAT"){ id } }`, allow: OFFICER },
  reviewRatings: {
    doc: 'query($r:ID!){ reviewRatings(roundId:$r){ id } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  pledges: {
    doc: 'query($r:ID!){ pledges(roundId:$r){ id version } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  pledgePage: {
    doc: 'query($r:ID!){ pledgePage(roundId:$r, first:5){ total items { id version } } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  declineAssignment: {
    doc: 'mutation($a:ID!){ declineAssignment(assignmentId:$a, reason:"") }',
    vars: (c, a) => ({ a: a === 'revConflicted' ? c.conflictedAssignmentId : c.assignmentId }),
    allow: ['revAssigned', 'revConflicted'],
  },
  declareConflict: {
    doc: 'mutation($a:ID!){ declareConflict(assignmentId:$a, reason:"x") { id } }',
    vars: (c, a) => ({ a: a === 'revConflicted' ? c.conflictedAssignmentId : c.assignmentId }),
    allow: ['revAssigned', 'revConflicted'],
  },
  saveReview: {
    doc: 'mutation($a:ID!){ saveReview(assignmentId:$a, input:{scores:[{criterionKey:"nope", score:1}]}) { id } }',
    vars: (c, a) => ({ a: a === 'revConflicted' ? c.conflictedAssignmentId : c.assignmentId }),
    allow: ['revAssigned'],
  },
  submitReview: {
    doc: 'mutation($a:ID!){ submitReview(assignmentId:$a, expectedVersion:999) { id } }',
    vars: (c, a) => ({ a: a === 'revConflicted' ? c.conflictedAssignmentId : c.assignmentId }),
    allow: ['revAssigned'],
  },
  withdrawReview: {
    doc: 'mutation($a:ID!){ withdrawReview(assignmentId:$a, expectedVersion:999) { id } }',
    vars: (c, a) => ({ a: a === 'revConflicted' ? c.conflictedAssignmentId : c.assignmentId }),
    allow: ['revAssigned'],
  },
  review: {
    doc: 'query($a:ID!){ review(assignmentId:$a) { id } }',
    vars: (c, a) => ({ a: a === 'revConflicted' ? c.conflictedAssignmentId : c.assignmentId }),
    allow: ['revAssigned', 'officer', 'admin'],
  },
  ranking: {
    doc: 'query($r:ID!){ ranking(roundId:$r) { rank } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  rankingPage: {
    doc: 'query($r:ID!){ rankingPage(roundId:$r, first:5) { total items { rank } } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  proposedAwards: {
    doc: 'query($r:ID!){ proposedAwards(roundId:$r) { rank } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  midtermGrades: {
    doc: 'query($r:ID!){ midtermGrades(roundId:$r) { grade } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  decisions: {
    doc: 'query($r:ID!){ decisions(roundId:$r) { id } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  recordDecision: {
    doc: 'mutation($r:ID!,$p:ID!){ recordDecision(roundId:$r, projectId:$p, decision:CONTINUE) { id } }',
    vars: (c) => ({ r: c.roundId, p: c.projectId }),
    allow: OFFICER,
  },
  budget: {
    doc: 'query($p:ID!){ budget(programId:$p) { phase1Total } }',
    vars: (c) => ({ p: c.programId }),
    allow: OFFICER_ADMIN,
  },
  setPanelGrade: {
    doc: 'mutation($r:ID!,$p:ID!){ setPanelGrade(roundId:$r, projectId:$p, grade:EXCELLENT) }',
    vars: (c) => ({ r: c.roundId, p: c.projectId }),
    allow: OFFICER,
  },
  roundProgress: {
    doc: 'query($r:ID!){ roundProgress(roundId:$r) { assigned } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  sendReminders: { doc: `mutation { sendReminders(roundId:"${NIL}") }`, allow: OFFICER },
  conflictPolicyPresets: { doc: '{ conflictPolicyPresets { preset collaboratorYears } }', allow: OFFICER_ADMIN },
  reminderPreview: {
    doc: 'query($r:ID!){ reminderPreview(roundId:$r) { delivery recipients { email } } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  extendRound: {
    doc: `mutation { extendRound(roundId:"${NIL}", closesAt:"2030-01-01T00:00:00Z", reason:"needs more time") { id } }`,
    allow: OFFICER,
  },
  outbox: { doc: '{ outbox { id } }', allow: OFFICER_ADMIN },
  outboxPage: { doc: '{ outboxPage(first:5, status:"KEPT") { total items { id } } }', allow: OFFICER_ADMIN },
  auditTrail: { doc: '{ auditTrail { id } }', allow: OFFICER_ADMIN },
  retention: {
    doc: 'query($p:ID){ retention(programId:$p) { programId materialsYears } }',
    vars: (c) => ({ p: c.programId }),
    allow: OFFICER_ADMIN,
  },
  setRetention: {
    doc: 'mutation($p:ID!){ setRetention(programId:$p, materialsYears:0, reviewsYears:10) { programId } }',
    vars: (c) => ({ p: c.programId }),
    allow: OFFICER,
  },
  purgeExpired: { doc: 'mutation { purgeExpired(dryRun:true) { code } }', allow: ['admin'] },
  reviewSummaries: {
    doc: 'query($r:ID!){ reviewSummaries(roundId:$r) { projectId reviews } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  // officers and administrators are refused by the service (FORBIDDEN): only experts and leads close their own
  closeMyAccount: {
    doc: 'mutation { closeMyAccount(password:"not-the-password") }',
    allow: [...REVIEWERS, 'pi'],
  },
  run: { doc: `query { run(id:"${NIL}") { id } }`, allow: OFFICER },
  cancelRun: { doc: `mutation { cancelRun(id:"${NIL}") { id } }`, allow: OFFICER },
  startConflictDetection: { doc: `mutation { startConflictDetection(roundId:"${NIL}") { id } }`, allow: OFFICER },
  documentAccesses: {
    doc: 'query($r:ID!){ documentAccesses(roundId:$r, first:5) { total items { id userEmail ip } } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  experts: { doc: 'query { experts(limit: 5) { total items { id name } } }', allow: OFFICER_ADMIN },
  expert: { doc: `query { expert(id:"${NIL}") { id } }`, allow: OFFICER_ADMIN },
  institutions: { doc: 'query { institutions(limit: 5) { id name } }', allow: OFFICER_ADMIN },
  createExpert: {
    doc: 'mutation { createExpert(input:{name:"", emails:[], disciplines:[]}) { id } }',
    allow: OFFICER_ADMIN,
  },
  updateExpert: {
    doc: `mutation { updateExpert(personId:"${NIL}", input:{name:"x", emails:["x@y.cn"], disciplines:[MATH]}) { id } }`,
    allow: OFFICER_ADMIN,
  },
  removeExpert: { doc: `mutation { removeExpert(personId:"${NIL}") }`, allow: OFFICER_ADMIN },
  createExpertAccount: {
    doc: `mutation { createExpertAccount(personId:"${NIL}", password:"x") { id } }`,
    allow: OFFICER_ADMIN,
  },
  reviewerPool: {
    doc: 'query($r:ID){ reviewerPool(roundId:$r) { id email assigned conflicts } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  reviewerPoolPage: {
    doc: 'query($r:ID){ reviewerPoolPage(roundId:$r, first:5, sort:"LOAD") { total items { id email assigned } } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  reviewerCalibration: {
    doc: 'query($r:ID!){ reviewerCalibration(roundId:$r) { reviewerId bias } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
  reviewerCalibrationPage: {
    doc: 'query($r:ID!){ reviewerCalibrationPage(roundId:$r, first:5) { total items { reviewerId bias } } }',
    vars: (c) => ({ r: c.roundId }),
    allow: OFFICER_ADMIN,
  },
};

const DENIED = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT_OF_INTEREST']);

describe('security', () => {
  let t: TestApp;
  let tokens: Record<Actor, string | undefined>;
  let ctx: Ctx;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS: '1000' });
    await seedDemo(t.app);
    const [mid] = await t.db.query(`SELECT id, program_id FROM review_rounds WHERE kind = 'MIDTERM'`);
    const [a] = await t.db.query(
      `SELECT a.id, a.application_id, a.reviewer_id, u.email FROM assignments a JOIN users u ON u.id = a.reviewer_id
        WHERE a.round_id = $1 AND a.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.assignment_id = a.id) ORDER BY u.email LIMIT 1`,
      [mid.id],
    );
    const [unassigned] = await t.db.query(
      `SELECT u.id, u.email FROM users u WHERE 'REVIEWER' = ANY(u.roles) AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.round_id = $1 AND x.application_id = $2 AND x.reviewer_id = u.id) AND u.id <> $3
          AND NOT EXISTS (SELECT 1 FROM panel_members pm WHERE pm.user_id = u.id) ORDER BY u.email LIMIT 2`,
      [mid.id, a.application_id, a.reviewer_id],
    );
    const others = await t.db.query(
      `SELECT u.id, u.email FROM users u WHERE 'REVIEWER' = ANY(u.roles) AND u.id <> $1 AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.round_id = $2 AND x.application_id = $3 AND x.reviewer_id = u.id) ORDER BY u.email DESC LIMIT 1`,
      [a.reviewer_id, mid.id, a.application_id],
    );
    // a reviewer with an assignment on a conflicted pair (as if a conflict was found after assignment)
    const conflicted = others[0];
    const [ca] = await t.db.query(
      `INSERT INTO assignments (round_id, application_id, reviewer_id, source) VALUES ($1, $2, $3, 'MANUAL') RETURNING id`,
      [mid.id, a.application_id, conflicted.id],
    );
    await t.db.query(
      `INSERT INTO conflicts (round_id, application_id, reviewer_id, rule, evidence, source) VALUES ($1, $2, $3, 'COAUTHOR', 'planted for the test', 'DETECTED')`,
      [mid.id, a.application_id, conflicted.id],
    );
    const [job] = await t.db.query(
      `INSERT INTO jobs (kind, payload, status, result) VALUES ('assignment', '{}', 'FAILED', NULL) RETURNING id`,
    );
    const login = async (email: string, pw: string) => (await t.login(email, pw)).accessToken;
    tokens = {
      anon: undefined,
      revAssigned: await login(a.email, 'demo-reviewer'),
      revUnassigned: await login(unassigned.email, 'demo-reviewer'),
      revConflicted: await login(conflicted.email, 'demo-reviewer'),
      officer: await login('officer@demo.local', 'demo-officer'),
      admin: await login('admin@demo.local', 'demo-admin'),
      // a lead of another project than the one the probes name (pi1 and pi2 lead one each)
      pi: await login(
        (
          await t.db.query(
            `SELECT 1 FROM users u JOIN team_members tm ON tm.person_id = u.person_id
              WHERE u.email = 'pi1@demo.local' AND tm.application_id = $1`,
            [a.application_id],
          )
        ).length
          ? 'pi2@demo.local'
          : 'pi1@demo.local',
        'demo-pi',
      ),
    };
    ctx = {
      programId: mid.program_id,
      roundId: mid.id,
      projectId: a.application_id,
      assignmentId: a.id,
      conflictedAssignmentId: ca.id,
      reviewerUserId: a.reviewer_id,
      userId: a.reviewer_id,
      jobId: job.id,
    };
  });
  afterAll(() => t.close());

  it('the authorisation matrix covers every operation of the schema', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const ops = [
      ...Object.keys(schema.getQueryType()!.getFields()),
      ...Object.keys(schema.getMutationType()!.getFields()),
    ].sort();
    expect(ops.filter((o) => !(o in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((o) => !ops.includes(o))).toEqual([]);
  });

  it('allows exactly the listed actors, and refused calls change nothing', async () => {
    let probes = 0;
    let refused = 0;
    const failures: string[] = [];
    for (const [op, e] of Object.entries(MATRIX)) {
      for (const actor of ALL) {
        const before = await fingerprint(t);
        const r = await t.gql(e.doc, e.vars?.(ctx, actor) ?? {}, tokens[actor]);
        probes++;
        const code = r.errors?.[0]?.extensions?.code;
        if (r.status >= 500 || code === 'INTERNAL_SERVER_ERROR')
          failures.push(`${op} as ${actor}: ${r.status} ${JSON.stringify(r.errors)}`);
        // a reviewer or a lead is told NOT_FOUND for what is not theirs; for officers NOT_FOUND is past the guards
        const denied =
          !!code && (DENIED.has(code) || (code === 'NOT_FOUND' && (REVIEWERS.includes(actor) || actor === 'pi')));
        const expected = e.allow.includes(actor);
        if (denied === expected)
          failures.push(
            `${op} as ${actor}: expected ${expected ? 'allowed' : 'refused'}, got ${code ?? 'ok'} (${r.errors?.[0]?.message ?? ''})`,
          );
        if (denied) {
          refused++;
          if ((await fingerprint(t)) !== before) failures.push(`${op} as ${actor}: refused but changed the database`);
        }
      }
    }
    console.log(
      `authorisation matrix: ${Object.keys(MATRIX).length} operations × ${ALL.length} actors = ${probes} probes, ${refused} refused, none changed a row`,
    );
    expect(failures).toEqual([]);
  });

  it('40 concurrent writers on one version: exactly one wins, 39 get VERSION_CONFLICT; concurrent submits are idempotent', async () => {
    // a fresh, non-conflicted assignment in the open round
    const [pair] = await t.db.query(
      `SELECT rp.round_id, rp.application_id, u.id AS reviewer_id, u.email FROM round_projects rp JOIN review_rounds r ON r.id = rp.round_id CROSS JOIN users u
        WHERE r.kind = 'MIDTERM' AND 'REVIEWER' = ANY(u.roles) AND u.person_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.round_id = rp.round_id AND x.application_id = rp.application_id AND x.reviewer_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.round_id = rp.round_id AND c.application_id = rp.application_id AND c.reviewer_id = u.id)
        ORDER BY u.email, rp.application_id LIMIT 1`,
    );
    const [created] = await t.db.query(
      `INSERT INTO assignments (round_id, application_id, reviewer_id, source, locked) VALUES ($1, $2, $3, 'MANUAL', true) RETURNING id`,
      [pair.round_id, pair.application_id, pair.reviewer_id],
    );
    const a = { id: created.id as string, email: pair.email as string };
    const token = (await t.login(a.email, 'demo-reviewer')).accessToken;
    const full = ['progress', 'outputs', 'collaboration', 'landing', 'budget'].map((k, i) => ({
      criterionKey: k,
      score: 6 + i * 0.5,
    }));
    const SAVE =
      'mutation($a:ID!,$i:ReviewInput!,$v:Int){ saveReview(assignmentId:$a, input:$i, expectedVersion:$v){ version } }';
    // creation race: 40 first saves, expectedVersion 0
    const create = await Promise.all(
      Array.from({ length: 40 }, (_, k) =>
        t.gql(SAVE, { a: a.id, i: { scores: full, commentToApplicant: `writer ${k}` }, v: 0 }, token),
      ),
    );
    const codes1 = create.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes1.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes1.filter((c) => c === 'VERSION_CONFLICT')).toHaveLength(39);
    // update race on version 1
    const upd = await Promise.all(
      Array.from({ length: 40 }, (_, k) =>
        t.gql(
          SAVE,
          {
            a: a.id,
            i: { scores: full, rating: 'GOOD', recommendation: 'CONTINUE', commentToApplicant: `update ${k}` },
            v: 1,
          },
          token,
        ),
      ),
    );
    const codes2 = upd.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes2.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes2.filter((c) => c === 'VERSION_CONFLICT')).toHaveLength(39);
    const winner = upd.findIndex((r) => !r.errors);
    const [stored] = await t.db.query('SELECT version, comment_to_applicant FROM reviews WHERE assignment_id = $1', [
      a.id,
    ]);
    expect(stored).toEqual({ version: 2, comment_to_applicant: `update ${winner}` });
    // autosaves without a version (last write wins): 20 at once, each one its own version, none lost
    const last = await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        t.gql<{ saveReview: { version: number } }>(
          SAVE,
          { a: a.id, i: { scores: full, rating: 'GOOD', recommendation: 'CONTINUE', commentToApplicant: `last ${k}` } },
          token,
        ),
      ),
    );
    expect(last.map((r) => r.data?.saveReview.version).sort((x, y) => x! - y!)).toEqual(
      Array.from({ length: 20 }, (_, k) => k + 3),
    );
    // the trail: one entry per write that happened (none for the 78 refused), each before → after one version on
    const [{ id: reviewId }] = await t.db.query('SELECT id FROM reviews WHERE assignment_id = $1', [a.id]);
    const trail: { action: string; before: { version: number } | null; after: Record<string, unknown> }[] =
      await t.db.query(
        `SELECT action, before, after FROM audit_log WHERE entity = 'review' AND entity_id = $1 ORDER BY id`,
        [reviewId],
      );
    expect(trail.map((e) => e.action)).toEqual(['review.create', ...Array(21).fill('review.save')]);
    expect(trail.map((e) => [e.before?.version ?? 0, e.after.version])).toEqual(
      Array.from({ length: 22 }, (_, k) => [k, k + 1]),
    );
    const scores = { progress: 6, outputs: 6.5, collaboration: 7, landing: 7.5, budget: 8 };
    expect(trail[1]).toMatchObject({
      before: { status: 'DRAFT', version: 1, rating: null, recommendation: null, scores },
      after: { status: 'DRAFT', version: 2, rating: 'GOOD', recommendation: 'CONTINUE', scores },
    });
    const subs = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.gql<{ submitReview: { version: number; status: string } }>(
          'mutation($a:ID!){ submitReview(assignmentId:$a, expectedVersion:22){ version status } }',
          { a: a.id },
          token,
        ),
      ),
    );
    for (const s of subs) expect(s.data?.submitReview).toEqual({ version: 23, status: 'SUBMITTED' });
    console.log(
      `concurrency: 40 creators → 1 won, 39 VERSION_CONFLICT; 40 updaters → 1 won, 39 VERSION_CONFLICT; 20 unversioned autosaves → versions 3–22, one audit entry each; 10 concurrent submits → all answered version 23`,
    );
  });

  it('refuses hostile queries without a 5xx: depth, aliases, field count, wrong types, NaN, huge numbers', async () => {
    const officer = tokens.officer!;
    const nested = await t.gql(`{ programs { directions { id } rounds { criteria { key } } } }`, {}, officer);
    expect(nested.errors).toBeUndefined();
    // introspection may nest 20 levels (the standard query needs 13), nothing deeper
    const tooDeep = '{ __schema { types { fields { type { ' + 'ofType { '.repeat(18) + 'name' + ' }'.repeat(23);
    const rd = await t.gql(tooDeep, {}, officer);
    expect(rd.errors?.[0].message).toMatch(/levels deep/);
    expect(rd.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const aliases = '{ ' + Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ') + ' }';
    const ra = await t.gql(aliases, {}, officer);
    expect(ra.errors?.[0].message).toMatch(/aliases/);
    expect(ra.status).toBeLessThan(500);
    const frag =
      'fragment F on User { id email name roles } { ' +
      Array.from({ length: 25 }, (_, i) => `m${i}: me { ...F }`).join(' ') +
      ' }';
    expect((await t.gql(frag, {}, officer)).errors).toBeUndefined();
    const many = '{ me { ' + Array.from({ length: 1600 }, () => 'id').join(' ') + ' } }';
    const rm = await t.gql(many, {}, officer);
    expect(rm.errors?.[0].message).toMatch(/fields/);
    const rev = tokens.revAssigned!;
    const SAVE =
      'mutation($a:ID!,$s:Float!){ saveReview(assignmentId:$a, input:{scores:[{criterionKey:"progress", score:$s}]}){ version } }';
    for (const s of ['NaN', 'Infinity', 1e308, -1e308, '9'.repeat(400)]) {
      const r = await t.http
        .post('/graphql')
        .set('authorization', `Bearer ${rev}`)
        .send({ query: SAVE, variables: { a: ctx.assignmentId, s } });
      expect(r.status).toBeLessThan(500);
      expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    const wrongType = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${rev}`)
      .send({ query: SAVE, variables: { a: { $ne: 1 }, s: 1 } });
    expect(wrongType.status).toBeLessThan(500);
  });

  it('stores SQL and HTML metacharacters and odd Unicode verbatim', async () => {
    const rev = tokens.revAssigned!;
    const nasty = `'); DROP TABLE reviews; -- <script>alert(1)</script> \u202e\u0000x 🧮 𝔸 \uD83D`;
    const r = await t.gql<{ saveReview: { version: number } }>(
      'mutation($a:ID!,$c:String!){ saveReview(assignmentId:$a, input:{scores:[], commentToApplicant:$c}){ version } }',
      { a: ctx.assignmentId, c: nasty.replace('\u0000', '').replace('\uD83D', '') },
      rev,
    );
    expect(r.errors).toBeUndefined();
    const [stored] = await t.db.query('SELECT comment_to_applicant FROM reviews WHERE assignment_id = $1', [
      ctx.assignmentId,
    ]);
    expect(stored.comment_to_applicant).toBe(nasty.replace('\u0000', '').replace('\uD83D', ''));
    const nul = await t.gql(
      'mutation($a:ID!,$c:String!){ saveReview(assignmentId:$a, input:{scores:[], commentToApplicant:$c}){ version } }',
      { a: ctx.assignmentId, c: 'a\u0000b' },
      rev,
    );
    expect(nul.status).toBeLessThan(500);
    expect(nul.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
