import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { badInput, notFound } from '../common/graphql/errors';
import { OutboxEntity } from '../mail/outbox.entity';
import { MailService } from '../mail/mail.service';
import { RoundEntity } from '../rounds/round.entity';
import { beijingTime } from '../common/i18n/texts';
import type { ReminderPreview, RoundProgress } from './progress.models';

/** Progress of a round and reminders to reviewers, read for officers. */
@Injectable()
export class ProgressService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

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
    await this.db.transaction(async (m) => {
      const status = await this.mail.queue(
        m,
        due.map((r) => ({ roundId, userId: r.reviewerId, toAddress: r.email, ...this.reminder(round, r) })),
        actor.id,
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'round.remind',
          entity: 'round',
          entityId: roundId,
          after: { reminded: due.length, delivery: status === 'PENDING' ? 'smtp' : 'outbox' },
        },
        m,
      );
    });
    return due.length;
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

  outbox(roundId: string | null) {
    return this.db
      .getRepository(OutboxEntity)
      .find({ where: roundId ? { roundId } : {}, order: { createdAt: 'DESC' }, take: 500 });
  }
}
