import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In } from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { Project } from '../applications/models/project.model';
import { Assignment } from '../assignments/models/assignment.model';
import type { AssignmentEntity } from '../assignments/assignment.entity';
import { AuthPayload } from '../auth/models/auth-payload.model';
import { isOfficer } from '../common/auth/access';
import { type AuthUser, CurrentUser, Public, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { DomainError } from '../common/graphql/errors';
import type { RoundEntity } from '../rounds/round.entity';
import { FeedbackService } from './feedback.service';
import { ReportsService } from './reports.service';
import {
  ProgressReport,
  ProgressReportInput,
  ProjectFeedback,
  ProjectRound,
  ReportStatusRow,
  TeamInvitation,
  TeamLink,
} from './teams.models';
import { TeamsService } from './teams.service';

@Resolver()
export class TeamsResolver {
  constructor(
    private readonly teams: TeamsService,
    private readonly reports: ReportsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => [TeamInvitation], {
    description:
      '项目负责人账号: sends a funded project’s leads (PI, CO_PI) a link to take an account (again: a new link voids the old); an existing account gains the PI role',
  })
  async inviteTeam(@Args('projectId', { type: () => ID }) projectId: string, @CurrentUser() user: AuthUser) {
    await this.teams.invite(projectId, user);
    return this.invitations(projectId);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [TeamInvitation], { description: 'a project’s lead accounts and links (officers)' })
  async teamInvitations(@Args('projectId', { type: () => ID }) projectId: string) {
    return this.invitations(projectId);
  }

  private async invitations(projectId: string): Promise<TeamInvitation[]> {
    if (!/^[0-9a-f-]{36}$/i.test(projectId)) return [];
    const rows = await this.teams.list(projectId);
    const accounts: { id: string }[] = rows.length
      ? await this.db.query(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND 'PI' = ANY(roles)`, [
          rows.map((r) => r.userId).filter(Boolean),
        ])
      : [];
    const ok = new Set(accounts.map((a) => a.id));
    return rows.map((r) => ({ ...r, hasAccount: r.userId !== null && ok.has(r.userId) }));
  }

  @Public()
  @Query(() => TeamLink, { description: 'what a lead’s link shows before sign-in (the signed link is the key)' })
  teamInvitationByLink(@Args('token') token: string) {
    return this.teams.byLink(token);
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description: 'a lead sets a password through the link (once): the PI account is made and signed in',
  })
  setPasswordByTeamLink(@Args('token') token: string, @Args('password') password: string) {
    return this.teams.accountFromLink(token, password);
  }

  @Roles(Role.PI)
  @Query(() => [Project], { description: 'a PI: the funded projects they lead' })
  async myProjects(@CurrentUser() user: AuthUser) {
    const ids = await this.teams.projectsOf(user);
    if (ids.length === 0) return [];
    return this.db.getRepository(ApplicationEntity).find({ where: { id: In(ids) }, order: { externalId: 'ASC' } });
  }

  @Query(() => ProgressReport, {
    description:
      '中期进展报告: for officers and the project’s leads; for its unconflicted reviewers and panel members once submitted',
  })
  async progressReport(
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('roundId', { type: () => ID }) roundId: string,
    @CurrentUser() user: AuthUser,
  ) {
    const r = await this.reports.read(projectId, roundId, user);
    return this.reports.present(r.report, projectId, r.round, r.targets, r.app.shenzhenLanding, r.judge, user);
  }

  @Roles(Role.PI)
  @Mutation(() => ProgressReport, {
    description:
      'a lead saves the report as a draft (versions as for reviews: a stale expectedVersion is VERSION_CONFLICT)',
  })
  async saveProgressReport(
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('input') input: ProgressReportInput,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @CurrentUser() user: AuthUser,
  ) {
    await this.reports.save(projectId, roundId, input, expectedVersion ?? null, user);
    return this.progressReport(projectId, roundId, user);
  }

  @Roles(Role.PI)
  @Mutation(() => ProgressReport, {
    description:
      'a lead submits the report: every target, the summary, the mid-term report PDF and, where committed, the landing plan',
  })
  async submitProgressReport(
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @CurrentUser() user: AuthUser,
  ) {
    await this.reports.submit(projectId, roundId, expectedVersion, user);
    return this.progressReport(projectId, roundId, user);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ProgressReport, { description: 'an officer returns a submitted report for changes, with a note' })
  async returnProgressReport(
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('note') note: string,
    @CurrentUser() user: AuthUser,
  ) {
    await this.reports.giveBack(projectId, roundId, note, user);
    return this.progressReport(projectId, roundId, user);
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => [ReportStatusRow], { description: 'a mid-term round’s projects with their reports’ state' })
  async progressReports(@Args('roundId', { type: () => ID }) roundId: string): Promise<ReportStatusRow[]> {
    const { rows } = await this.reports.list(roundId);
    return rows.map((r) => ({
      ...r,
      titleEn: r.titleEn || r.title,
      status: r.status ?? 'NOT_STARTED',
      version: r.version ?? 0,
      late: r.late ?? false,
    }));
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => ProjectRound, { description: 'when a mid-term round’s progress reports are due (null: no date)' })
  async setReportDue(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('dueAt', { type: () => Date, nullable: true }) dueAt: Date | null,
    @CurrentUser() user: AuthUser,
  ) {
    const r = await this.reports.setDue(roundId, dueAt ? new Date(dueAt) : null, user);
    return roundView(r);
  }
}

const roundView = (r: RoundEntity): ProjectRound => ({
  roundId: r.id,
  nameZh: r.nameZh,
  nameEn: r.nameEn,
  status: r.status,
  reportDueAt: r.reportDueAt,
});

/** What a project shows its leads (and officers): its mid-term rounds and the feedback of finalized rounds. */
@Resolver(() => Project)
export class ProjectTeamResolver {
  constructor(
    private readonly teams: TeamsService,
    private readonly feedbackOf: FeedbackService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  private async reaches(user: AuthUser, projectId: string) {
    return isOfficer(user) || (await this.teams.leads(user, projectId));
  }

  @ResolveField(() => [ProjectRound], {
    description: 'the mid-term rounds that evaluate the project (officers and its leads; empty for anyone else)',
  })
  async midtermRounds(@Parent() p: ApplicationEntity, @CurrentUser() user: AuthUser): Promise<ProjectRound[]> {
    if (!(await this.reaches(user, p.id))) return [];
    const rows: RoundEntity[] = await this.db.query(
      `SELECT r.id, r.name_zh AS "nameZh", r.name_en AS "nameEn", r.status, r.report_due_at AS "reportDueAt"
         FROM round_projects rp JOIN review_rounds r ON r.id = rp.round_id
        WHERE rp.application_id = $1 AND r.kind = 'MIDTERM' ORDER BY r.opens_at`,
      [p.id],
    );
    return rows.map(roundView);
  }

  @ResolveField(() => [ProjectFeedback], {
    description:
      '评审反馈: per finalized round the decision, the panel’s result and the comments to the applicant under reviewer codes (officers and its leads)',
  })
  async feedback(@Parent() p: ApplicationEntity, @CurrentUser() user: AuthUser) {
    if (!(await this.reaches(user, p.id))) return [];
    return this.feedbackOf.of(p.id);
  }
}

/** The team's report beside a mid-term assignment: what the reviewer judges against the call's numbers. */
@Resolver(() => Assignment)
export class AssignmentReportResolver {
  constructor(private readonly reports: ReportsService) {}

  @ResolveField(() => ProgressReport, {
    nullable: true,
    description: 'mid-term rounds: the team’s progress report, once submitted (null elsewhere)',
  })
  async progressReport(@Parent() a: AssignmentEntity, @CurrentUser() user: AuthUser) {
    try {
      const r = await this.reports.read(a.applicationId, a.roundId, user);
      return this.reports.present(r.report, a.applicationId, r.round, r.targets, r.app.shenzhenLanding, r.judge, user);
    } catch (e) {
      // not a mid-term round, or not (any more) the viewer's to read: nothing to show
      if (e instanceof DomainError) return null;
      throw e;
    }
  }
}
