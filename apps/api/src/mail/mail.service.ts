import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, type Transporter } from 'nodemailer';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../common/config/config';
import { OutboxEntity } from './outbox.entity';
import { JobsService } from '../jobs/jobs.service';

const MAIL_JOB = 'mail.deliver';
const BATCH = 50;
const MAX_ATTEMPTS = 5;
/** a message left SENDING this long (its worker died) is tried again */
const STALE_SENDING_MS = 10 * 60 * 1000;

/**
 * Outgoing mail through the outbox table (the transactional outbox pattern): a message is written
 * in the same transaction as the change that causes it, then a background job (any replica)
 * claims pending messages with SKIP LOCKED and hands them to the SMTP server. A refused or failed
 * send is retried with exponential back-off (1, 2, 4, 8 minutes) and given up after 5 attempts
 * (FAILED, with the server's answer kept). Delivery is at least once: a worker that dies between
 * the server's acceptance and the SENT mark leaves the message to be sent again after 10 minutes.
 * Without SMTP_URL, messages are KEPT for officers to read in the outbox.
 */
@Injectable()
export class MailService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Mail');
  private readonly transport: Transporter | null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
  ) {
    this.transport = config.smtpUrl
      ? createTransport({
          url: config.smtpUrl,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        })
      : null;
  }

  get enabled() {
    return this.transport !== null;
  }

  onModuleInit() {
    this.jobs.defineJob({ name: MAIL_JOB, retryLimit: 3, retryDelaySeconds: 30, expireInSeconds: 600 }, async () => {
      await this.deliverPending();
    });
  }

  onModuleDestroy() {
    this.transport?.close();
  }

  /**
   * Writes messages inside the caller's transaction: PENDING with a delivery job when SMTP is
   * configured, KEPT otherwise. Returns the status given.
   */
  async queue(
    m: EntityManager,
    messages: Pick<OutboxEntity, 'roundId' | 'userId' | 'toAddress' | 'subject' | 'body'>[],
    actorId: string | null,
  ): Promise<OutboxEntity['status']> {
    const status = this.enabled ? 'PENDING' : 'KEPT';
    if (messages.length === 0) return status;
    await m.insert(
      OutboxEntity,
      messages.map((msg) => ({ ...msg, status })),
    );
    if (this.enabled) await this.jobs.send(MAIL_JOB, { count: messages.length, by: actorId }, { manager: m });
    return status;
  }

  /** Sends every message that is due; re-queues itself for the earliest retry. */
  async deliverPending(): Promise<{ sent: number; retry: number; failed: number }> {
    const totals = { sent: 0, retry: 0, failed: 0 };
    if (!this.transport) return totals;
    for (;;) {
      const res: unknown[] = await this.db.query(
        `UPDATE outbox SET status = 'SENDING', attempts = attempts + 1, next_attempt_at = now()
          WHERE id IN (SELECT id FROM outbox
                        WHERE (status = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= now()))
                           OR (status = 'SENDING' AND next_attempt_at < now() - ($1 || ' milliseconds')::interval)
                        ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT ${BATCH})
          RETURNING id, to_address AS "toAddress", subject, body, attempts`,
        [String(STALE_SENDING_MS)],
      );
      const rows = (Array.isArray(res[0]) ? res[0] : res) as Pick<
        OutboxEntity,
        'id' | 'toAddress' | 'subject' | 'body' | 'attempts'
      >[];
      if (rows.length === 0) break;
      for (const row of rows) {
        try {
          await this.transport.sendMail({
            from: this.config.mailFrom,
            to: row.toAddress,
            subject: row.subject,
            text: row.body,
            messageId: `<${row.id}@tianyuan-review>`,
          });
          await this.db.query(`UPDATE outbox SET status = 'SENT', sent_at = now(), error = NULL WHERE id = $1`, [
            row.id,
          ]);
          totals.sent++;
        } catch (e) {
          const msg = ((e as Error).message || String(e)).slice(0, 1000);
          const giveUp = row.attempts >= MAX_ATTEMPTS;
          await this.db.query(
            `UPDATE outbox SET status = $2, error = $3, next_attempt_at = now() + ($4 || ' minutes')::interval WHERE id = $1`,
            [row.id, giveUp ? 'FAILED' : 'PENDING', msg, String(2 ** (row.attempts - 1))],
          );
          if (giveUp) totals.failed++;
          else totals.retry++;
          this.log.warn(`mail to ${row.toAddress} ${giveUp ? 'given up' : 'will be retried'}: ${msg}`);
        }
      }
    }
    const next: { at: Date | null }[] = await this.db.query(
      `SELECT min(next_attempt_at) AS at FROM outbox WHERE status = 'PENDING'`,
    );
    if (next[0]?.at) await this.jobs.send(MAIL_JOB, { retry: true }, { startAfter: next[0].at });
    return totals;
  }
}
