import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthService, type IssuedTokens } from '../auth/auth.service';
import type { AuthUser } from '../common/auth/decorators';
import { isOfficer } from '../common/auth/access';
import { Role } from '../common/auth/role.enum';
import { APP_CONFIG, type AppConfig } from '../common/config/config';
import { beijingTime } from '../common/i18n/texts';
import { DomainError, badInput, notFound } from '../common/graphql/errors';
import { returned } from '../common/database/returning';
import { ConflictsService } from '../conflicts/conflicts.service';
import { JobsService } from '../jobs/jobs.service';
import { MailService } from '../mail/mail.service';
import { type Notice, NoticesService } from '../notices/notices.service';
import { PersonEntity } from '../people/people.entity';
import { pledgeOf } from '../pledges/pledge-text';
import { RoundEntity } from '../rounds/round.entity';
import { accountForLinkedPerson } from '../users/linked-account';
import { UserEntity } from '../users/user.entity';
import { type DeclineReason, InvitationEntity, RoundAlternateEntity } from './invitation.entity';
import { newNonce, rowOfLink, signLink } from './invitation-link';
import { INVITATION_ORDER, invitationRank } from './invitation-order';
import { decodeCursor, encodeCursor, timeKey } from '../common/graphql/cursor';
import { UUID, checkIds } from '../common/graphql/ids';
import { checkFirst, pageOf } from '../common/graphql/page';
import { likePattern } from '../common/database/like';

export const INVITATION_QUEUE = 'invitations.sweep';
/** reminders go out this many days before the respond-by date (each once) */
export const INVITATION_REMINDER_DAYS = [3, 1];
const DAY = 86_400_000;
const DEFAULT_RESPOND_DAYS = 7;
const MAX_RESPOND_DAYS = 90;
const MAX_INVITEES = 200;
const REASONS: DeclineReason[] = ['NO_TIME', 'OUTSIDE_EXPERTISE', 'CONFLICT', 'OTHER'];
const REASON_ZH: Record<DeclineReason, string> = {
  NO_TIME: '时间冲突',
  OUTSIDE_EXPERTISE: '不在专业领域内',
  CONFLICT: '存在利益冲突',
  OTHER: '其他',
};

/** Reminder slots already passed at `now` for an answer due at `respondBy`: those are never sent late. */
export const slotsPassed = (respondBy: Date, now: Date) =>
  INVITATION_REMINDER_DAYS.filter((d) => now.getTime() >= respondBy.getTime() - d * DAY).length;

export interface InvitationSettings {
  /** invite the next alternate automatically after a decline or an expiry */
  autoAlternates: boolean;
}
export const invitationSettingsOf = (settings: object): InvitationSettings => ({
  autoAlternates: Boolean((settings as { invitations?: Partial<InvitationSettings> }).invitations?.autoAlternates),
});

export interface PersonConflict {
  projectId: string;
  projectTitle: string;
  rule: string;
  evidence: string;
  evidenceZh: string;
}

/**
 * 评审邀请 (NSFC 评审专家工作管理办法 art. 6: an expert chooses whether to take part). An officer
 * invites experts of the pool to a round, after seeing their conflicts with its projects; each gets
 * an e-mail with a signed link and a respond-by date. The link lets a new expert set a password once
 * (their e-mail is then confirmed); an expert with an account signs in. The answer — accept, accept
 * with a smaller load, decline with a reason and suggested substitutes — can change until the first
 * assignment. Unanswered invitations are reminded and expire on a schedule that runs once across
 * replicas (each step a conditional UPDATE of the row); after a decline or expiry the round's next
 * alternate is invited when the officer turned that on. A round that invited anyone is staffed by
 * its accepted invitees only, within their loads (round-pool.ts).
 */
@Injectable()
export class InvitationsService implements OnModuleInit {
  private readonly log = new Logger('Invitations');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly conflicts: ConflictsService,
    private readonly mail: MailService,
    private readonly notices: NoticesService,
    private readonly auth: AuthService,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit() {
    this.jobs.defineJob(
      { name: INVITATION_QUEUE, retryLimit: 2, retryDelaySeconds: 60, expireInSeconds: 600 },
      async () => {
        await this.sweep(new Date());
      },
      { cron: this.config.reminders.cron },
    );
  }

  linkOf(inv: Pick<InvitationEntity, 'id' | 'linkNonce'>): string {
    return `${this.config.publicUrl}/invitation/${signLink(this.config.jwtSecret, inv.id, inv.linkNonce)}`;
  }

  // ---------------------------------------------------------------- officers

  /** Experts of the pool as candidates for a round: their invitation there, workload and conflicts with its projects. */
  async candidates(roundId: string, personIds: string[]) {
    const round = await this.db.getRepository(RoundEntity).findOneBy({ id: roundId });
    if (!round) throw notFound('round', roundId);
    const conflicts = await this.personConflicts(this.db.manager, roundId, personIds);
    const rows: { person_id: string; status: string; load: number }[] = personIds.length
      ? await this.db.query(
          `SELECT p.id AS person_id,
                  (SELECT status FROM invitations WHERE round_id = $1 AND person_id = p.id) AS status,
                  (SELECT count(*)::int FROM assignments a JOIN users u ON u.id = a.reviewer_id
                     JOIN review_rounds r ON r.id = a.round_id
                    WHERE u.person_id = p.id AND a.status = 'ACTIVE' AND r.status IN ('DRAFT','OPEN')) AS load
             FROM persons p WHERE p.id = ANY($2::uuid[])`,
          [roundId, personIds],
        )
      : [];
    const byId = new Map(rows.map((r) => [r.person_id, r]));
    return personIds.map((id) => ({
      personId: id,
      invitationStatus: byId.get(id)?.status ?? null,
      workload: byId.get(id)?.load ?? 0,
      conflicts: conflicts.get(id) ?? [],
    }));
  }

