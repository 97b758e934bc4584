import { pledgeOf } from '../pledges/pledge-text';
import { mulberry32 } from '@app/random';
import type { INestApplicationContext } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApplicationStatus } from '../applications/application-status';
import { ApplicationEntity, TeamMemberEntity } from '../applications/application.entity';
import { MemberRole } from '../applications/application-status';
import { ReviewEntity } from '../reviews/review.entity';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { AssignmentsService } from '../assignments/assignments.service';
import type { AuthUser } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { PersonRelationEntity, PublicationAuthorEntity, PublicationEntity } from '../conflicts/conflict.entity';
import { ConflictsService } from '../conflicts/conflicts.service';
import { ProgramEntity } from '../programs/program.entity';
import { RankingService } from '../ranking/ranking.service';
import { RoundKind } from '../rounds/models/round.model';
import { RoundEntity } from '../rounds/round.entity';
import { RoundsService } from '../rounds/rounds.service';
import { UserEntity } from '../users/user.entity';
import { InvitationsService } from '../invitations/invitations.service';
import { seedDemoPanels } from './demo-panels';

const COMMENTS = [
  ['数学问题提炼清楚，方法具有原创性，建议加强临床验证设计。', '方案与方向目标契合度高，团队合作基础扎实。'],
  ['研究内容较为分散，建议聚焦核心数学问题。', '数据获取与伦理审批的安排需要进一步明确。'],
  ['医学与信息团队分工合理，深圳转化路径清晰。', '建议补充对比实验与评测指标。'],
];
const MID_COMMENTS = [
  '按计划完成阶段目标，成果质量较高。',
  '交叉合作深入，深圳落地进展明显。',
  '部分任务进度滞后，建议调整后续计划。',
];

/**
 * The calendar as it stands (2026-11): the 2023 call's initial selection finished — assigned,
 * reviewed, ranked, awards decided and finalized — and its two-year mid-term evaluation OPEN now,
 * assigned, with some drafts and some submitted reviews. Conflicts come from real data:
 * affiliations, a co-authored paper and an advisor link.
 */
export async function seedDemoRounds(app: INestApplicationContext, m: EntityManager): Promise<void> {
  const services = { strict: false };
  const rounds = app.get(RoundsService, services);
  const conflicts = app.get(ConflictsService, services);
  const assignments = app.get(AssignmentsService, services);
  const ranking = app.get(RankingService, services);
  const program = await m.findOneByOrFail(ProgramEntity, { code: 'TY-SZ-2023' });
  const officerUser = await m.findOneByOrFail(UserEntity, { email: 'officer@demo.local' });
  const officer: AuthUser = {
    id: officerUser.id,
    email: officerUser.email,
    name: officerUser.name,
    roles: [Role.PROGRAM_OFFICER],
    personId: null,
  };
  await seedConflictData(m);

  // ---- initial selection, November–December 2023
  const initial = await rounds.create(
    program.id,
    {
      kind: RoundKind.INITIAL,
      nameZh: '2023年度初评',
      nameEn: '2023 initial selection',
      opensAt: '2023-11-01T09:00:00+08:00',
      closesAt: '2023-12-15T16:00:00+08:00',
      reviewersPerProject: 5,
    },
    officer,
    m,
  );
  await conflicts.detect(initial.id, m);
  await assignments.solveAndApply(m, initial.id, officer);
  await markOpen(m, rounds, initial, ApplicationStatus.ELIGIBLE, ApplicationStatus.UNDER_REVIEW, officer);
  await writeReviews(m, initial, 'INITIAL', 1, () => true, new Date('2023-12-10T10:00:00+08:00'));
  await rounds.setStatus(m, initial, 'CLOSED', officer);
  const proposals = await ranking.proposedAwards(initial.id, m);
  const funded = new Set(proposals.map((p) => p.row.project));
  for (const p of proposals) await ranking.record(initial.id, p.row.project, 'FUND', p.amount, null, null, officer, m);
  const inRound: { application_id: string }[] = await m.query(
    'SELECT application_id FROM round_projects WHERE round_id = $1',
    [initial.id],
  );
  for (const { application_id } of inRound) {
    if (!funded.has(application_id))
      await ranking.record(initial.id, application_id, 'DECLINE', null, null, null, officer, m);
  }
  const initialRound = await m.findOneByOrFail(RoundEntity, { id: initial.id });
  await ranking.finalize(initial.id, officer, m);

  // ---- two-year mid-term evaluation, open now
  const midterm = await rounds.create(
    program.id,
    {
      kind: RoundKind.MIDTERM,
      nameZh: '2023年度项目中期评估',
      nameEn: '2023 projects: two-year mid-term evaluation',
      opensAt: '2026-11-16T09:00:00+08:00',
      closesAt: '2026-12-20T16:00:00+08:00',
      reviewersPerProject: 5,
      parentRoundId: initial.id,
    },
    officer,
    m,
  );
  await conflicts.detect(midterm.id, m);
  await seedInvitations(app, m, midterm, officer);
  const r1 = await m.findOneByOrFail(UserEntity, { email: 'reviewer1@demo.local' });
  await assignments.solveAndApply(m, midterm.id, officer, { minLoadFor: { [r1.id]: 3 } });
  await markOpen(m, rounds, midterm, ApplicationStatus.FUNDED, ApplicationStatus.MIDTERM, officer);
  // about half of the reviews are in; a third are drafts; reviewer1 has one of each and one untouched
  let k = 0;
  await writeReviews(m, midterm, 'MIDTERM', 2, () => k++ % 3 !== 2, new Date('2026-11-25T10:00:00+08:00'));
  const mine = await m.find(AssignmentEntity, {
    where: { roundId: midterm.id, reviewerId: r1.id, status: 'ACTIVE' },
    order: { createdAt: 'ASC' },
  });
  if (mine.length >= 2) {
    await m.delete(ReviewEntity, { assignmentId: mine[mine.length - 1].id });
    const first = await m.findOneBy(ReviewEntity, { assignmentId: mine[0].id });
    if (first) await m.update(ReviewEntity, { id: first.id }, { status: 'DRAFT', submittedAt: null });
  }
  await seedDemoPanels(m, initialRound, midterm, officer.id, funded);
  // the e-mails of those days (notices, reviewer2's invitation) went out back then: the outbox starts
  // empty; the in-app notices stay, and reviewer2's link is in the server log (development)
  await m.query(`DELETE FROM outbox`);
  // every demo reviewer signed each round's pledge (the default text, version 1) when the round opened
  for (const round of [initial, midterm]) {
    const p = pledgeOf(round.settings);
    await m.query(
      `INSERT INTO pledges (round_id, user_id, version, text_zh, text_en, signed_at)
       SELECT DISTINCT a.round_id, a.reviewer_id, $2::int, $3, $4, r.opens_at
         FROM assignments a JOIN review_rounds r ON r.id = a.round_id WHERE a.round_id = $1
       ON CONFLICT DO NOTHING`,
      [round.id, p.version, p.textZh, p.textEn],
    );
  }
}

