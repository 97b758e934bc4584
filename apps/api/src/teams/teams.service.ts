import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { AuditService } from '../audit/audit.service';
import { AuthService, type IssuedTokens } from '../auth/auth.service';
import type { AuthUser } from '../common/auth/decorators';
import { isOfficer } from '../common/auth/access';
import { Role } from '../common/auth/role.enum';
import { APP_CONFIG, type AppConfig } from '../common/config/config';
import { DomainError, badInput, notFound } from '../common/graphql/errors';
import { newNonce, rowOfLink, signLink } from '../invitations/invitation-link';
import { MailService } from '../mail/mail.service';
import { NoticesService } from '../notices/notices.service';
import { PersonEntity } from '../people/people.entity';
import { accountForLinkedPerson } from '../users/linked-account';
import { FUNDED_STATUSES, leadProjectIds } from './leads';
import { TeamInvitationEntity } from './team.entity';

const PURPOSE = 'team-link';
const UUID = /^[0-9a-f-]{36}$/i;

/**
 * 项目负责人: a funded project's two leads (PI, the overall lead, and CO_PI) get accounts with the
 * PI role through a signed link an officer sends them (as experts do); an account they already
 * have (a reviewer, say) gains the role instead. A PI reaches their own projects and nothing else:
 * `leads()` is the one test every team operation makes.
 */
@Injectable()
export class TeamsService {
  private readonly log = new Logger('Teams');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly mail: MailService,
    private readonly notices: NoticesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  linkOf(inv: TeamInvitationEntity): string {
    return `${this.config.publicUrl}/team/${signLink(this.config.jwtSecret, inv.id, inv.nonce, PURPOSE)}`;
  }

  /** The ids of the funded projects this user leads (as PI or CO_PI, with the PI role). */
  async projectsOf(user: AuthUser, m: EntityManager = this.db.manager): Promise<string[]> {
    return leadProjectIds(m, user);
  }

  /** True when the user leads this funded project. */
  async leads(user: AuthUser, projectId: string, m: EntityManager = this.db.manager): Promise<boolean> {
    if (!UUID.test(String(projectId))) return false;
    return (await this.projectsOf(user, m)).includes(projectId);
  }

  /** Officers, or the project's leads; anyone else is told the project does not exist. */
  async assertReaches(user: AuthUser, projectId: string, m: EntityManager = this.db.manager) {
    if (isOfficer(user)) {
      if (!UUID.test(String(projectId)) || !(await m.existsBy(ApplicationEntity, { id: projectId })))
        throw notFound('project', String(projectId));
      return;
    }
    if (!(await this.leads(user, projectId, m))) throw notFound('project', String(projectId));
  }

  /** A project's lead accounts and links, as the officer sees them. */
  async list(projectId: string) {
    return this.db.query(
      `SELECT ti.id, ti.role, ti.email, p.name, ti.sent_at AS "sentAt", ti.link_used_at AS "linkUsedAt", ti.user_id AS "userId"
         FROM team_invitations ti JOIN persons p ON p.id = ti.person_id
        WHERE ti.application_id = $1 ORDER BY ti.role, p.name`,
      [projectId],
    ) as Promise<
      {
        id: string;
        role: 'PI' | 'CO_PI';
        email: string;
        name: string;
        sentAt: Date;
        linkUsedAt: Date | null;
        userId: string | null;
      }[]
    >;
  }

