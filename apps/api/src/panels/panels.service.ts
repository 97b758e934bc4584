import { DEFAULT_RULES, checkRules, orderAgenda, outcome, type VotingRules } from '@app/panels';
import type { CallTarget } from '@app/calls';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { isOfficer } from '../common/auth/access';
import { Role } from '../common/auth/role.enum';
import { returned } from '../common/database/returning';
import { DomainError, badInput, forbidden, notFound } from '../common/graphql/errors';
import { ConflictsService, pairKey } from '../conflicts/conflicts.service';
import { RoundEntity, RoundProjectEntity } from '../rounds/round.entity';
import { PanelEvents } from './panel-events';
import { RankingService } from '../ranking/ranking.service';
import { UserEntity } from '../users/user.entity';
import {
  BallotEntity,
  type MeetingKind,
  PanelItemEntity,
  PanelMeetingEntity,
  PanelMemberEntity,
  type PanelRole,
} from './panel.entity';

export interface MeetingInput {
  roundId: string;
  titleZh: string;
  titleEn: string;
  kind?: MeetingKind | null;
  startsAt: Date;
  location?: string | null;
  members: { userId: string; role: PanelRole }[];
  projectIds?: string[] | null;
  orderByRecusal?: boolean | null;
  slotMinutes?: number | null;
  rules?: Partial<VotingRules> | null;
}

export type Vote = 'YES' | 'NO' | 'ABSTAIN';
const VOTES: Vote[] = ['YES', 'NO', 'ABSTAIN'];
const GRADES = ['EXCELLENT', 'PASS', 'FAIL'] as const;
type Grade = (typeof GRADES)[number];
const COUNTER: Record<Vote, string> = { YES: 'yes', NO: 'no', ABSTAIN: 'abstain' };

/** The hiding commitment to a changeable vote (see BallotVoterEntity): only the receipt's holder can open it. */
const commitment = (ballotId: string, userId: string, vote: Vote, receipt: string) =>
  createHash('sha256').update(`${ballotId}:${userId}:${vote}:${receipt}`).digest('hex');
const ROLES: PanelRole[] = ['CHAIR', 'VICE_CHAIR', 'MEMBER', 'SUBSTITUTE'];
const MAX_MEMBERS = 60;

/**
 * 会议评审: a round's panel meeting — members (chair, vice-chair, members, substitutes with equal
 * rights), the agenda from the mail-review ranking (optionally ordered so that recusals change as
 * rarely as possible), attendance, and secret ballots.
 *
 * The ballot's design: when a ballot opens, who may vote is fixed (members present and without a
 * conflict on the project) and who is recused is recorded. A vote is one transaction that adds a
 * row "this member has voted in this ballot" (no time, no vote: it only refuses a second vote) and
 * adds one to the ballot's yes, no or abstain counter. Nothing else is written: not the audit trail,
 * not a log line. So no row ties a member to a vote, and the counters are readable by nobody until
 * the ballot closes. The tally is checkable: the counters' sum equals the number of voters rows.
 */