/**
 * The mid-term round was staffed by invitation: the demo reviewers accepted in early November
 * (reviewer1 among them), reviewer30 declined with a reason and a suggestion, and reviewer2's
 * invitation is still open — sent now, so that its link (printed in the server log in
 * development) works.
 */
async function seedInvitations(app: INestApplicationContext, m: EntityManager, round: RoundEntity, officer: AuthUser) {
  await m.query(
    `INSERT INTO invitations (round_id, person_id, user_id, email, status, respond_by, link_nonce, link_used_at,
                              invited_by, responded_at, created_at)
     SELECT $1, u.person_id, u.id, u.email, 'ACCEPTED', '2026-11-12T18:00:00+08:00', md5(u.id::text || 'demo'), NULL,
            $2, '2026-11-06T10:00:00+08:00', '2026-11-05T09:00:00+08:00'
       FROM users u WHERE u.email LIKE 'reviewer%@demo.local' AND u.email NOT IN ('reviewer2@demo.local', 'reviewer30@demo.local')`,
    [round.id, officer.id],
  );
  await m.query(
    `INSERT INTO invitations (round_id, person_id, user_id, email, status, respond_by, link_nonce, invited_by,
                              responded_at, created_at, reason, note, substitutes)
     SELECT $1, u.person_id, u.id, u.email, 'DECLINED', '2026-11-12T18:00:00+08:00', md5(u.id::text || 'demo'), $2,
            '2026-11-07T15:30:00+08:00', '2026-11-05T09:00:00+08:00', 'NO_TIME',
            '12 月在国外访问讲学，无法按期完成评审。', '建议邀请同单位的医学影像方向专家。'
       FROM users u WHERE u.email = 'reviewer30@demo.local'`,
    [round.id, officer.id],
  );
  const r2 = await m.findOneByOrFail(UserEntity, { email: 'reviewer2@demo.local' });
  const respondBy = new Date(Math.min(Date.now() + 7 * 86_400_000, round.closesAt.getTime() - 86_400_000));
  if (respondBy.getTime() > Date.now() + 2 * 3_600_000)
    await app
      .get(InvitationsService, { strict: false })
      .invite(round.id, { personIds: [r2.personId!], respondBy, confirmConflicts: true }, officer, { manager: m });
}

