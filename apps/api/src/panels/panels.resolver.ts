import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { PanelEvents } from './panel-events';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import type { BallotEntity, PanelMeetingEntity } from './panel.entity';
import { Ballot, PanelMeeting, PanelMeetingInput, PanelMember, PanelResult, Vote } from './panels.models';
import { PanelsService } from './panels.service';

@Resolver(() => PanelMeeting)
export class PanelsResolver {
  constructor(
    private readonly panels: PanelsService,
    private readonly events: PanelEvents,
  ) {}

  /**
   * The meeting as the subscriber may see it, now and after every change (graphql-ws on
   * /graphql, the token in the connection's `authorization` parameter). Changes reach every
   * replica through PostgreSQL (panel-events.ts).
   */
  @Subscription(() => PanelMeeting, { resolve: (value: PanelMeeting) => value })
  async panelMeetingUpdated(@Args('meetingId', { type: () => ID }) meetingId: string, @CurrentUser() user: AuthUser) {
    await this.panels.get(meetingId, user); // officers and members only
    const abort = new AbortController();
    const changes = this.events.changes(meetingId, abort.signal);
    const present = (m: PanelMeetingEntity) => this.present(m, user);
    const panels = this.panels;
    async function* stream() {
      try {
        yield await present(await panels.get(meetingId, user));
        for await (const _ of changes) yield await present(await panels.get(meetingId, user));
      } catch (e) {
        if ((e as Error).name !== 'AbortError') throw e;
      } finally {
        abort.abort();
      }
    }
    return stream();
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => PanelMeeting, {
    description:
      '会议评审: a round’s panel meeting — members with one chair, the agenda (by mail-review ranking, or ordered to keep recusals steady), defence slots, quorum and threshold',
  })
  async createPanelMeeting(@Args('input') input: PanelMeetingInput, @CurrentUser() user: AuthUser) {
    const rules = input.rules
      ? {
          ...(input.rules.quorumNum != null || input.rules.quorumDen != null
            ? { quorum: { num: input.rules.quorumNum ?? 2, den: input.rules.quorumDen ?? 3 } }
            : {}),
          ...(input.rules.thresholdNum != null || input.rules.thresholdDen != null
            ? { threshold: { num: input.rules.thresholdNum ?? 1, den: input.rules.thresholdDen ?? 2 } }
            : {}),
          ...(input.rules.strict != null ? { strict: input.rules.strict } : {}),
          ...(input.rules.base ? { base: input.rules.base } : {}),
          ...(input.rules.changeableVotes != null ? { changeableVotes: input.rules.changeableVotes } : {}),
        }
      : null;
    const meeting = await this.panels.create(
      { ...input, startsAt: new Date(input.startsAt), rules, members: input.members },
      user,
    );
    return this.present(meeting, user);
  }

  @Query(() => PanelMeeting, { description: 'a meeting (officers and its members)' })
  async panelMeeting(@Args('id', { type: () => ID }) id: string, @CurrentUser() user: AuthUser) {
    return this.present(await this.panels.get(id, user), user);
  }

  @Query(() => [PanelMeeting], { description: 'the meetings the signed-in user is a member of' })
  async myPanelMeetings(@CurrentUser() user: AuthUser) {
    const list = await this.panels.mine(user);
    return Promise.all(list.map((m) => this.present(m, user)));
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [PanelMeeting], { description: 'a round’s panel meetings (officers)' })
  async panelMeetings(@Args('roundId', { type: () => ID }) roundId: string, @CurrentUser() user: AuthUser) {
    const list = await this.panels.list(roundId);
    return Promise.all(list.map((m) => this.present(m, user)));
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [PanelResult], {
    description:
      'each project’s last ballot with quorum in the round’s meetings: a decision departing from it needs a reason',
  })
  panelResults(@Args('roundId', { type: () => ID }) roundId: string) {
    return this.panels.results(roundId);
  }

  @Mutation(() => PanelMember, { description: 'who is in the room (officers, the chair or vice-chair)' })
  async markAttendance(
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('present') present: boolean,
    @CurrentUser() user: AuthUser,
  ) {
    const m = await this.panels.markAttendance(meetingId, userId, present, user);
    const members = await this.panels.members(meetingId);
    return members.find((x) => x.id === m.id)!;
  }