@Injectable()
export class PanelsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly conflicts: ConflictsService,
    private readonly events: PanelEvents,
    private readonly ranking: RankingService,
  ) {}

  async create(input: MeetingInput, actor: AuthUser): Promise<PanelMeetingEntity> {
    const titleZh = (input.titleZh ?? '').trim();
    const titleEn = (input.titleEn ?? '').trim();
    if (!titleZh || titleZh.length > 200) throw badInput('titleZh', 'a title of 1 to 200 characters / 请填写会议名称');
    if (!titleEn || titleEn.length > 300)
      throw badInput('titleEn', 'a title of 1 to 300 characters / 请填写英文会议名称');
    const startsAt = new Date(input.startsAt);
    if (Number.isNaN(startsAt.getTime())) throw badInput('startsAt', 'is not a date / 不是有效时间');
    const members = input.members ?? [];
    if (members.length < 3 || members.length > MAX_MEMBERS)
      throw badInput('members', `3 to ${MAX_MEMBERS} members / 专家组须有 3 到 ${MAX_MEMBERS} 位成员`);
    if (new Set(members.map((x) => x.userId)).size !== members.length)
      throw badInput('members', 'a member is listed twice / 有成员重复');
    if (members.some((x) => !ROLES.includes(x.role)))
      throw badInput('members', 'roles are CHAIR, VICE_CHAIR, MEMBER or SUBSTITUTE / 角色无效');
    if (members.filter((x) => x.role === 'CHAIR').length !== 1)
      throw badInput('members', 'exactly one chair / 须指定一位组长');
    if (members.filter((x) => x.role === 'VICE_CHAIR').length > 1)
      throw badInput('members', 'at most one vice-chair / 副组长至多一位');
    const rules: VotingRules = { ...DEFAULT_RULES, ...(input.rules ?? {}) };
    const problems = checkRules(rules);
    if (problems.length) throw badInput(`rules.${problems[0].field}`, problems[0].message);
    const slot = input.slotMinutes ?? null;
    if (slot !== null && (!Number.isInteger(slot) || slot < 5 || slot > 240))
      throw badInput('slotMinutes', 'from 5 to 240 minutes / 每项答辩时长须在 5 到 240 分钟之间');
    const location = input.location?.trim() || null;
    if (location && location.length > 300) throw badInput('location', 'at most 300 characters / 最多 300 字');

    return this.db.transaction(async (m) => {
      const round = await m.findOneBy(RoundEntity, { id: input.roundId });
      if (!round) throw notFound('round', input.roundId);
      if (round.status === 'FINALIZED') throw badInput('roundId', 'the round is finalized / 本轮评审已定稿');
      const users = await m.findBy(UserEntity, { id: In(members.map((x) => x.userId)) });
      const ok = new Set(
        users.filter((u) => !u.disabled && u.personId && u.roles.includes(Role.REVIEWER)).map((u) => u.id),
      );
      const bad = members.find((x) => !ok.has(x.userId));
      if (bad)
        throw badInput(
          'members',
          'every member must be an active reviewer linked to an expert / 成员须为已关联专家的有效评审账号',
        );
      const inRound = new Set((await m.findBy(RoundProjectEntity, { roundId: round.id })).map((r) => r.applicationId));
      let projectIds = input.projectIds ?? null;
      if (projectIds) {
        if (projectIds.length === 0 || projectIds.length > 500)
          throw badInput('projectIds', 'one to 500 projects / 议程须有 1 到 500 个项目');
        if (new Set(projectIds).size !== projectIds.length)
          throw badInput('projectIds', 'a project is listed twice / 项目重复');
        if (projectIds.some((p) => !inRound.has(p)))
          throw badInput('projectIds', 'a project is not in this round / 有项目不在本轮中');
      } else {
        projectIds = await this.rankedProjects(m, round.id);
        if (projectIds.length === 0) throw badInput('projectIds', 'the round has no projects / 本轮没有项目');
      }
      const blocked = await this.conflicts.blockedPairs(round.id, m);
      const ids = members.map((x) => x.userId);
      const order = orderAgenda(
        projectIds.map((p, i) => ({ id: p, rank: i + 1, recused: ids.filter((u) => blocked.has(pairKey(p, u))) })),
        { byRecusal: Boolean(input.orderByRecusal) },
      );
      const meeting = await m.save(
        PanelMeetingEntity,
        m.create(PanelMeetingEntity, {
          roundId: round.id,
          titleZh,
          titleEn,
          kind: input.kind ?? (round.kind === 'MIDTERM' ? 'DEFENCE' : 'SELECTION'),
          startsAt,
          location,
          status: 'SCHEDULED',
          rules,
          createdBy: actor.id,
        }),
      );
      await m.insert(
        PanelMemberEntity,
        members.map((x) => ({ meetingId: meeting.id, userId: x.userId, role: x.role, present: false })),
      );
      await m.insert(
        PanelItemEntity,
        order.map((applicationId, i) => ({
          meetingId: meeting.id,
          applicationId,
          position: i + 1,
          slotStart: slot ? new Date(startsAt.getTime() + i * slot * 60_000) : null,
          slotMinutes: slot,
        })),
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'panel.create',
          entity: 'panel_meeting',
          entityId: meeting.id,
          after: { roundId: round.id, members: members.length, items: order.length, rules },
        },
        m,
      );
      return meeting;
    });
  }

  /** The round's projects by mean submitted total, best first (projects without reviews last). */
  private async rankedProjects(m: EntityManager, roundId: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT rp.application_id AS id
         FROM round_projects rp JOIN applications ap ON ap.id = rp.application_id
         LEFT JOIN assignments a ON a.round_id = rp.round_id AND a.application_id = rp.application_id AND a.status = 'ACTIVE'
         LEFT JOIN reviews r ON r.assignment_id = a.id AND r.status = 'SUBMITTED'
        WHERE rp.round_id = $1
        GROUP BY rp.application_id, ap.external_id
        ORDER BY avg(r.total) DESC NULLS LAST, ap.external_id`,
      [roundId],
    );
    return rows.map((r) => r.id);
  }

  async get(id: string, viewer: AuthUser): Promise<PanelMeetingEntity> {
    if (!/^[0-9a-f-]{36}$/i.test(String(id))) throw notFound('panel meeting', String(id));
    const meeting = await this.db.getRepository(PanelMeetingEntity).findOneBy({ id });
    if (!meeting) throw notFound('panel meeting', id);
    if (!isOfficer(viewer) && !(await this.memberOf(this.db.manager, id, viewer.id)))
      throw notFound('panel meeting', id);
    return meeting;
  }

  async mine(viewer: AuthUser): Promise<PanelMeetingEntity[]> {
    return this.db.query(
      `SELECT m.id, m.round_id AS "roundId", m.title_zh AS "titleZh", m.title_en AS "titleEn", m.kind, m.starts_at AS "startsAt",
              m.location, m.status, m.current_item_id AS "currentItemId", m.rules, m.version
         FROM panel_meetings m JOIN panel_members pm ON pm.meeting_id = m.id
        WHERE pm.user_id = $1 ORDER BY m.starts_at DESC`,
      [viewer.id],
    );
  }

  list(roundId: string) {
    return this.db.getRepository(PanelMeetingEntity).find({ where: { roundId }, order: { startsAt: 'ASC' } });
  }

  members(meetingId: string) {
    return this.db.query(
      `SELECT pm.id, pm.user_id AS "userId", u.name, pm.role, pm.present
         FROM panel_members pm JOIN users u ON u.id = pm.user_id
        WHERE pm.meeting_id = $1
        ORDER BY array_position(ARRAY['CHAIR','VICE_CHAIR','MEMBER','SUBSTITUTE'], pm.role), u.name`,
      [meetingId],
    ) as Promise<{ id: string; userId: string; name: string; role: PanelRole; present: boolean }[]>;
  }

  /** The agenda, each item with who is recused from it (the meeting's members with a conflict). */
  async items(meeting: PanelMeetingEntity) {
    const items = await this.db
      .getRepository(PanelItemEntity)
      .find({ where: { meetingId: meeting.id }, order: { position: 'ASC' } });
    const members = await this.members(meeting.id);
    const blocked = await this.conflicts.blockedPairs(meeting.roundId);
    return items.map((it) => ({
      item: it,
      recused: members.filter((x) => blocked.has(pairKey(it.applicationId, x.userId))),
    }));
  }

  private async memberOf(m: EntityManager, meetingId: string, userId: string) {
    return m.findOneBy(PanelMemberEntity, { meetingId, userId });
  }

  /** Officers, and the chair or vice-chair of this meeting, run it. */
  private async assertRuns(m: EntityManager, meeting: PanelMeetingEntity, actor: AuthUser) {
    if (isOfficer(actor)) return;
    const me = await this.memberOf(m, meeting.id, actor.id);
    if (!me) throw notFound('panel meeting', meeting.id);
    if (me.role !== 'CHAIR' && me.role !== 'VICE_CHAIR')
      throw forbidden(
        'only the chair, the vice-chair or an officer runs the meeting / 仅组长、副组长或项目主管可主持会议',
      );
  }

  private async lockMeeting(m: EntityManager, id: string, actor: AuthUser) {
    if (!/^[0-9a-f-]{36}$/i.test(String(id))) throw notFound('panel meeting', String(id));
    const meeting = await m.findOne(PanelMeetingEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!meeting) throw notFound('panel meeting', id);
    await this.assertRuns(m, meeting, actor);
    if (meeting.status === 'CLOSED') throw badInput('meetingId', 'the meeting is closed / 会议已结束');
    return meeting;
  }

  /** A chair or vice-chair recused from a project does not run its item: the other one, or an officer, does. */
  private async assertNotRecused(m: EntityManager, meeting: PanelMeetingEntity, projectId: string, actor: AuthUser) {
    if (isOfficer(actor)) return;
    if (await this.conflicts.isBlocked(meeting.roundId, projectId, actor.id, m))
      throw new DomainError(
        'CONFLICT_OF_INTEREST',
        'you are recused from this project: the vice-chair or an officer runs its item / 您需回避该项目，由副组长或项目主管主持',
      );
  }

  private async itemOf(m: EntityManager, meetingId: string, projectId: string): Promise<PanelItemEntity> {
    const item = await m.findOneBy(PanelItemEntity, { meetingId, applicationId: projectId });
    if (!item) throw badInput('projectId', 'not on this meeting’s agenda / 不在本次会议议程中');
    return item;
  }

  /** The item under discussion (the meeting opens with the first), told to every screen. */
  private async setCurrent(m: EntityManager, meetingId: string, itemId: string) {
    await m.update(
      PanelMeetingEntity,
      { id: meetingId },
      { currentItemId: itemId, status: 'OPEN', version: () => 'version + 1' },
    );
    await this.events.notify(m, meetingId);
  }

  /** The chair's notes on an item (for the minutes). */
  async setNotes(meetingId: string, projectId: string, notes: string | null, actor: AuthUser) {
    const text = notes?.trim() || null;
    if (text && text.length > 4000) throw badInput('notes', 'at most 4,000 characters / 最多 4000 字');
    return this.db.transaction(async (m) => {
      const meeting = await this.lockMeeting(m, meetingId, actor);
      const item = await this.itemOf(m, meetingId, projectId);
      await this.assertNotRecused(m, meeting, projectId, actor);
      await m.update(PanelItemEntity, { id: item.id }, { notes: text });
      await m.update(PanelMeetingEntity, { id: meetingId }, { version: () => 'version + 1' });
      await this.events.notify(m, meetingId);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'panel.notes',
          entity: 'panel_meeting',
          entityId: meetingId,
          after: { projectId },
        },
        m,
      );
      return m.findOneByOrFail(PanelMeetingEntity, { id: meetingId });
    });
  }

  /**
   * 中期答辩: the panel's grade of a project (EXCELLENT, PASS or FAIL, with a reason), set by the
   * chair or an officer in the meeting; it is the round's panel grade the mid-term decisions go by.
   */
  async grade(meetingId: string, projectId: string, grade: string | null, reason: string | null, actor: AuthUser) {
    if (grade !== null && grade !== 'EXCELLENT' && grade !== 'PASS' && grade !== 'FAIL')
      throw badInput('grade', 'EXCELLENT, PASS or FAIL / 等级须为优秀、通过或不通过');
    const meeting = await this.db.transaction(async (m) => {
      const mt = await this.lockMeeting(m, meetingId, actor);
      if (mt.kind !== 'DEFENCE')
        throw badInput('meetingId', 'grades are set in a mid-term defence / 仅中期答辩会评定等级');
      await this.itemOf(m, meetingId, projectId);
      await this.assertNotRecused(m, mt, projectId, actor);
      return mt;
    });
    await this.ranking.setPanelGrade(meeting.roundId, projectId, grade, reason, actor);
    await this.db.transaction(async (m) => {
      await m.update(PanelMeetingEntity, { id: meetingId }, { version: () => 'version + 1' });
      await this.events.notify(m, meetingId);
    });
    return this.db.getRepository(PanelMeetingEntity).findOneByOrFail({ id: meetingId });
  }

  /** The round's panel grades of these projects (mid-term). */
  async grades(roundId: string, projectIds: string[]) {
    const rows: { application_id: string; panel_grade: string | null; panel_grade_reason: string | null }[] =
      projectIds.length
        ? await this.db.query(
            `SELECT application_id, panel_grade, panel_grade_reason FROM round_projects WHERE round_id = $1 AND application_id = ANY($2::uuid[])`,
            [roundId, projectIds],
          )
        : [];
    return new Map(rows.map((r) => [r.application_id, { grade: r.panel_grade, reason: r.panel_grade_reason }]));
  }

  async markAttendance(meetingId: string, userId: string, present: boolean, actor: AuthUser) {
    return this.db.transaction(async (m) => {
      await this.lockMeeting(m, meetingId, actor);
      const member = await this.memberOf(m, meetingId, userId);
      if (!member) throw badInput('userId', 'not a member of this panel / 不是本专家组成员');
      await m.update(PanelMemberEntity, { id: member.id }, { present });
      await m.update(PanelMeetingEntity, { id: meetingId }, { version: () => 'version + 1' });
      await this.events.notify(m, meetingId);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'panel.attendance',
          entity: 'panel_meeting',
          entityId: meetingId,
          after: { userId, present },
        },
        m,
      );
      return { ...member, present };
    });
  }

  /** The chair moves the meeting to a project; the meeting opens with its first move. */
  async moveTo(meetingId: string, projectId: string, actor: AuthUser) {
    return this.db.transaction(async (m) => {
      const meeting = await this.lockMeeting(m, meetingId, actor);
      const item = await this.itemOf(m, meetingId, projectId);
      await this.setCurrent(m, meetingId, item.id);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'panel.move',
          entity: 'panel_meeting',
          entityId: meetingId,
          before: { currentItemId: meeting.currentItemId },
          after: { currentItemId: item.id },
        },
        m,
      );
      return m.findOneByOrFail(PanelMeetingEntity, { id: meetingId });
    });
  }

  /** Opens a secret ballot on a project: who may vote and who is recused are fixed now. */
  async openBallot(
    meetingId: string,
    projectId: string,
    actor: AuthUser,
    proposedGrade: string | null = null,
  ): Promise<BallotEntity> {
    if (proposedGrade !== null && !GRADES.includes(proposedGrade as Grade))
      throw badInput('grade', 'EXCELLENT, PASS or FAIL / 等级须为优秀、通过或不通过');
    return this.db.transaction(async (m) => {
      const meeting = await this.lockMeeting(m, meetingId, actor);
      if (proposedGrade && meeting.kind !== 'DEFENCE')
        throw badInput('grade', 'a grade is put to the vote in a mid-term defence only / 仅中期答辩会表决等级');
      const item = await this.itemOf(m, meetingId, projectId);
      await this.assertNotRecused(m, meeting, projectId, actor);
      if (await m.existsBy(BallotEntity, { itemId: item.id, status: 'OPEN' }))
        throw badInput('projectId', 'a ballot on this project is open already / 该项目的投票正在进行');
      const members = await m.findBy(PanelMemberEntity, { meetingId });
      const blocked = await this.conflicts.blockedPairs(meeting.roundId, m);
      const recused = members.filter((x) => blocked.has(pairKey(projectId, x.userId))).map((x) => x.userId);
      const unconflicted = members.filter((x) => !recused.includes(x.userId));
      const eligible = unconflicted.filter((x) => x.present).map((x) => x.userId);
      if (eligible.length === 0)
        throw badInput(
          'meetingId',
          'no unconflicted member is present: mark attendance first / 没有可投票的到会成员，请先登记出席',
        );
      const ballot = await m.save(
        BallotEntity,
        m.create(BallotEntity, {
          itemId: item.id,
          status: 'OPEN',
          eligibleIds: eligible,
          recusedIds: recused,
          unconflicted: unconflicted.length,
          openedBy: actor.id,
          proposedGrade: (proposedGrade as Grade | null) ?? null,
        }),
      );
      await this.setCurrent(m, meetingId, item.id);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'ballot.open',
          entity: 'ballot',
          entityId: ballot.id,
          after: {
            meetingId,
            projectId,
            eligible: eligible.length,
            unconflicted: unconflicted.length,
            recused,
            proposedGrade,
          },
        },
        m,
      );
      return ballot;
    });
  }

  /**
   * One member's secret vote. Refused (nothing written) for a conflicted member
   * (`CONFLICT_OF_INTEREST`), one not present when the ballot opened, a second vote, a closed
   * ballot. Nothing but the voters row and the counter is written (see the class comment).
   *
   * Where the meeting's rules let votes change, the member's device sends a 256-bit secret of its
   * own (`receipt`) with every vote; the voters row keeps only sha-256(ballot, member, choice,
   * receipt). A second call with the same receipt finds the old choice by trying the three, moves
   * one count from it to the new one and commits again; without that device nobody (an officer
   * with the database included) can tell which choice the row hides.
   */
  async castVote(ballotId: string, vote: Vote, actor: AuthUser, receipt: string | null = null): Promise<boolean> {
    if (!VOTES.includes(vote)) throw badInput('vote', 'YES, NO or ABSTAIN');
    if (!/^[0-9a-f-]{36}$/i.test(String(ballotId))) throw notFound('ballot', String(ballotId));
    if (receipt !== null && !/^[0-9a-f]{64}$/.test(receipt))
      throw badInput('receipt', '64 lower-case hexadecimal digits / 凭据须为 64 位十六进制数');
    return this.db.transaction(async (m) => {
      const ballot = await m.findOne(BallotEntity, { where: { id: ballotId }, lock: { mode: 'pessimistic_write' } });
      if (!ballot) throw notFound('ballot', ballotId);
      const item = await m.findOneByOrFail(PanelItemEntity, { id: ballot.itemId });
      const member = await this.memberOf(m, item.meetingId, actor.id);
      if (!member) throw notFound('ballot', ballotId);
      if (ballot.recusedIds.includes(actor.id))
        throw new DomainError(
          'CONFLICT_OF_INTEREST',
          'you are recused from this project and do not vote on it / 您需回避该项目，不参加表决',
        );
      if (ballot.status !== 'OPEN')
        throw new DomainError('BAD_USER_INPUT', 'ballotId: the ballot is closed / 投票已结束', {
          field: 'ballotId',
          reason: 'BALLOT_CLOSED',
        });
      if (!ballot.eligibleIds.includes(actor.id))
        throw new DomainError(
          'FORBIDDEN',
          'you were not marked present when the ballot opened / 投票开始时您未登记出席',
          { reason: 'NOT_PRESENT' },
        );
      const meeting = await m.findOneByOrFail(PanelMeetingEntity, { id: item.meetingId });
      const changeable = meeting.rules.changeableVotes === true;
      if (changeable && !receipt)
        throw badInput(
          'receipt',
          'votes in this meeting can be changed: send this device’s receipt with the vote / 本次会议允许改票，投票须附本设备的凭据',
        );
      const sealed = changeable ? commitment(ballotId, actor.id, vote, receipt!) : null;
      const inserted = returned(
        await m.query(
          `INSERT INTO ballot_voters (ballot_id, user_id, commitment) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING ballot_id`,
          [ballotId, actor.id, sealed],
        ),
      );
      if (inserted.length === 0) {
        if (!changeable)
          throw new DomainError('BAD_USER_INPUT', 'ballotId: you have voted already / 您已投票', {
            field: 'ballotId',
            reason: 'ALREADY_VOTED',
          });
        const [row]: { commitment: string | null }[] = await m.query(
          `SELECT commitment FROM ballot_voters WHERE ballot_id = $1 AND user_id = $2`,
          [ballotId, actor.id],
        );
        const old = VOTES.find((v) => commitment(ballotId, actor.id, v, receipt!) === row?.commitment);
        if (!old)
          throw new DomainError(
            'BAD_USER_INPUT',
            'receipt: this device does not hold the receipt of your vote; change it on the device you voted with / 本设备没有您投票时的凭据，请在投票所用的设备上改票',
            { field: 'receipt', reason: 'RECEIPT_MISMATCH' },
          );
        if (old === vote) return true;
        await m.query(
          `UPDATE ballots SET ${COUNTER[old]} = ${COUNTER[old]} - 1, ${COUNTER[vote]} = ${COUNTER[vote]} + 1 WHERE id = $1`,
          [ballotId],
        );
        await m.query(`UPDATE ballot_voters SET commitment = $3 WHERE ballot_id = $1 AND user_id = $2`, [
          ballotId,
          actor.id,
          sealed,
        ]);
        return true; // the screens change nothing: how many have voted stays the same
      }
      await m.query(`UPDATE ballots SET ${COUNTER[vote]} = ${COUNTER[vote]} + 1 WHERE id = $1`, [ballotId]);
      // the screens update how many have voted (never how)
      await this.events.notify(m, item.meetingId);
      return true;
    });
  }

  /** Closes a ballot: the tally, quorum and result are recorded (and the item's result). */
  async closeBallot(ballotId: string, actor: AuthUser): Promise<BallotEntity> {
    if (!/^[0-9a-f-]{36}$/i.test(String(ballotId))) throw notFound('ballot', String(ballotId));
    return this.db.transaction(async (m) => {
      const ballot = await m.findOne(BallotEntity, { where: { id: ballotId }, lock: { mode: 'pessimistic_write' } });
      if (!ballot) throw notFound('ballot', ballotId);
      const item = await m.findOneByOrFail(PanelItemEntity, { id: ballot.itemId });
      const meeting = await this.lockMeeting(m, item.meetingId, actor);
      await this.assertNotRecused(m, meeting, item.applicationId, actor);
      if (ballot.status !== 'OPEN') throw badInput('ballotId', 'the ballot is closed already / 投票已结束');
      const [{ voters }]: { voters: number }[] = await m.query(
        `SELECT count(*)::int AS voters FROM ballot_voters WHERE ballot_id = $1`,
        [ballotId],
      );
      if (voters !== ballot.yes + ballot.no + ballot.abstain)
        throw new Error(`ballot ${ballotId}: ${voters} voters but ${ballot.yes + ballot.no + ballot.abstain} votes`);
      const o = outcome(
        {
          unconflicted: ballot.unconflicted,
          eligiblePresent: ballot.eligibleIds.length,
          yes: ballot.yes,
          no: ballot.no,
          abstain: ballot.abstain,
        },
        meeting.rules,
      );
      await m.update(
        BallotEntity,
        { id: ballotId },
        { status: 'CLOSED', quorumMet: o.quorumMet, passed: o.passed, closedAt: new Date() },
      );
      // the commitments of changeable votes go: nothing is left to open, whoever keeps a receipt
      await m.query(`UPDATE ballot_voters SET commitment = NULL WHERE ballot_id = $1`, [ballotId]);
      const result = !o.quorumMet ? 'NO_QUORUM' : o.passed ? 'PASSED' : 'FAILED';
      await m.update(PanelItemEntity, { id: item.id }, { result });
      // a grade put to the vote and carried is the panel's grade, with the tally as its reason
      if (ballot.proposedGrade && o.passed)
        await this.ranking.setPanelGrade(
          meeting.roundId,
          item.applicationId,
          ballot.proposedGrade,
          `专家组无记名投票通过（赞成 ${ballot.yes}、反对 ${ballot.no}、弃权 ${ballot.abstain}，有表决权 ${ballot.eligibleIds.length} 人）`,
          actor,
          m,
        );
      await m.update(PanelMeetingEntity, { id: meeting.id }, { version: () => 'version + 1' });
      await this.events.notify(m, meeting.id);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'ballot.close',
          entity: 'ballot',
          entityId: ballotId,
          after: {
            projectId: item.applicationId,
            eligible: ballot.eligibleIds.length,
            unconflicted: ballot.unconflicted,
            yes: ballot.yes,
            no: ballot.no,
            abstain: ballot.abstain,
            quorumMet: o.quorumMet,
            passed: o.passed,
            proposedGrade: ballot.proposedGrade,
          },
        },
        m,
      );
      return m.findOneByOrFail(BallotEntity, { id: ballotId });
    });
  }

  /** Ballots of the meeting's items, and which the viewer has voted in. */
  async ballots(itemIds: string[], viewerId: string) {
    if (itemIds.length === 0)
      return { ballots: [] as BallotEntity[], voted: new Set<string>(), votes: new Map<string, number>() };
    const ballots = await this.db
      .getRepository(BallotEntity)
      .find({ where: { itemId: In(itemIds) }, order: { openedAt: 'ASC' } });
    const ids = ballots.map((b) => b.id);
    const voted = new Set<string>(
      ids.length
        ? (
            (await this.db.query(
              `SELECT ballot_id FROM ballot_voters WHERE user_id = $1 AND ballot_id = ANY($2::uuid[])`,
              [viewerId, ids],
            )) as { ballot_id: string }[]
          ).map((r) => r.ballot_id)
        : [],
    );
    const votes = new Map<string, number>(
      ids.length
        ? (
            (await this.db.query(
              `SELECT ballot_id, count(*)::int AS n FROM ballot_voters WHERE ballot_id = ANY($1::uuid[]) GROUP BY ballot_id`,
              [ids],
            )) as { ballot_id: string; n: number }[]
          ).map((r) => [r.ballot_id, r.n])
        : [],
    );
    return { ballots, voted, votes };
  }

  /** Each project's last ballot with quorum in the round's meetings (the decision table shows it). */
  async results(roundId: string) {
    if (!(await this.db.getRepository(RoundEntity).existsBy({ id: roundId }))) throw notFound('round', roundId);
    return this.db.query(
      `SELECT DISTINCT ON (i.application_id) i.application_id AS "projectId", b.passed, b.yes, b.no, b.abstain,
              cardinality(b.eligible_ids) AS eligible, b.closed_at AS "closedAt", pm.title_zh AS "meetingZh", pm.title_en AS "meetingEn"
         FROM ballots b JOIN panel_items i ON i.id = b.item_id JOIN panel_meetings pm ON pm.id = i.meeting_id
        WHERE pm.round_id = $1 AND b.status = 'CLOSED' AND b.quorum_met
        ORDER BY i.application_id, b.closed_at DESC`,
      [roundId],
    ) as Promise<
      {
        projectId: string;
        passed: boolean;
        yes: number;
        no: number;
        abstain: number;
        eligible: number;
        closedAt: Date;
        meetingZh: string;
        meetingEn: string;
      }[]
    >;
  }

  async userNames(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string; name: string }[] = await this.db.query(
      `SELECT id, name FROM users WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const by = new Map(rows.map((r) => [r.id, r.name]));
    return ids.map((id) => by.get(id) ?? '');
  }

  async projectOfItem(itemId: string): Promise<string> {
    return (await this.db.getRepository(PanelItemEntity).findOneByOrFail({ id: itemId })).applicationId;
  }

  async projects(ids: string[]) {
    const rows: { id: string; externalId: string; titleZh: string; titleEn: string | null }[] = ids.length
      ? await this.db.query(
          `SELECT id, external_id AS "externalId", title_zh AS "titleZh", title_en AS "titleEn" FROM applications WHERE id = ANY($1::uuid[])`,
          [ids],
        )
      : [];
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The round's calibrated ranking by project (computed again only when its submitted reviews change). */
  async calibrated(roundId: string) {
    const ranked = await this.ranking.rankingCached(roundId, 'calibrated', null);
    return new Map(
      ranked.map((r) => [
        r.project,
        { rank: r.rank, value: r.value, ciLow: r.ciLow, ciHigh: r.ciHigh, flags: r.flags as string[] },
      ]),
    );
  }

  /** The submitted mail reviews of these projects, each as R1, R2 … (the order they were assigned). */
  async mailReviews(roundId: string, projectIds: string[]) {
    const out = new Map<
      string,
      { code: string; total: number | null; rating: string | null; recommendation: string | null; comment: string }[]
    >();
    if (projectIds.length === 0) return out;
    const rows: {
      application_id: string;
      total: string | null;
      rating: string | null;
      recommendation: string | null;
      comment: string;
    }[] = await this.db.query(
      `SELECT a.application_id, r.total, r.rating, r.recommendation, r.comment_to_applicant AS comment
         FROM assignments a JOIN reviews r ON r.assignment_id = a.id
        WHERE a.round_id = $1 AND a.application_id = ANY($2::uuid[]) AND r.status = 'SUBMITTED'
        ORDER BY a.application_id, a.created_at, a.id`,
      [roundId, projectIds],
    );
    for (const r of rows) {
      const list = out.get(r.application_id) ?? out.set(r.application_id, []).get(r.application_id)!;
      list.push({
        code: `R${list.length + 1}`,
        total: r.total === null ? null : Number(r.total),
        rating: r.rating,
        recommendation: r.recommendation,
        comment: r.comment ?? '',
      });
    }
    return out;
  }

  /** What the call asks of each project's direction (考核指标). */
  async targets(projectIds: string[]) {
    const rows: { id: string; targets: CallTarget[] | null }[] = projectIds.length
      ? await this.db.query(
          `SELECT a.id, d.targets FROM applications a JOIN directions d ON d.id = a.direction_id WHERE a.id = ANY($1::uuid[])`,
          [projectIds],
        )
      : [];
    return new Map(rows.map((r) => [r.id, r.targets ?? []]));
  }

  /** The meeting's rules, for presenting a ballot. */
  async rulesOfItem(itemId: string): Promise<VotingRules> {
    const [row]: { rules: VotingRules }[] = await this.db.query(
      `SELECT pm.rules FROM panel_items i JOIN panel_meetings pm ON pm.id = i.meeting_id WHERE i.id = $1`,
      [itemId],
    );
    return row.rules;
  }

  /** A project's mail review, anonymised: the number of submitted reviews and their mean total. */
  async summaries(roundId: string, projectIds: string[]) {
    if (projectIds.length === 0) return new Map<string, { reviews: number; meanTotal: number | null }>();
    const rows: { application_id: string; reviews: number; mean: number | null }[] = await this.db.query(
      `SELECT a.application_id, count(r.id)::int AS reviews, avg(r.total)::float AS mean
         FROM assignments a JOIN reviews r ON r.assignment_id = a.id AND r.status = 'SUBMITTED'
        WHERE a.round_id = $1 AND a.application_id = ANY($2::uuid[]) GROUP BY a.application_id`,
      [roundId, projectIds],
    );
    return new Map(rows.map((r) => [r.application_id, { reviews: r.reviews, meanTotal: r.mean }]));
  }
}