async function markOpen(
  m: EntityManager,
  rounds: RoundsService,
  r: RoundEntity,
  from: ApplicationStatus,
  to: ApplicationStatus,
  officer: AuthUser,
) {
  const ids: { application_id: string }[] = await m.query(
    'SELECT application_id FROM round_projects WHERE round_id = $1',
    [r.id],
  );
  for (const { application_id } of ids)
    await m.update(ApplicationEntity, { id: application_id, status: from }, { status: to });
  await rounds.setStatus(m, r, 'OPEN', officer);
}

/** Reviews with a planted structure: project quality, reviewer generosity and noise. */
async function writeReviews(
  m: EntityManager,
  round: RoundEntity,
  kind: 'INITIAL' | 'MIDTERM',
  seed: number,
  submitted: () => boolean,
  at: Date,
) {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const active = await m.find(AssignmentEntity, {
    where: { roundId: round.id, status: 'ACTIVE' },
    order: { applicationId: 'ASC', reviewerId: 'ASC' },
  });
  const quality = new Map<string, number>();
  const bias = new Map<string, number>();
  for (const a of active) {
    if (!quality.has(a.applicationId)) quality.set(a.applicationId, 7 + 1.4 * gauss());
    if (!bias.has(a.reviewerId)) bias.set(a.reviewerId, 0.8 * gauss());
  }
  let i = 0;
  for (const a of active) {
    const scores: Record<string, number> = {};
    for (const c of round.criteria) {
      const raw = quality.get(a.applicationId)! + bias.get(a.reviewerId)! + 0.6 * gauss();
      scores[c.key] = Math.min(c.max, Math.max(c.min, Math.round(raw / c.step) * c.step));
    }
    const wsum = round.criteria.reduce((s, c) => s + c.weight, 0);
    const total =
      Math.round(
        ((100 * round.criteria.reduce((s, c) => s + (c.weight * (scores[c.key] - c.min)) / (c.max - c.min), 0)) /
          wsum) *
          1e6,
      ) / 1e6;
    const rating = total >= 85 ? 'EXCELLENT' : total >= 70 ? 'GOOD' : total >= 55 ? 'FAIR' : 'POOR';
    const recommendation =
      kind === 'INITIAL'
        ? total >= 82
          ? 'FUND_PRIORITY'
          : total >= 68
            ? 'FUND'
            : 'DO_NOT_FUND'
        : total >= 78
          ? 'CONTINUE'
          : total >= 60
            ? 'CONTINUE_WITH_CHANGES'
            : 'TERMINATE';
    const isSubmitted = submitted();
    const comments =
      kind === 'INITIAL'
        ? COMMENTS[i % COMMENTS.length]
        : [MID_COMMENTS[i % MID_COMMENTS.length], '经费使用基本合规。'];
    await m.insert(ReviewEntity, {
      assignmentId: a.id,
      status: isSubmitted ? 'SUBMITTED' : 'DRAFT',
      version: isSubmitted ? 3 : 1,
      scores,
      total,
      rating,
      recommendation,
      commentToApplicant: comments[0],
      confidentialComment: comments[1],
      submittedAt: isSubmitted ? at : null,
      updatedAt: at,
    });
    i++;
  }
}

/** A co-authored paper and an advisor link between reviewers and applicants: real conflicts to see. */
async function seedConflictData(m: EntityManager) {
  const personOf = async (email: string) => (await m.findOneByOrFail(UserEntity, { email })).personId!;
  const memberOf = async (externalId: string, role: MemberRole) => {
    const app = await m.findOneByOrFail(ApplicationEntity, { externalId });
    return (await m.findOneByOrFail(TeamMemberEntity, { applicationId: app.id, role })).personId;
  };
  const pub = await m.save(
    PublicationEntity,
    m.create(PublicationEntity, {
      externalId: 'doi:10.1000/demo.2024.17',
      title: 'Spectral analysis of attention matrices in medical large models',
      year: 2024,
    }),
  );
  await m.insert(PublicationAuthorEntity, [
    { publicationId: pub.id, personId: await personOf('reviewer2@demo.local') },
    { publicationId: pub.id, personId: await memberOf('APP-2023-002', MemberRole.PI) },
  ]);
  const old = await m.save(
    PublicationEntity,
    m.create(PublicationEntity, {
      externalId: 'doi:10.1000/demo.2015.03',
      title: 'Random matrix limits revisited',
      year: 2015,
    }),
  );
  await m.insert(PublicationAuthorEntity, [
    { publicationId: old.id, personId: await personOf('reviewer7@demo.local') },
    { publicationId: old.id, personId: await memberOf('APP-2023-015', MemberRole.PI) },
  ]);
  await m.insert(PersonRelationEntity, {
    type: 'ADVISOR',
    personA: await personOf('reviewer3@demo.local'),
    personB: await memberOf('APP-2023-003', MemberRole.CO_PI),
  });
}