  private async personConflicts(m: EntityManager, roundId: string, personIds: string[]) {
    const found = await this.conflicts.ofPersons(roundId, personIds, m);
    const projectIds = [...new Set([...found.values()].flat().map((c) => c.projectId))];
    const titles = new Map<string, string>(
      projectIds.length
        ? (
            (await m.query(`SELECT id, title_zh FROM applications WHERE id = ANY($1::uuid[])`, [projectIds])) as {
              id: string;
              title_zh: string;
            }[]
          ).map((r) => [r.id, r.title_zh])
        : [],
    );
    const out = new Map<string, PersonConflict[]>();
    for (const [person, list] of found)
      out.set(
        person,
        list.map((c) => ({ ...c, projectTitle: titles.get(c.projectId) ?? '' })),
      );
    return out;
  }

  /**
   * Invites experts to a round. An expert with conflicts against the round's projects is refused
   * with the evidence unless `confirmConflicts` (the officer saw it; the conflicted pairs stay
   * blocked in assignment). An earlier invitation that expired or was withdrawn is sent again.
   */
  async invite(
    roundId: string,
    input: { personIds: string[]; respondBy?: Date | null; message?: string | null; confirmConflicts?: boolean },
    actor: AuthUser,
    opts: { alternate?: boolean; manager?: EntityManager } = {},
  ): Promise<InvitationEntity[]> {
    const ids = [...new Set(input.personIds ?? [])];
    if (ids.length === 0) throw badInput('personIds', 'choose at least one expert / 请至少选择一位专家');
    if (ids.length > MAX_INVITEES)
      throw badInput('personIds', `at most ${MAX_INVITEES} experts at a time / 一次最多邀请 ${MAX_INVITEES} 位专家`);
    const now = new Date();
    const respondBy = input.respondBy
      ? new Date(input.respondBy)
      : new Date(now.getTime() + DEFAULT_RESPOND_DAYS * DAY);
    if (Number.isNaN(respondBy.getTime())) throw badInput('respondBy', 'is not a date / 不是有效日期');
    if (respondBy.getTime() <= now.getTime() + 3_600_000)
      throw badInput('respondBy', 'must be at least an hour from now / 答复期限须晚于当前时间至少 1 小时');
    if (respondBy.getTime() > now.getTime() + MAX_RESPOND_DAYS * DAY)
      throw badInput('respondBy', `must be within ${MAX_RESPOND_DAYS} days / 答复期限须在 ${MAX_RESPOND_DAYS} 天以内`);
    const message = input.message?.trim() || null;
    if (message && message.length > 2000) throw badInput('message', 'at most 2,000 characters / 最多 2000 字');
    const work = async (m: EntityManager) => {
      const round = await m.findOne(RoundEntity, { where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      if (!round) throw notFound('round', roundId);
      if (round.status === 'CLOSED' || round.status === 'FINALIZED')
        throw badInput('roundId', `the round is ${round.status}: nobody can be invited / 本轮评审已结束，不能再邀请`);
      if (respondBy.getTime() >= round.closesAt.getTime())
        throw badInput('respondBy', 'must be before the round closes / 答复期限须早于评审截止时间');
      const persons = await m.findBy(PersonEntity, { id: In(ids) });
      const byId = new Map(persons.map((p) => [p.id, p]));
      for (const id of ids) {
        const p = byId.get(id);
        if (!p || !p.inPool)
          throw badInput('personIds', 'one of the experts is not in the expert pool / 有专家不在专家库中');
        if (p.emails.length === 0)
          throw badInput('personIds', `${p.name} has no e-mail: add one first / ${p.name}没有邮箱，请先补充`);
      }
      const existing = await m.find(InvitationEntity, {
        where: { roundId, personId: In(ids) },
        lock: { mode: 'pessimistic_write' },
      });
      const prior = new Map(existing.map((x) => [x.personId, x]));
      for (const x of existing)
        if (x.status === 'PENDING' || x.status === 'ACCEPTED' || x.status === 'DECLINED')
          throw badInput(
            'personIds',
            `${byId.get(x.personId)!.name} was invited already (${x.status}) / ${byId.get(x.personId)!.name}已受邀`,
          );
      const conflicts = await this.personConflicts(m, roundId, ids);
      if (conflicts.size && !input.confirmConflicts) {
        const list = [...conflicts].flatMap(([personId, cs]) =>
          cs.map((c) => ({ personId, name: byId.get(personId)!.name, ...c })),
        );
        const first = list[0];
        throw new DomainError(
          'CONFLICT_OF_INTEREST',
          `${first.name} has ${conflicts.get(first.personId)!.length} conflict(s) with this round’s projects (${first.evidence}); confirm to invite anyway / ${first.name}与本轮项目存在回避关系（${first.evidenceZh}），确认后方可邀请`,
          { reason: 'CONFLICTS_NEED_CONFIRMATION', conflicts: list },
        );
      }
      const accounts: { id: string; person_id: string; email: string }[] = await m.query(
        `SELECT DISTINCT ON (person_id) id, person_id, email FROM users
          WHERE person_id = ANY($1::uuid[]) AND NOT disabled ORDER BY person_id, created_at`,
        [ids],
      );
      const accountOf = new Map(accounts.map((a) => [a.person_id, a]));
      const saved: InvitationEntity[] = [];
      for (const id of ids) {
        const p = byId.get(id)!;
        const account = accountOf.get(id);
        const fields = {
          roundId,
          personId: id,
          userId: account?.id ?? null,
          email: account?.email ?? p.emails[0],
          status: 'PENDING' as const,
          respondBy,
          message,
          maxLoad: null,
          reason: null,
          note: null,
          substitutes: null,
          linkNonce: newNonce(),
          linkUsedAt: null,
          reminders: slotsPassed(respondBy, now),
          lastRemindedAt: null,
          conflictsConfirmed: conflicts.has(id)
            ? conflicts.get(id)!.map((c) => ({
                projectId: c.projectId,
                rule: c.rule,
                evidence: c.evidence,
                evidenceZh: c.evidenceZh,
              }))
            : null,
          alternate: Boolean(opts.alternate),
          invitedBy: actor.id,
          respondedAt: null,
        };
        const before = prior.get(id);
        if (before) {
          await m.update(InvitationEntity, { id: before.id }, { ...fields, version: () => 'version + 1' });
          saved.push(await m.findOneByOrFail(InvitationEntity, { id: before.id }));
        } else {
          saved.push(await m.save(InvitationEntity, m.create(InvitationEntity, fields)));
        }
      }
      await this.send(m, round, saved, actor, 'INVITED');
      await this.audit.record(
        {
          actorId: actor.id,
          action: opts.alternate ? 'invitation.alternate' : 'invitation.send',
          entity: 'round',
          entityId: roundId,
          after: {
            invited: saved.map((x) => x.personId),
            respondBy: respondBy.toISOString(),
            conflictsConfirmed: saved.filter((x) => x.conflictsConfirmed).map((x) => x.personId),
          },
        },
        m,
      );
      return saved;
    };
    return opts.manager ? work(opts.manager) : this.db.transaction(work);
  }

  /** The invitation (or reminder) e-mails with their links, and the in-app notice for invitees who have an account. */
  private async send(
    m: EntityManager,
    round: RoundEntity,
    invs: InvitationEntity[],
    actor: AuthUser | null,
    kind: 'INVITED' | 'INVITATION_REMINDER',
  ) {
    const names = new Map(
      (await m.findBy(PersonEntity, { id: In(invs.map((x) => x.personId)) })).map((p) => [p.id, p.name]),
    );
    const due = (x: InvitationEntity) => beijingTime(x.respondBy);
    const reminder = kind === 'INVITATION_REMINDER';
    const status = await this.mail.queue(
      m,
      invs.map((x) => {
        const link = this.linkOf(x);
        const name = names.get(x.personId) ?? '';
        return {
          roundId: round.id,
          userId: x.userId,
          toAddress: x.email,
          subject: reminder
            ? `【评审邀请提醒】${round.nameZh}：请于 ${due(x)} 前答复 / Reminder: please answer the invitation to review`
            : `【评审邀请】${round.nameZh} / Invitation to review: ${round.nameEn}`,
          body:
            `${name} 专家您好：\n\n` +
            (reminder ? '您尚未答复以下评审邀请。' : '') +
            `国家自然科学基金数学天元基金—深圳“数学与智能+”重点专项诚邀您参加「${round.nameZh}」的评审工作（评审截止 ${beijingTime(round.closesAt)}）。\n` +
            (x.message ? `\n项目主管留言：${x.message}\n` : '') +
            `\n请于 ${due(x)}（北京时间）前通过以下链接答复（接受、调整评审数量或谢绝）：\n${link}\n\n` +
            `该链接仅供您本人使用，请勿转发。首次使用时请设置登录密码；已有账号请直接登录。\n\n` +
            `Dear ${name},\n\nYou are invited to review in "${round.nameEn}" (reviews due ${beijingTime(round.closesAt)} Beijing time).` +
            ` Please answer by ${due(x)} Beijing time — accept, accept fewer projects, or decline — at the link above.` +
            ' The link is for you alone; it sets your password the first time.',
        };
      }),
      actor?.id ?? null,
    );
    // in development without SMTP nothing leaves the machine: the links are printed for whoever runs it
    if (status === 'KEPT' && this.config.nodeEnv !== 'production')
      for (const x of invs) this.log.log(`invitation link for ${x.email} (${round.nameEn}): ${this.linkOf(x)}`);
    const notices: Notice[] = invs
      .filter((x) => x.userId)
      .map((x) => ({
        userId: x.userId!,
        roundId: round.id,
        kind,
        titleZh: `${reminder ? '邀请待答复' : '评审邀请'}：${round.nameZh}`,
        titleEn: `${reminder ? 'Invitation awaiting your answer' : 'Invitation to review'}: ${round.nameEn}`,
        bodyZh: `请于 ${due(x)}（北京时间）前答复是否参加「${round.nameZh}」的评审。`,
        bodyEn: `Please answer by ${due(x)} Beijing time whether you will review in "${round.nameEn}".`,
        link: '/invitations',
        email: false,
      }));
    await this.notices.notify(m, notices, actor?.id ?? null);
  }

  /** Re-sends an invitation with a new link (earlier links stop working) and, when given, a new respond-by date. */
  async resend(invitationId: string, respondBy: Date | null | undefined, actor: AuthUser) {
    return this.db.transaction(async (m) => {
      const inv = await this.lockOne(m, invitationId);
      if (inv.status !== 'PENDING' && inv.status !== 'EXPIRED')
        throw badInput(
          'invitationId',
          `the invitation is ${inv.status}; only unanswered ones are sent again / 仅可重发未答复的邀请`,
        );
      const round = await m.findOneByOrFail(RoundEntity, { id: inv.roundId });
      if (round.status === 'CLOSED' || round.status === 'FINALIZED')
        throw badInput('invitationId', 'the round is over / 本轮评审已结束');
      const now = new Date();
      const due = respondBy ? new Date(respondBy) : inv.respondBy;
      if (Number.isNaN(due.getTime()) || due.getTime() <= now.getTime() + 3_600_000)
        throw badInput('respondBy', 'must be at least an hour from now / 答复期限须晚于当前时间至少 1 小时');
      if (due.getTime() >= round.closesAt.getTime())
        throw badInput('respondBy', 'must be before the round closes / 答复期限须早于评审截止时间');
      await m.update(
        InvitationEntity,
        { id: inv.id },
        {
          status: 'PENDING',
          respondBy: due,
          linkNonce: newNonce(),
          reminders: slotsPassed(due, now),
          version: () => 'version + 1',
        },
      );
      const fresh = await m.findOneByOrFail(InvitationEntity, { id: inv.id });
      await this.send(m, round, [fresh], actor, 'INVITED');
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'invitation.resend',
          entity: 'invitation',
          entityId: inv.id,
          before: { status: inv.status, respondBy: inv.respondBy.toISOString() },
          after: { respondBy: due.toISOString() },
        },
        m,
      );
      return fresh;
    });
  }

