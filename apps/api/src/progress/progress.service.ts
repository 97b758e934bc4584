import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { badInput, notFound } from '../common/graphql/errors';
import { decodeTimeCursor, encodeCursor, timeKey } from '../common/graphql/cursor';
import { checkIds } from '../common/graphql/ids';
import { checkFirst, pageOf } from '../common/graphql/page';
import { OutboxEntity } from '../mail/outbox.entity';
import { MailService } from '../mail/mail.service';
import { RoundEntity } from '../rounds/round.entity';
import { beijingTime } from '../common/i18n/texts';
import { APP_CONFIG, type AppConfig } from '../common/config/config';
import { JobsService } from '../jobs/jobs.service';
import { NoticesService } from '../notices/notices.service';
import type { ReminderPreview, RoundProgress } from './progress.models';
import { dueSlots } from './reminder-slots';

/** The delivery statuses of an outbox message. */
const OUTBOX_STATUSES = ['KEPT', 'PENDING', 'SENDING', 'SENT', 'FAILED'] as const;

export const REMINDER_QUEUE = 'reminders';

/** Progress of a round and reminders to reviewers: on an officer's click, and on a schedule. */
@Injectable()
export class ProgressService implements OnModuleInit {
  private readonly log = new Logger('Reminders');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly jobs: JobsService,
    private readonly notices: NoticesService,
  ) {}

  onModuleInit() {
    // the schedule fires once per tick across replicas; reminder_slots makes each reminder go out once anyway
    this.jobs.defineJob(
      { name: REMINDER_QUEUE, retryLimit: 2, retryDelaySeconds: 60, expireInSeconds: 600 },
      async () => {
        await this.sendDue(new Date());
      },
      { cron: this.config.reminders.cron },
    );
  }

  /**
   * The automatic reminders due at `now` in every OPEN round (see reminder-slots.ts): each slot
   * is claimed in reminder_slots, in the same transaction as the messages it queues, so that a
   * slot goes out once however many replicas or retries run this. Returns reviewers reminded.
   */
  async sendDue(now: Date): Promise<number> {
    const rounds = await this.db.getRepository(RoundEntity).findBy({ status: 'OPEN' });
    let total = 0;
    for (const round of rounds) {
      const { current, due } = dueSlots(round, now, this.config.reminders);
      if (!current) continue;
      const reviewers = (await this.roundProgress(round.id)).reviewers.filter((r) => r.submitted < r.assigned);
      const sent = await this.db.transaction(async (m) => {
        const claimed: { slot: string }[] = await m.query(
          `INSERT INTO reminder_slots (round_id, slot, reminded) SELECT $1, unnest($2::text[]), $3
           ON CONFLICT DO NOTHING RETURNING slot`,
          [round.id, due, reviewers.length],
        );
        if (!claimed.some((c) => c.slot === current)) return 0;
        await this.remind(m, round, reviewers, null, current);
        return reviewers.length;
      });
      if (sent) this.log.log(`${round.nameEn}: ${current}, ${sent} reviewer(s) reminded`);
      total += sent;
    }
    return total;
  }

  async roundProgress(roundId: string): Promise<RoundProgress> {
    const round = await this.db.getRepository(RoundEntity).findOneBy({ id: roundId });
    if (!round) throw notFound('round', roundId);
    const past = Date.now() >= round.closesAt.getTime();
    const reviewers: {
      id: string;
      name: string;
      email: string;
      assigned: number;
      drafts: number;
      submitted: number;
    }[] = await this.db.query(
      `SELECT u.id, u.name, u.email, count(a.id)::int AS assigned,
              count(r.id) FILTER (WHERE r.status = 'DRAFT')::int AS drafts,
              count(r.id) FILTER (WHERE r.status = 'SUBMITTED')::int AS submitted
         FROM assignments a JOIN users u ON u.id = a.reviewer_id LEFT JOIN reviews r ON r.assignment_id = a.id
        WHERE a.round_id = $1 AND a.status = 'ACTIVE' GROUP BY u.id ORDER BY u.email`,
      [roundId],
    );
    const projects: {
      id: string;
      external_id: string;
      title_zh: string;
      number: number;
      assigned: number;
      drafts: number;
      submitted: number;
    }[] = await this.db.query(
      `SELECT p.id, p.external_id, p.title_zh, d.number, count(a.id)::int AS assigned,
              count(r.id) FILTER (WHERE r.status = 'DRAFT')::int AS drafts,
              count(r.id) FILTER (WHERE r.status = 'SUBMITTED')::int AS submitted
         FROM round_projects rp JOIN applications p ON p.id = rp.application_id JOIN directions d ON d.id = p.direction_id
         LEFT JOIN assignments a ON a.application_id = p.id AND a.round_id = rp.round_id AND a.status = 'ACTIVE'
         LEFT JOIN reviews r ON r.assignment_id = a.id
        WHERE rp.round_id = $1 GROUP BY p.id, d.number ORDER BY d.number, p.external_id`,
      [roundId],
    );
    const sum = (k: 'assigned' | 'drafts' | 'submitted') => reviewers.reduce((a, r) => a + r[k], 0);
    return {
      assigned: sum('assigned'),
      drafts: sum('drafts'),
      submitted: sum('submitted'),
      reviewers: reviewers.map((r) => ({
        reviewerId: r.id,
        name: r.name,
        email: r.email,
        assigned: r.assigned,
        drafts: r.drafts,
        submitted: r.submitted,
        overdue: past && r.submitted < r.assigned,
      })),
      projects: projects.map((p) => ({
        projectId: p.id,
        externalId: p.external_id,
        title: p.title_zh,
        direction: p.number,
        assigned: p.assigned,
        drafts: p.drafts,
        submitted: p.submitted,
      })),
    };
  }
  /** Who would be reminded now and what they would read; and whether mail really leaves. */
  async reminderPreview(roundId: string): Promise<ReminderPreview> {
    const { round, due } = await this.dueReminders(roundId);
    const first = due.length ? this.reminder(round, due[0]) : null;
    return {
      delivery: this.mail.enabled ? 'SMTP' : 'OUTBOX',
      recipients: due.map((r) => ({ name: r.name, email: r.email, due: r.assigned - r.submitted })),
      subject: first?.subject ?? null,
      body: first?.body ?? null,
    };
  }

  async sendReminders(roundId: string, actor: AuthUser): Promise<number> {
    const { round, due } = await this.dueReminders(roundId);
    await this.db.transaction((m) => this.remind(m, round, due, actor.id, null));
    return due.length;
  }

  /** Queues the reminders and records who sent them (an officer, or the schedule with its slot). */
  private async remind(
    m: EntityManager,
    round: RoundEntity,
    due: { reviewerId: string; email: string; name: string; assigned: number; submitted: number }[],
    actorId: string | null,
    slot: string | null,
  ) {
    const status = await this.mail.queue(
      m,
      due.map((r) => ({ roundId: round.id, userId: r.reviewerId, toAddress: r.email, ...this.reminder(round, r) })),
      actorId,
    );
    // the same reminder in each reviewer's notice list (the e-mail is the one queued above)
    const deadline = beijingTime(round.closesAt);
    await this.notices.notify(
      m,
      due.map((r) => ({
        userId: r.reviewerId,
        roundId: round.id,
        kind: 'DEADLINE',
        titleZh: `评审截止提醒：${round.nameZh}`,
        titleEn: `Reviews due: ${round.nameEn}`,
        bodyZh: `尚有 ${r.assigned - r.submitted} 份评审意见未提交，截止时间 ${deadline}（北京时间）。`,
        bodyEn: `${r.assigned - r.submitted} review(s) not submitted yet; the round closes at ${deadline} Beijing time.`,
        link: '/reviews',
        email: false,
      })),
      actorId,
    );
    await this.audit.record(
      {
        actorId,
        action: slot ? 'round.remind.auto' : 'round.remind',
        entity: 'round',
        entityId: round.id,
        after: { reminded: due.length, delivery: status === 'PENDING' ? 'smtp' : 'outbox', ...(slot ? { slot } : {}) },
      },
      m,
    );
  }

  private async dueReminders(roundId: string) {
    const round = await this.db.getRepository(RoundEntity).findOneBy({ id: roundId });
    if (!round) throw notFound('round', roundId);
    if (round.status !== 'OPEN')
      throw badInput(
        'roundId',
        `reminders go out while the round is OPEN (it is ${round.status}) / 只有评审中的轮次可以发送催办提醒`,
      );
    const p = await this.roundProgress(roundId);
    return { round, due: p.reviewers.filter((r) => r.submitted < r.assigned) };
  }

  /** One reminder, in Chinese then English (the reader's language is not known for e-mail). */
  private reminder(round: RoundEntity, r: { name: string; assigned: number; submitted: number }) {
    const n = r.assigned - r.submitted;
    const deadline = beijingTime(round.closesAt);
    return {
      subject: `【评审提醒】${round.nameZh}：尚有 ${n} 份评审意见未提交 / Reminder: ${n} review(s) due`,
      body: `${r.name} 专家您好：\n\n「${round.nameZh}」将于 ${deadline}（北京时间）截止，您尚有 ${n} 份评审意见未提交，请登录评审平台完成。\n\nDear ${r.name}, ${n} of your reviews for "${round.nameEn}" are not submitted yet; the round closes at ${deadline} Beijing time.`,
    };
  }

  /**
   * One page of the outbox, newest first after the cursor's message (keyset on created_at and id),
   * for a round or all, narrowed by delivery status, with the filtered total.
   */
  async outboxPage(f: { roundId: string | null; status: string | null }, first: number, after: string | null) {
    checkIds({ roundId: f.roundId });
    checkFirst(first);
    if (f.status !== null && !OUTBOX_STATUSES.includes(f.status as (typeof OUTBOX_STATUSES)[number]))
      throw badInput('status', `must be one of ${OUTBOX_STATUSES.join(', ')} / 状态无效`);
    const [at, id] = decodeTimeCursor(after);
    const where = `($1::uuid IS NULL OR o.round_id = $1) AND ($2::text IS NULL OR o.status = $2)`;
    const params = [f.roundId, f.status];
    const [rows, [{ total }]] = await Promise.all([
      this.db.query<(OutboxEntity & { key: string })[]>(
        `SELECT o.id, o.to_address AS "toAddress", o.subject, o.body, o.created_at AS "createdAt",
                o.sent_at AS "sentAt", o.status, o.attempts, o.error,
                ${timeKey('o.created_at')} AS key
           FROM outbox o
          WHERE ${where} AND ($3::timestamptz IS NULL OR (o.created_at, o.id) < ($3::timestamptz, $4::uuid))
          ORDER BY o.created_at DESC, o.id DESC LIMIT $5`,
        [...params, at, id, first + 1],
      ),
      this.db.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM outbox o WHERE ${where}`, params),
    ]);
    return pageOf(rows, first, total, (o) => encodeCursor([o.key, o.id]));
  }

  outbox(roundId: string | null) {
    return this.db
      .getRepository(OutboxEntity)
      .find({ where: roundId ? { roundId } : {}, order: { createdAt: 'DESC' }, take: 500 });
  }
}
