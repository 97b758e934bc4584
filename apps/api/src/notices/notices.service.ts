import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/decorators';
import { badInput } from '../common/graphql/errors';
import { returned } from '../common/database/returning';
import { MailService } from '../mail/mail.service';
import { NoticeEntity } from './notice.entity';
import { UUID } from '../common/graphql/ids';

/** One thing to tell one user, in both languages; `email: false` keeps it to the in-app list. */
export interface Notice {
  userId: string;
  roundId: string | null;
  kind: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  link?: string | null;
  email?: boolean;
}

/**
 * 通知: every notice is a row in the user's in-app list and, unless told otherwise, an e-mail
 * through the outbox (delivery state there), written in the caller's transaction: the notice
 * exists if and only if the change it tells of does.
 */
@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailService,
  ) {}

  async notify(m: EntityManager, notices: Notice[], actorId: string | null): Promise<void> {
    if (notices.length === 0) return;
    await m.insert(
      NoticeEntity,
      notices.map((n) => ({
        userId: n.userId,
        roundId: n.roundId,
        kind: n.kind,
        titleZh: n.titleZh,
        titleEn: n.titleEn,
        bodyZh: n.bodyZh,
        bodyEn: n.bodyEn,
        link: n.link ?? null,
      })),
    );
    const mailed = notices.filter((n) => n.email !== false);
    if (mailed.length === 0) return;
    const users: { id: string; email: string; disabled: boolean }[] = await m.query(
      `SELECT id, email, disabled FROM users WHERE id = ANY($1::uuid[])`,
      [[...new Set(mailed.map((n) => n.userId))]],
    );
    const to = new Map(users.filter((u) => !u.disabled).map((u) => [u.id, u.email]));
    await this.mail.queue(
      m,
      mailed
        .filter((n) => to.has(n.userId))
        .map((n) => ({
          roundId: n.roundId,
          userId: n.userId,
          toAddress: to.get(n.userId)!,
          subject: `【${n.titleZh}】 / ${n.titleEn}`,
          body: `${n.bodyZh}\n\n${n.bodyEn}`,
        })),
      actorId,
    );
  }

  /** The user's notices, newest first, a page at a time, with the unread count. */
  async mine(user: AuthUser, offset: number, limit: number) {
    if (!Number.isInteger(offset) || offset < 0) throw badInput('offset', 'must be a whole number ≥ 0 / 须为非负整数');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw badInput('limit', 'must be from 1 to 100 / 须在 1 到 100 之间');
    const [items, counts] = await Promise.all([
      this.db
        .getRepository(NoticeEntity)
        .find({ where: { userId: user.id }, order: { createdAt: 'DESC', id: 'ASC' }, skip: offset, take: limit }),
      this.db.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM notices WHERE user_id = $1`,
        [user.id],
      ) as Promise<{ total: number; unread: number }[]>,
    ]);
    return { total: counts[0].total, unread: counts[0].unread, offset, items };
  }

  /** Marks the user's own notices read (all of them when no ids are given); answers how many changed. */
  async markRead(user: AuthUser, ids: string[] | null | undefined): Promise<number> {
    if (ids && ids.length > 500) throw badInput('ids', 'at most 500 at a time / 一次最多 500 条');
    if (ids?.some((id) => !UUID.test(id))) throw badInput('ids', 'not notice ids / 通知编号无效');
    const res = await this.db.query(
      `UPDATE notices SET read_at = now() WHERE user_id = $1 AND read_at IS NULL ${ids ? 'AND id = ANY($2::uuid[])' : ''} RETURNING id`,
      ids ? [user.id, ids] : [user.id],
    );
    return returned(res).length;
  }
}