  @Mutation(() => PanelMeeting, { description: 'the chair moves the meeting to a project; members’ screens follow' })
  async moveToProject(
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('projectId', { type: () => ID }) projectId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.present(await this.panels.moveTo(meetingId, projectId, user), user);
  }

  @Mutation(() => PanelMeeting, { description: 'the chair’s notes on a project (officers, the chair or vice-chair)' })
  async setPanelNotes(
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('notes', { type: () => String, nullable: true }) notes: string | null,
    @CurrentUser() user: AuthUser,
  ) {
    return this.present(await this.panels.setNotes(meetingId, projectId, notes, user), user);
  }

  @Mutation(() => PanelMeeting, {
    description:
      '中期答辩: the panel’s grade of a project (EXCELLENT, PASS, FAIL; null clears) with a reason, set by the chair; the mid-term decisions go by it',
  })
  async gradeInMeeting(
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('grade', { type: () => String, nullable: true }) grade: string | null,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
    @CurrentUser() user: AuthUser,
  ) {
    return this.present(await this.panels.grade(meetingId, projectId, grade, reason, user), user);
  }

  @Mutation(() => Ballot, {
    description:
      'opens a secret ballot on a project; conflicted members are recused automatically. In a mid-term defence, `grade` puts a grade to the vote: carried, it is the panel’s grade',
  })
  async openBallot(
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('grade', { type: () => String, nullable: true }) grade: string | null,
    @CurrentUser() user: AuthUser,
  ) {
    return this.presentBallot(await this.panels.openBallot(meetingId, projectId, user, grade ?? null), user, projectId);
  }

  @Mutation(() => Boolean, {
    description:
      'a present, unconflicted member votes once; secret. Where the meeting lets votes change, every vote carries `receipt` (64 hex digits the device keeps) and voting again with it changes the vote',
  })
  castVote(
    @Args('ballotId', { type: () => ID }) ballotId: string,
    @Args('vote', { type: () => Vote }) vote: Vote,
    @Args('receipt', { type: () => String, nullable: true }) receipt: string | null,
    @CurrentUser() user: AuthUser,
  ) {
    return this.panels.castVote(ballotId, vote, user, receipt ?? null);
  }

  @Mutation(() => Ballot, { description: 'closes a ballot: yes, no, abstain, eligible, quorum, passed' })
  async closeBallot(@Args('ballotId', { type: () => ID }) ballotId: string, @CurrentUser() user: AuthUser) {
    const b = await this.panels.closeBallot(ballotId, user);
    return this.presentBallot(b, user, null);
  }

  private async presentBallot(b: BallotEntity, viewer: AuthUser, projectId: string | null): Promise<Ballot> {
    const { voted, votes } = await this.panels.ballots([b.itemId], viewer.id);
    const names = await this.panels.userNames(b.recusedIds);
    const rules = await this.panels.rulesOfItem(b.itemId);
    return toBallot(
      b,
      projectId ?? (await this.panels.projectOfItem(b.itemId)),
      viewer,
      voted,
      votes,
      names,
      rules.changeableVotes === true,
    );
  }