  /** The officer withdraws an invitation (not once the expert has work in the round). */
  async withdraw(invitationId: string, actor: AuthUser) {
    return this.db.transaction(async (m) => {
      const inv = await this.lockOne(m, invitationId);
      if (inv.status === 'WITHDRAWN') return inv;
      if (inv.userId && (await this.hasWork(m, inv.roundId, inv.userId)))
        throw badInput(
          'invitationId',
          'the expert has assignments in this round: remove those first / 该专家在本轮已有评审任务，请先撤销任务',
        );
      await m.update(InvitationEntity, { id: inv.id }, { status: 'WITHDRAWN', version: () => 'version + 1' });
      const round = await m.findOneByOrFail(RoundEntity, { id: inv.roundId });
      if (inv.userId)
        await this.notices.notify(
          m,
          [
            {
              userId: inv.userId,
              roundId: round.id,
              kind: 'WITHDRAWN',
              titleZh: `邀请已撤回：${round.nameZh}`,
              titleEn: `Invitation withdrawn: ${round.nameEn}`,
              bodyZh: `项目办公室撤回了「${round.nameZh}」的评审邀请，感谢您的支持。`,
              bodyEn: `The programme office withdrew its invitation to review in "${round.nameEn}". Thank you.`,
              link: '/invitations',
            },
          ],
          actor.id,
        );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'invitation.withdraw',
          entity: 'invitation',
          entityId: inv.id,
          before: { status: inv.status },
          after: { status: 'WITHDRAWN' },
        },
        m,
      );
      return m.findOneByOrFail(InvitationEntity, { id: inv.id });
    });
  }

  /** A round's invitations, those that need the officer first: unanswered, declined, expired, then accepted. */
  async list(roundId: string) {
    const rows = await this.db
      .getRepository(InvitationEntity)
      .find({ where: { roundId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const rank = (x: InvitationEntity) => INVITATION_ORDER.indexOf(x.status);
    return rows.sort((a, b) => rank(a) - rank(b));
  }

  /** The state of each of these experts' invitation to the round (absent: not invited). */
  async statusesOf(roundId: string, personIds: string[]): Promise<Map<string, string>> {
    const rows: { personId: string; status: string }[] = await this.db.query(
      `SELECT person_id AS "personId", status FROM invitations WHERE round_id = $1 AND person_id = ANY($2::uuid[])`,
      [roundId, personIds],
    );
    return new Map(rows.map((r) => [r.personId, r.status]));
  }

  /**
   * A round's invitations a page at a time in the officer's order (see INVITATION_ORDER), filtered
   * by state and by the expert's name or e-mail, with the round's count of each state.
   */
  async page(
    roundId: string,
    filter: { status: string | null; search: string | null },
    first: number,
    after: string | null,
  ) {
    checkIds({ roundId });
    checkFirst(first);
    if (filter.status !== null && !(INVITATION_ORDER as readonly string[]).includes(filter.status))
      throw badInput('status', `must be one of ${INVITATION_ORDER.join(', ')}`);
    const search = likePattern(filter.search);
    let cursor: [number, string, string] | [null, null, null] = [null, null, null];
    if (after !== null) {
      const [rank, at, id] = decodeCursor(after, 'after', 3);
      if (!/^[1-9]$/.test(rank) || !UUID.test(id) || Number.isNaN(Date.parse(at)))
        throw badInput('after', 'is not a cursor this list gave / 不是本列表给出的游标');
      cursor = [Number(rank), at, id];
    }
    if (!(await this.db.getRepository(RoundEntity).existsBy({ id: roundId }))) throw notFound('round', roundId);
    const where = `i.round_id = $1 AND ($2::text IS NULL OR i.status = $2)
      AND ($3::text IS NULL OR i.email ILIKE $3 OR EXISTS (SELECT 1 FROM persons p WHERE p.id = i.person_id AND p.name ILIKE $3))`;
    const [keys, [{ total }], counts] = await Promise.all([
      this.db.query<{ id: string; rank: number; key: string }[]>(
        `SELECT i.id, ${invitationRank('i')} AS rank, ${timeKey('i.created_at')} AS key FROM invitations i
          WHERE ${where}
            AND ($4::int IS NULL OR (${invitationRank('i')}, i.created_at, i.id) > ($4::int, $5::timestamptz, $6::uuid))
          ORDER BY ${invitationRank('i')}, i.created_at, i.id LIMIT $7`,
        [roundId, filter.status, search, ...cursor, first + 1],
      ),
      this.db.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM invitations i WHERE ${where}`, [
        roundId,
        filter.status,
        search,
      ]),
      this.db.query<{ status: string; count: number }[]>(
        `SELECT i.status, count(*)::int AS count FROM invitations i WHERE i.round_id = $1
          GROUP BY i.status ORDER BY ${invitationRank('i')}`,
        [roundId],
      ),
    ]);
    const page = pageOf(keys, first, total, (k) => encodeCursor([String(k.rank), k.key, k.id]));
    const byId = new Map(
      (await this.db.getRepository(InvitationEntity).findBy({ id: In(page.items.map((k) => k.id)) })).map((x) => [
        x.id,
        x,
      ]),
    );
    // (one removed meanwhile, with its round, is left out)
    return { ...page, items: page.items.flatMap((k) => byId.get(k.id) ?? []), counts };
  }

  /** The round's alternates in order, and whether they are invited automatically. */
  async alternates(roundId: string) {
    const round = await this.db.getRepository(RoundEntity).findOneBy({ id: roundId });
    if (!round) throw notFound('round', roundId);
    const rows = await this.db
      .getRepository(RoundAlternateEntity)
      .find({ where: { roundId }, order: { position: 'ASC' } });
    return { round, rows, auto: invitationSettingsOf(round.settings).autoAlternates };
  }

  /** Replaces the round's ordered alternates and the automatic switch. */
  async setAlternates(roundId: string, personIds: string[], auto: boolean, actor: AuthUser) {
    const ids = personIds ?? [];
    if (new Set(ids).size !== ids.length) throw badInput('personIds', 'an expert is listed twice / 有专家重复');
    if (ids.length > MAX_INVITEES) throw badInput('personIds', `at most ${MAX_INVITEES} / 最多 ${MAX_INVITEES} 位`);
    await this.db.transaction(async (m) => {
      const round = await m.findOne(RoundEntity, { where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      if (!round) throw notFound('round', roundId);
      if (round.status === 'FINALIZED') throw badInput('roundId', 'the round is finalized / 本轮评审已定稿');
      const persons = ids.length ? await m.findBy(PersonEntity, { id: In(ids), inPool: true }) : [];
      if (persons.length !== ids.length)
        throw badInput('personIds', 'one of the experts is not in the expert pool / 有专家不在专家库中');
      await m.delete(RoundAlternateEntity, { roundId });
      if (ids.length)
        await m.insert(
          RoundAlternateEntity,
          ids.map((personId, position) => ({ roundId, personId, position })),
        );
      const settings = {
        ...round.settings,
        invitations: { ...invitationSettingsOf(round.settings), autoAlternates: auto },
      };
      await m.update(RoundEntity, { id: roundId }, { settings, version: () => 'version + 1' });
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'invitation.alternates',
          entity: 'round',
          entityId: roundId,
          after: { alternates: ids, auto },
        },
        m,
      );
    });
    return this.alternates(roundId);
  }

  /**
   * After a decline or an expiry: when the round invites alternates automatically, the first
   * alternate not yet invited is invited (their conflicts recorded as confirmed), with
   * the same respond-by span as the invitation that failed. Returns who was invited.
   */
  private async nextAlternate(m: EntityManager, round: RoundEntity, after: InvitationEntity): Promise<string | null> {
    if (!invitationSettingsOf(round.settings).autoAlternates) return null;
    if (round.status === 'CLOSED' || round.status === 'FINALIZED') return null;
    const rows: { person_id: string }[] = await m.query(
      `SELECT a.person_id FROM round_alternates a JOIN persons p ON p.id = a.person_id
        WHERE a.round_id = $1 AND p.in_pool AND cardinality(p.emails) > 0
          AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.round_id = a.round_id AND i.person_id = a.person_id)
        ORDER BY a.position`,
      [round.id],
    );
    const span = Math.max(2 * DAY, after.respondBy.getTime() - after.createdAt.getTime());
    const respondBy = new Date(Math.min(Date.now() + span, round.closesAt.getTime() - 3_600_000));
    if (respondBy.getTime() <= Date.now() + 3_600_000) return null;
    const inviter: AuthUser | null = after.invitedBy
      ? await m
          .findOneBy(UserEntity, { id: after.invitedBy })
          .then((u) => (u ? { id: u.id, email: u.email, name: u.name, roles: u.roles, personId: u.personId } : null))
      : null;
    const next = rows[0]?.person_id;
    if (!next || !inviter) return null;
    // the officer listed the alternates seeing their conflicts (the candidates' list shows them):
    // they are recorded on the invitation as confirmed, and the conflicted pairs stay blocked
    await this.invite(
      round.id,
      { personIds: [next], respondBy, message: after.message, confirmConflicts: true },
      inviter,
      { alternate: true, manager: m },
    );
    return next;
  }

  // ---------------------------------------------------------------- invitees

  /** The signed-in expert's invitations, newest first. */
  mine(user: AuthUser) {
    return this.db.getRepository(InvitationEntity).find({
      where: user.personId ? [{ userId: user.id }, { personId: user.personId }] : [{ userId: user.id }],
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  /**
   * The invitee answers. Accepting may state a smaller load; declining needs a reason (OTHER with
   * a few words) and may suggest substitutes. The answer can change until the first assignment
   * arrives; an unanswered invitation past its date has expired.
   */
  async respond(
    invitationId: string,
    input: {
      accept: boolean;
      reason?: string | null;
      note?: string | null;
      maxLoad?: number | null;
      substitutes?: string | null;
    },
    actor: AuthUser,
  ): Promise<InvitationEntity> {
    const answer = checkAnswer(input);
    return this.db.transaction(async (m) => {
      const inv = await this.lockOne(m, invitationId);
      if (inv.userId !== actor.id && !(actor.personId && inv.personId === actor.personId))
        throw notFound('invitation', invitationId);
      return this.answer(m, inv, answer, actor.id, actor);
    });
  }

  /** What a link shows before anyone signs in: the round, the dates, whether an account exists. */
  async byLink(token: string) {
    const inv = await this.fromLink(this.db.manager, token);
    const round = await this.db.getRepository(RoundEntity).findOneByOrFail({ id: inv.roundId });
    const person = await this.db.getRepository(PersonEntity).findOneByOrFail({ id: inv.personId });
    const [account]: { id: string }[] = await this.db.query(
      `SELECT id FROM users WHERE person_id = $1 OR lower(email) = lower($2) LIMIT 1`,
      [inv.personId, inv.email],
    );
    return { inv, round, person, hasAccount: Boolean(account) };
  }

  /**
   * A new expert sets a password through the link: the account is made (REVIEWER, linked to the
   * person, e-mail confirmed — the link reached that address) and signed in. Once only; an expert
   * who already has an account signs in instead.
   */
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
        roles: [Role.REVIEWER],
        password,
        signInInstead: 'you have an account already; sign in to answer / 您已有账号，请登录后答复',
      });
      await m.update(
        InvitationEntity,
        { id: inv.id },
        { linkUsedAt: new Date(), userId: user.id, version: () => 'version + 1' },
      );
      // the invitee's other invitations reach the same account
      await m.query(`UPDATE invitations SET user_id = $1 WHERE person_id = $2 AND user_id IS NULL`, [
        user.id,
        inv.personId,
      ]);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'invitation.account',
          entity: 'user',
          entityId: user.id,
          after: { invitationId: inv.id, email: user.email, roles: user.roles },
        },
        m,
      );
      // a new reviewer of the pool: rounds under way learn their conflicts now
      await this.conflicts.redetectAll(m);
      return user;
    });
    return this.auth.issue(made);
  }

  /** Declining through the link, without an account (an expert who says no should not need a password). */
  async declineByLink(
    token: string,
    input: { reason?: string | null; note?: string | null; substitutes?: string | null },
  ): Promise<InvitationEntity> {
    const answer = checkAnswer({ ...input, accept: false });
    return this.db.transaction(async (m) => {
      const inv = await this.fromLink(m, token, true);
      return this.answer(m, inv, answer, inv.userId, null);
    });
  }

  private async answer(
    m: EntityManager,
    inv: InvitationEntity,
    a: Answer,
    actorId: string | null,
    actor: AuthUser | null,
  ): Promise<InvitationEntity> {
    // the round row first (shared): an assignment run applying now waits, or sees this answer
    const round = await m.findOne(RoundEntity, { where: { id: inv.roundId }, lock: { mode: 'pessimistic_read' } });
    if (!round) throw notFound('invitation', inv.id);
    if (inv.status === 'WITHDRAWN')
      throw badInput('invitationId', 'the programme office withdrew this invitation / 项目办公室已撤回该邀请');
    if (inv.status === 'EXPIRED' || (inv.status === 'PENDING' && inv.respondBy.getTime() <= Date.now()))
      throw badInput(
        'invitationId',
        'the date to answer has passed; ask the programme office to send it again / 答复期限已过，请联系项目办公室重新发送',
      );
    if (round.status === 'CLOSED' || round.status === 'FINALIZED')
      throw badInput('invitationId', 'the round is over / 本轮评审已结束');
    const userId = inv.userId ?? (actor ? actor.id : null);
    if (inv.status !== 'PENDING' && userId && (await this.hasWork(m, inv.roundId, userId)))
      throw new DomainError(
        'BAD_USER_INPUT',
        'invitationId: your answer cannot change once work has been assigned; decline single projects from your list instead / 已分配评审任务后不能更改答复，可在任务列表中谢绝单个项目',
        { field: 'invitationId', reason: 'ANSWER_LOCKED' },
      );
    if (a.accept && !userId)
      throw badInput('invitationId', 'set a password or sign in before accepting / 请先设置密码或登录再接受邀请');
    const before = { status: inv.status, maxLoad: inv.maxLoad, reason: inv.reason };
    await m.update(
      InvitationEntity,
      { id: inv.id },
      {
        status: a.accept ? 'ACCEPTED' : 'DECLINED',
        maxLoad: a.accept ? a.maxLoad : null,
        reason: a.accept ? null : a.reason,
        note: a.note,
        substitutes: a.accept ? null : a.substitutes,
        userId,
        respondedAt: new Date(),
        version: () => 'version + 1',
      },
    );
    const person = await m.findOneByOrFail(PersonEntity, { id: inv.personId });
    await this.audit.record(
      {
        actorId,
        action: a.accept ? 'invitation.accept' : 'invitation.decline',
        entity: 'invitation',
        entityId: inv.id,
        before,
        after: a.accept
          ? { status: 'ACCEPTED', maxLoad: a.maxLoad }
          : { status: 'DECLINED', reason: a.reason, note: a.note, substitutes: a.substitutes },
      },
      m,
    );
    // the officer who invited is told, in the notice list (the invitations tab shows the rest)
    if (inv.invitedBy) {
      const what = a.accept
        ? a.maxLoad
          ? [`接受（最多 ${a.maxLoad} 项）`, `accepted (at most ${a.maxLoad} projects)`]
          : ['接受', 'accepted']
        : [`谢绝（${REASON_ZH[a.reason!]}）`, `declined (${a.reason})`];
      await this.notices.notify(
        m,
        [
          {
            userId: inv.invitedBy,
            roundId: round.id,
            kind: 'INVITATION_ANSWERED',
            titleZh: `${person.name}${what[0]}：${round.nameZh}`,
            titleEn: `${person.name} ${what[1]}: ${round.nameEn}`,
            bodyZh: `${person.name}${what[0]}「${round.nameZh}」的评审邀请。${a.note ? `说明：${a.note}` : ''}${a.substitutes ? ` 推荐替代专家：${a.substitutes}` : ''}`,
            bodyEn: `${person.name} ${what[1]} the invitation to review in "${round.nameEn}".${a.note ? ` Note: ${a.note}` : ''}${a.substitutes ? ` Suggested instead: ${a.substitutes}` : ''}`,
            link: '/rounds',
            email: false,
          },
        ],
        actorId,
      );
    }
    if (!a.accept) await this.nextAlternate(m, round, inv);
    return m.findOneByOrFail(InvitationEntity, { id: inv.id });
  }

  // ---------------------------------------------------------------- the schedule

  /**
   * Expires unanswered invitations past their date and reminds those whose reminder day has come.
   * Each step is a conditional UPDATE of the invitation's row in the transaction that queues its
   * e-mail: two replicas running this at once send each reminder and each expiry notice once.
   */
  async sweep(now: Date): Promise<{ expired: number; reminded: number }> {
    let expired = 0;
    let reminded = 0;
    const due: { id: string }[] = await this.db.query(
      `SELECT id FROM invitations WHERE status = 'PENDING' AND respond_by <= $1`,
      [now],
    );
    for (const { id } of due) {
      await this.db.transaction(async (m) => {
        const rows = returned<{ id: string }>(
          await m.query(
            `UPDATE invitations SET status = 'EXPIRED', version = version + 1, updated_at = now()
              WHERE id = $1 AND status = 'PENDING' AND respond_by <= $2 RETURNING id`,
            [id, now],
          ),
        );
        if (rows.length === 0) return; // another replica, or an answer, came first
        const inv = await m.findOneByOrFail(InvitationEntity, { id });
        const round = await m.findOneByOrFail(RoundEntity, { id: inv.roundId });
        const person = await m.findOneByOrFail(PersonEntity, { id: inv.personId });
        await this.audit.record(
          {
            actorId: null,
            action: 'invitation.expire',
            entity: 'invitation',
            entityId: id,
            after: { status: 'EXPIRED' },
          },
          m,
        );
        const alternate = await this.nextAlternate(m, round, inv);
        const alt = alternate ? await m.findOneBy(PersonEntity, { id: alternate }) : null;
        if (inv.invitedBy)
          await this.notices.notify(
            m,
            [
              {
                userId: inv.invitedBy,
                roundId: round.id,
                kind: 'INVITATION_EXPIRED',
                titleZh: `邀请未答复已过期：${person.name}`,
                titleEn: `Invitation expired unanswered: ${person.name}`,
                bodyZh: `${person.name}未在期限内答复「${round.nameZh}」的评审邀请。${alt ? `已自动邀请候补专家${alt.name}。` : '可重新发送或邀请候补专家。'}`,
                bodyEn: `${person.name} did not answer the invitation to "${round.nameEn}" in time. ${alt ? `The alternate ${alt.name} was invited.` : 'Send it again or invite an alternate.'}`,
                link: '/rounds',
              },
            ],
            null,
          );
        expired++;
      });
    }
    const pending: { id: string; respond_by: Date; reminders: number }[] = await this.db.query(
      `SELECT id, respond_by, reminders FROM invitations WHERE status = 'PENDING' AND respond_by > $1 AND respond_by <= $2`,
      [now, new Date(now.getTime() + Math.max(...INVITATION_REMINDER_DAYS) * DAY)],
    );
    for (const p of pending) {
      const slots = slotsPassed(p.respond_by, now);
      if (slots <= p.reminders) continue;
      await this.db.transaction(async (m) => {
        const rows = returned<{ id: string }>(
          await m.query(
            `UPDATE invitations SET reminders = $2, last_reminded_at = now(), updated_at = now()
              WHERE id = $1 AND status = 'PENDING' AND reminders < $2 RETURNING id`,
            [p.id, slots],
          ),
        );
        if (rows.length === 0) return;
        const inv = await m.findOneByOrFail(InvitationEntity, { id: p.id });
        const round = await m.findOneByOrFail(RoundEntity, { id: inv.roundId });
        await this.send(m, round, [inv], null, 'INVITATION_REMINDER');
        await this.audit.record(
          {
            actorId: null,
            action: 'invitation.remind',
            entity: 'invitation',
            entityId: inv.id,
            after: { slot: slots },
          },
          m,
        );
        reminded++;
      });
    }
    if (expired || reminded) this.log.log(`${expired} invitation(s) expired, ${reminded} reminded`);
    return { expired, reminded };
  }

  // ---------------------------------------------------------------- helpers

  /** Invitations as the API shows them, in a constant number of statements; what officers alone see is left out for others. */
  async present(invs: InvitationEntity[], viewer: AuthUser) {
    if (invs.length === 0) return [];
    const officer = isOfficer(viewer);
    const rounds = new Map(
      (await this.db.getRepository(RoundEntity).findBy({ id: In([...new Set(invs.map((x) => x.roundId))]) })).map(
        (r) => [r.id, r],
      ),
    );
    const names = new Map(
      (
        (await this.db.query(`SELECT id, name FROM persons WHERE id = ANY($1::uuid[])`, [
          [...new Set(invs.map((x) => x.personId))],
        ])) as { id: string; name: string }[]
      ).map((p) => [p.id, p.name]),
    );
    const work = new Set(
      (
        (await this.db.query(
          `SELECT DISTINCT round_id || '|' || reviewer_id AS k FROM assignments
            WHERE reviewer_id = ANY($1::uuid[]) AND round_id = ANY($2::uuid[])`,
          [[...new Set(invs.map((x) => x.userId).filter(Boolean))], [...rounds.keys()]],
        )) as { k: string }[]
      ).map((r) => r.k),
    );
    const signed = new Set(
      (
        (await this.db.query(
          `SELECT round_id || '|' || user_id || '|' || version AS k FROM pledges
            WHERE user_id = ANY($1::uuid[]) AND round_id = ANY($2::uuid[])`,
          [[...new Set(invs.map((x) => x.userId).filter(Boolean))], [...rounds.keys()]],
        )) as { k: string }[]
      ).map((r) => r.k),
    );
    const titles = new Map<string, string>();
    const projectIds = invs.flatMap((x) => (x.conflictsConfirmed ?? []).map((c) => c.projectId));
    if (officer && projectIds.length)
      for (const r of (await this.db.query(`SELECT id, title_zh FROM applications WHERE id = ANY($1::uuid[])`, [
        [...new Set(projectIds)],
      ])) as { id: string; title_zh: string }[])
        titles.set(r.id, r.title_zh);
    return invs.map((x) => {
      const round = rounds.get(x.roundId)!;
      const pledge = pledgeOf(round.settings);
      return {
        pledge,
        pledgeSigned:
          !pledge.required || (x.userId !== null && signed.has(`${x.roundId}|${x.userId}|${pledge.version}`)),
        id: x.id,
        roundId: x.roundId,
        roundNameZh: round.nameZh,
        roundNameEn: round.nameEn,
        roundClosesAt: round.closesAt,
        personId: x.personId,
        expertName: names.get(x.personId) ?? '',
        email: x.email,
        status: x.status,
        respondBy: x.respondBy,
        message: x.message,
        maxLoad: x.maxLoad,
        reason: x.reason,
        note: x.note,
        substitutes: x.substitutes,
        respondedAt: x.respondedAt,
        reminders: x.reminders,
        alternate: x.alternate,
        invitedAt: x.createdAt,
        hasAccount: x.userId !== null,
        answerLocked: x.userId !== null && work.has(`${x.roundId}|${x.userId}`),
        conflictsConfirmed: officer
          ? (x.conflictsConfirmed ?? []).map((c) => ({
              projectId: c.projectId,
              projectTitle: titles.get(c.projectId) ?? '',
              rule: c.rule,
              evidence: c.evidence,
              evidenceZh: c.evidenceZh ?? c.evidence,
            }))
          : [],
      };
    });
  }

  private async lockOne(m: EntityManager, id: string): Promise<InvitationEntity> {
    if (!/^[0-9a-f-]{36}$/i.test(String(id))) throw notFound('invitation', String(id));
    const inv = await m.findOne(InvitationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!inv) throw notFound('invitation', id);
    return inv;
  }

  /** The invitation a link names, when its signature holds; refused alike when tampered with or voided. */
  private async fromLink(m: EntityManager, token: string, lock = false): Promise<InvitationEntity> {
    const inv = await rowOfLink(m, InvitationEntity, token, {
      secret: this.config.jwtSecret,
      nonceOf: (x) => x.linkNonce,
      lock,
    });
    if (inv.status === 'WITHDRAWN')
      throw new DomainError('BAD_USER_INPUT', 'token: the programme office withdrew this invitation / 该邀请已撤回', {
        field: 'token',
        reason: 'LINK_WITHDRAWN',
      });
    if (inv.status === 'EXPIRED' || (inv.status === 'PENDING' && inv.respondBy.getTime() <= Date.now()))
      throw new DomainError(
        'BAD_USER_INPUT',
        'token: the date to answer has passed; ask the programme office to send it again / 答复期限已过，请联系项目办公室重新发送',
        { field: 'token', reason: 'LINK_EXPIRED' },
      );
    return inv;
  }

  private async hasWork(m: EntityManager, roundId: string, userId: string): Promise<boolean> {
    const [{ n }]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM assignments WHERE round_id = $1 AND reviewer_id = $2`,
      [roundId, userId],
    );
    return n > 0;
  }
}

interface Answer {
  accept: boolean;
  maxLoad: number | null;
  reason: DeclineReason | null;
  note: string | null;
  substitutes: string | null;
}

/** An answer checked field by field before anything is read. */
function checkAnswer(input: {
  accept: boolean;
  reason?: string | null;
  note?: string | null;
  maxLoad?: number | null;
  substitutes?: string | null;
}): Answer {
  const note = input.note?.trim() || null;
  const substitutes = input.substitutes?.trim() || null;
  if (note && note.length > 2000) throw badInput('note', 'at most 2,000 characters / 最多 2000 字');
  if (substitutes && substitutes.length > 2000)
    throw badInput('substitutes', 'at most 2,000 characters / 最多 2000 字');
  if (input.accept) {
    const maxLoad = input.maxLoad ?? null;
    if (maxLoad !== null && (!Number.isInteger(maxLoad) || maxLoad < 1 || maxLoad > 200))
      throw badInput('maxLoad', 'must be a whole number from 1 to 200 / 须为 1 到 200 的整数');
    return { accept: true, maxLoad, reason: null, note, substitutes: null };
  }
  const reason = input.reason as DeclineReason | null | undefined;
  if (!reason || !REASONS.includes(reason))
    throw badInput('reason', 'choose a reason: NO_TIME, OUTSIDE_EXPERTISE, CONFLICT or OTHER / 请选择谢绝理由');
  if (reason === 'OTHER' && !note) throw badInput('note', 'say briefly why / 请简要说明理由');
  return { accept: false, maxLoad: null, reason, note, substitutes };
}
