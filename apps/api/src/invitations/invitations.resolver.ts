import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthPayload } from '../auth/models/auth-payload.model';
import { type AuthUser, CurrentUser, Public, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { Discipline } from '../common/auth/role.enum';
import { ExpertsService } from '../experts/experts.service';
import type { InvitationEntity } from './invitation.entity';
import {
  Invitation,
  InvitationAnswerInput,
  InvitationCandidatePage,
  InvitationLink,
  InvitationPage,
  InvitationStatus,
  RoundAlternates,
} from './invitations.models';
import { InvitationsService } from './invitations.service';

@Resolver(() => Invitation)
export class InvitationsResolver {
  constructor(
    private readonly service: InvitationsService,
    private readonly experts: ExpertsService,
  ) {}

  // ---- officers

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => InvitationCandidatePage, {
    description:
      'experts of the pool for a round: filters as the pool’s, with each one’s invitation, workload and conflicts',
  })
  async invitationCandidates(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('discipline', { type: () => Discipline, nullable: true }) discipline: Discipline | null,
    @Args('keyword', { type: () => String, nullable: true }) keyword: string | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
    @Args('limit', { type: () => Int, defaultValue: 20 }) limit: number,
  ): Promise<InvitationCandidatePage> {
    if (limit > 50) limit = 50; // conflicts are detected for each expert of the page
    const page = await this.experts.page({ search, discipline, keyword }, offset, limit);
    const extra = await this.service.candidates(
      roundId,
      page.items.map((e) => e.id),
    );
    return {
      total: page.total,
      offset: page.offset,
      items: page.items.map((expert, i) => ({
        expert,
        invitationStatus: (extra[i].invitationStatus as InvitationStatus | null) ?? null,
        workload: extra[i].workload,
        conflicts: extra[i].conflicts,
      })),
    };
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => [Invitation], {
    description:
      '邀请评审专家: e-mails each expert a signed link and a respond-by date (default in 7 days). Experts with conflicts against the round’s projects are refused (CONFLICT_OF_INTEREST, evidence in extensions.conflicts) unless confirmConflicts',
  })
  async inviteReviewers(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('personIds', { type: () => [ID] }) personIds: string[],
    @Args('respondBy', { type: () => Date, nullable: true }) respondBy: Date | null,
    @Args('message', { type: () => String, nullable: true }) message: string | null,
    @Args('confirmConflicts', { type: () => Boolean, nullable: true, defaultValue: false }) confirmConflicts: boolean,
    @CurrentUser() user: AuthUser,
  ) {
    const saved = await this.service.invite(roundId, { personIds, respondBy, message, confirmConflicts }, user);
    return this.service.present(saved, user);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [Invitation], {
    description:
      'a round’s invitations and their answers, the whole list (officers; invitationPage reads it a page at a time)',
  })
  async invitations(@Args('roundId', { type: () => ID }) roundId: string, @CurrentUser() user: AuthUser) {
    return this.service.present(await this.service.list(roundId), user);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => InvitationPage, {
    description:
      'a round’s invitations a page at a time (officers): unanswered first, filtered by state and by the expert’s name or e-mail, with the count of each state',
  })
  async invitationPage(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('status', { type: () => InvitationStatus, nullable: true }) status: InvitationStatus | null,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @CurrentUser() user: AuthUser,
  ) {
    const page = await this.service.page(
      roundId,
      { status: status ?? null, search: search ?? null },
      first,
      after ?? null,
    );
    return { ...page, items: await this.service.present(page.items, user) };
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => Invitation, {
    description: 'sends an unanswered or expired invitation again with a new link (earlier links stop working)',
  })
  async resendInvitation(
    @Args('invitationId', { type: () => ID }) invitationId: string,
    @Args('respondBy', { type: () => Date, nullable: true }) respondBy: Date | null,
    @CurrentUser() user: AuthUser,
  ) {
    return (await this.service.present([await this.service.resend(invitationId, respondBy, user)], user))[0];
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => Invitation, { description: 'withdraws an invitation (not once the expert has work in the round)' })
  async withdrawInvitation(
    @Args('invitationId', { type: () => ID }) invitationId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return (await this.service.present([await this.service.withdraw(invitationId, user)], user))[0];
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => RoundAlternates, { description: '候补专家: the round’s alternates in order' })
  async roundAlternates(@Args('roundId', { type: () => ID }) roundId: string) {
    return this.presentAlternates(roundId, await this.service.alternates(roundId));
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => RoundAlternates, {
    description: 'replaces the round’s ordered alternates; auto: invite the next one after a decline or an expiry',
  })
  async setRoundAlternates(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('personIds', { type: () => [ID] }) personIds: string[],
    @Args('auto') auto: boolean,
    @CurrentUser() user: AuthUser,
  ) {
    return this.presentAlternates(roundId, await this.service.setAlternates(roundId, personIds, auto, user));
  }

  private async presentAlternates(roundId: string, a: Awaited<ReturnType<InvitationsService['alternates']>>) {
    const experts = await Promise.all(a.rows.map((r) => this.experts.get(r.personId)));
    const status = await this.service.statusesOf(
      roundId,
      a.rows.map((r) => r.personId),
    );
    return {
      roundId,
      auto: a.auto,
      experts,
      statuses: a.rows.map((r) => (status.get(r.personId) as InvitationStatus | undefined) ?? null),
    };
  }

  // ---- invitees

  @Query(() => [Invitation], { description: '我的评审邀请 / the signed-in expert’s invitations' })
  async myInvitations(@CurrentUser() user: AuthUser) {
    return this.service.present(await this.service.mine(user), user);
  }

  @Mutation(() => Invitation, {
    description:
      'the invitee answers: accept (maxLoad: at most this many projects) or decline (reason NO_TIME, OUTSIDE_EXPERTISE, CONFLICT or OTHER with a note; substitutes optional). Changeable until the first assignment',
  })
  async respondToInvitation(
    @Args('invitationId', { type: () => ID }) invitationId: string,
    @Args('accept') accept: boolean,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
    @Args('maxLoad', { type: () => Int, nullable: true }) maxLoad: number | null,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
    @Args('substitutes', { type: () => String, nullable: true }) substitutes: string | null,
    @CurrentUser() user: AuthUser,
  ) {
    const inv = await this.service.respond(invitationId, { accept, reason, maxLoad, note, substitutes }, user);
    return (await this.service.present([inv], user))[0];
  }

  @Public()
  @Query(() => InvitationLink, {
    description: 'what an invitation link shows (no sign-in: the signed link is the key)',
  })
  async invitationByLink(@Args('token') token: string): Promise<InvitationLink> {
    const { inv, round, person, hasAccount } = await this.service.byLink(token);
    return linkView(inv, round, person.name, hasAccount);
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description: 'a new expert sets a password through the invitation link (once): the account is made and signed in',
  })
  setPasswordByInvitation(@Args('token') token: string, @Args('password') password: string) {
    return this.service.accountFromLink(token, password);
  }

  @Public()
  @Mutation(() => InvitationLink, { description: 'declines through the link, without an account' })
  async declineInvitationByLink(
    @Args('token') token: string,
    @Args('answer') answer: InvitationAnswerInput,
  ): Promise<InvitationLink> {
    await this.service.declineByLink(token, answer);
    const { inv, round, person, hasAccount } = await this.service.byLink(token);
    return linkView(inv, round, person.name, hasAccount);
  }
}

function linkView(
  inv: InvitationEntity,
  round: { nameZh: string; nameEn: string; closesAt: Date },
  expertName: string,
  hasAccount: boolean,
): InvitationLink {
  return {
    invitationId: inv.id,
    status: inv.status as InvitationStatus,
    roundNameZh: round.nameZh,
    roundNameEn: round.nameEn,
    roundClosesAt: round.closesAt,
    respondBy: inv.respondBy,
    expertName,
    email: inv.email,
    message: inv.message,
    hasAccount,
  };
}