  /**
   * Sends each lead of a funded project a link to take an account (again: a new link voids the
   * old). A lead who already has an account (by person or e-mail) gains the PI role on it and is
   * told in the app; a lead without an e-mail is named in the error.
   */
  async invite(projectId: string, actor: AuthUser) {
    if (!UUID.test(String(projectId))) throw notFound('project', String(projectId));
    const sent = await this.db.transaction(async (m) => {
      const app = await m.findOne(ApplicationEntity, { where: { id: projectId }, lock: { mode: 'pessimistic_write' } });
      if (!app) throw notFound('project', projectId);
      if (!FUNDED_STATUSES.includes(app.status))
        throw badInput('projectId', 'only a funded project’s leads get accounts / 仅获资助项目的负责人可开通账号');
      const leads: { person_id: string; role: 'PI' | 'CO_PI'; name: string; emails: string[] }[] = await m.query(
        `SELECT tm.person_id, tm.role, p.name, p.emails FROM team_members tm JOIN persons p ON p.id = tm.person_id
          WHERE tm.application_id = $1 AND tm.role IN ('PI','CO_PI') ORDER BY tm.role, tm.position`,
        [projectId],
      );
      if (leads.length === 0) throw badInput('projectId', 'the project names no lead / 该项目没有负责人');
      const noMail = leads.find((l) => !l.emails?.length);
      if (noMail)
        throw badInput(
          'projectId',
          `${noMail.name} has no e-mail on record; add one to the team first / ${noMail.name} 没有邮箱，请先补充`,
        );
      const out: TeamInvitationEntity[] = [];
      for (const l of leads) {
        const email = l.emails[0].toLowerCase();
        const [existing]: { id: string; roles: string[]; person_id: string | null }[] = await m.query(
          `SELECT id, roles, person_id FROM users WHERE person_id = $1 OR lower(email) = $2 ORDER BY (person_id = $1) DESC NULLS LAST LIMIT 1`,
          [l.person_id, email],
        );
        if (existing && existing.person_id && existing.person_id !== l.person_id)
          throw badInput(
            'projectId',
            `the account ${email} belongs to another person; correct the e-mail first / 邮箱 ${email} 属于另一人的账号`,
          );
        const nonce = newNonce();
        const [row]: TeamInvitationEntity[] = await m.query(
          `INSERT INTO team_invitations (application_id, person_id, role, email, nonce, sent_at, user_id, created_by)
           VALUES ($1, $2, $3, $4, $5, now(), $6, $7)
           ON CONFLICT (application_id, person_id) DO UPDATE SET role = EXCLUDED.role, email = EXCLUDED.email,
             nonce = EXCLUDED.nonce, sent_at = now(), user_id = COALESCE(team_invitations.user_id, EXCLUDED.user_id)
           RETURNING id, nonce, email, user_id AS "userId", link_used_at AS "linkUsedAt"`,
          [projectId, l.person_id, l.role, email, nonce, existing?.id ?? null, actor.id],
        );
        if (existing) {
          // the account they have gains the role and the link to the person
          await m.query(
            `UPDATE users SET roles = CASE WHEN 'PI' = ANY(roles) THEN roles ELSE roles || ARRAY['PI'] END,
                    person_id = COALESCE(person_id, $2), token_version = token_version + CASE WHEN 'PI' = ANY(roles) THEN 0 ELSE 1 END
              WHERE id = $1`,
            [existing.id, l.person_id],
          );
          await this.notices.notify(
            m,
            [
              {
                userId: existing.id,
                roundId: null,
                kind: 'TEAM_ACCESS',
                titleZh: `项目负责人：${app.externalId}`,
                titleEn: `Project lead: ${app.externalId}`,
                bodyZh: `您的账号已可查看「${app.titleZh}」并提交中期进展报告（请重新登录）。`,
                bodyEn: `Your account now reaches “${app.titleEn || app.titleZh}” and its mid-term report (sign in again).`,
                link: '/projects',
              },
            ],
            actor.id,
          );
        }
        out.push(row);
        await this.mail.queue(
          m,
          [
            {
              roundId: null,
              userId: existing?.id ?? null,
              toAddress: email,
              subject: `【项目负责人账号】${app.externalId} / Project lead account`,
              body:
                `${l.name} 老师您好：\n\n您负责的项目「${app.titleZh}」（${app.externalId}）已可在评审平台上提交中期进展报告、查看评审意见。\n` +
                (existing
                  ? '您已有平台账号，请直接用原邮箱和密码登录。\n'
                  : `请通过以下链接设置密码并登录（仅供您本人使用）：\n${this.linkOf({ id: row.id, nonce } as TeamInvitationEntity)}\n`) +
                `\nDear ${l.name},\n\nYour project “${app.titleEn || app.titleZh}” (${app.externalId}) can now report its mid-term progress and read its reviews on the platform. ` +
                (existing
                  ? 'Sign in with your existing account.'
                  : 'Set your password at the link above (for you alone).'),
            },
          ],
          actor.id,
        );
        if (!this.mail.enabled && this.config.nodeEnv !== 'production' && !existing)
          this.log.log(
            `team link for ${email} (${app.externalId}): ${this.linkOf({ id: row.id, nonce } as TeamInvitationEntity)}`,
          );
      }
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'team.invite',
          entity: 'project',
          entityId: projectId,
          after: { leads: leads.map((l) => ({ role: l.role, personId: l.person_id })) },
        },
        m,
      );
      return out;
    });
    return sent;
  }

  private fromLink(m: EntityManager, token: string, lock = false): Promise<TeamInvitationEntity> {
    return rowOfLink(m, TeamInvitationEntity, token, {
      secret: this.config.jwtSecret,
      nonceOf: (x) => x.nonce,
      purpose: PURPOSE,
      lock,
    });
  }

  /** What the link shows before sign-in: the project, the lead's name, whether an account exists. */
  async byLink(token: string) {
    const inv = await this.fromLink(this.db.manager, token);
    const app = await this.db.getRepository(ApplicationEntity).findOneByOrFail({ id: inv.applicationId });
    const person = await this.db.getRepository(PersonEntity).findOneByOrFail({ id: inv.personId });
    const [account]: { id: string }[] = await this.db.query(
      `SELECT id FROM users WHERE person_id = $1 OR lower(email) = lower($2) LIMIT 1`,
      [inv.personId, inv.email],
    );
    return {
      externalId: app.externalId,
      titleZh: app.titleZh,
      titleEn: app.titleEn || app.titleZh,
      name: person.name,
      email: inv.email,
      role: inv.role,
      hasAccount: Boolean(account),
      used: Boolean(inv.linkUsedAt),
    };
  }

  /** A lead sets a password through the link: the PI account is made (once) and signed in. */
  async accountFromLink(token: string, password: string): Promise<IssuedTokens> {
    const made = await this.db.transaction(async (m) => {
      const inv = await this.fromLink(m, token, true);
      if (inv.linkUsedAt)
        throw new DomainError(
          'BAD_USER_INPUT',
          'token: this link has set a password already; sign in with your e-mail and password / 该链接已使用过，请用邮箱和密码登录',
          { field: 'token', reason: 'LINK_USED' },
        );
      const user = await accountForLinkedPerson(m, {
        personId: inv.personId,
        email: inv.email,
        roles: [Role.PI],
        password,
        signInInstead: 'you have an account already; sign in with it / 您已有账号，请直接登录',
      });
      await m.update(TeamInvitationEntity, { id: inv.id }, { linkUsedAt: new Date(), userId: user.id });
      // the same lead's links for other projects reach this account too
      await m.query(`UPDATE team_invitations SET user_id = $1 WHERE person_id = $2 AND user_id IS NULL`, [
        user.id,
        inv.personId,
      ]);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'team.account',
          entity: 'user',
          entityId: user.id,
          after: { teamInvitationId: inv.id, email: user.email, roles: user.roles },
        },
        m,
      );
      return user;
    });
    return this.auth.issue(made);
  }
}