  /** The meeting as its viewer may see it: a recused member gets no review summary of that item. */
  private async present(meeting: PanelMeetingEntity, viewer: AuthUser): Promise<PanelMeeting> {
    const members = await this.panels.members(meeting.id);
    const items = await this.panels.items(meeting);
    const projects = await this.panels.projects(items.map((x) => x.item.applicationId));
    const summaries = await this.panels.summaries(
      meeting.roundId,
      items.map((x) => x.item.applicationId),
    );
    const grades =
      meeting.kind === 'DEFENCE'
        ? await this.panels.grades(
            meeting.roundId,
            items.map((x) => x.item.applicationId),
          )
        : new Map<string, { grade: string | null; reason: string | null }>();
    const ids = items.map((x) => x.item.applicationId);
    const [calibrated, mailReviews, targets] = await Promise.all([
      this.panels.calibrated(meeting.roundId),
      this.panels.mailReviews(meeting.roundId, ids),
      this.panels.targets(ids),
    ]);
    const { ballots, voted, votes } = await this.panels.ballots(
      items.map((x) => x.item.id),
      viewer.id,
    );
    const nameOf = new Map(members.map((x) => [x.userId, x.name]));
    const current = items.find((x) => x.item.id === meeting.currentItemId);
    const r = meeting.rules;
    return {
      id: meeting.id,
      roundId: meeting.roundId,
      titleZh: meeting.titleZh,
      titleEn: meeting.titleEn,
      kind: meeting.kind as PanelMeeting['kind'],
      startsAt: meeting.startsAt,
      location: meeting.location,
      status: meeting.status,
      currentProjectId: current?.item.applicationId ?? null,
      version: meeting.version,
      rules: {
        quorum: `${r.quorum.num}/${r.quorum.den}`,
        threshold: `${r.threshold.num}/${r.threshold.den}`,
        strict: r.strict,
        base: r.base,
        changeableVotes: r.changeableVotes === true,
      },
      members: members as PanelMember[],
      items: items.map(({ item, recused }) => {
        const p = projects.get(item.applicationId)!;
        const recusedMe = recused.some((x) => x.userId === viewer.id);
        const s = summaries.get(item.applicationId);
        const c = calibrated.get(item.applicationId);
        return {
          id: item.id,
          projectId: item.applicationId,
          externalId: p.externalId,
          title: p.titleZh,
          titleEn: p.titleEn,
          position: item.position,
          slotStart: item.slotStart,
          slotMinutes: item.slotMinutes,
          result: item.result,
          recused: recused as PanelMember[],
          recusedMe,
          notes: recusedMe ? null : item.notes,
          panelGrade: grades.get(item.applicationId)?.grade ?? null,
          panelGradeReason: recusedMe ? null : (grades.get(item.applicationId)?.reason ?? null),
          reviews: recusedMe ? null : (s?.reviews ?? 0),
          meanTotal: recusedMe ? null : (s?.meanTotal ?? null),
          rank: recusedMe ? null : (c?.rank ?? null),
          calibrated: recusedMe ? null : (c?.value ?? null),
          ciLow: recusedMe ? null : (c?.ciLow ?? null),
          ciHigh: recusedMe ? null : (c?.ciHigh ?? null),
          flags: recusedMe ? [] : (c?.flags ?? []),
          mailReviews: recusedMe ? [] : (mailReviews.get(item.applicationId) ?? []),
          targets: (targets.get(item.applicationId) ?? []).map((x) => ({
            key: x.key,
            labelZh: x.labelZh,
            labelEn: x.labelEn,
            unit: x.unit ?? null,
            min: x.min ?? null,
            max: x.max ?? null,
          })),
          ballots: ballots
            .filter((b) => b.itemId === item.id)
            .map((b) =>
              toBallot(
                b,
                item.applicationId,
                viewer,
                voted,
                votes,
                b.recusedIds.map((id) => nameOf.get(id) ?? ''),
                r.changeableVotes === true,
              ),
            ),
        };
      }),
    };
  }
}

function toBallot(
  b: BallotEntity,
  projectId: string,
  viewer: AuthUser,
  voted: Set<string>,
  votes: Map<string, number>,
  recusedNames: string[],
  changeable: boolean,
): Ballot {
  const closed = b.status === 'CLOSED';
  const hasVoted = voted.has(b.id);
  return {
    id: b.id,
    projectId,
    status: b.status,
    eligible: b.eligibleIds.length,
    unconflicted: b.unconflicted,
    votesCast: votes.get(b.id) ?? 0,
    // nobody, officers included, sees a running count
    yes: closed ? b.yes : null,
    no: closed ? b.no : null,
    abstain: closed ? b.abstain : null,
    quorumMet: b.quorumMet,
    passed: b.passed,
    recused: recusedNames,
    canVote: !closed && !hasVoted && b.eligibleIds.includes(viewer.id),
    hasVoted,
    canChange: !closed && hasVoted && changeable,
    proposedGrade: b.proposedGrade,
    openedAt: b.openedAt,
    closedAt: b.closedAt,
  };
}
