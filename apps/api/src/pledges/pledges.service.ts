import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { isOfficer } from '../common/auth/access';
import { badInput, DomainError, notFound } from '../common/graphql/errors';
import { decodeTimeCursor, encodeCursor, timeKey } from '../common/graphql/cursor';
import { checkIds } from '../common/graphql/ids';
import { checkFirst, pageOf } from '../common/graphql/page';
import { RoundEntity } from '../rounds/round.entity';
import { PledgeEntity } from './pledge.entity';
import { pledgeOf, type PledgeSettings } from './pledge-text';

/** The error a reviewer meets before signing: what to do, in both languages, with the round named. */
export const pledgeRequired = (roundId: string) =>
  new DomainError(
    'FORBIDDEN',
    'sign the round’s integrity and confidentiality pledge first / 请先签署本轮评审的诚信与保密承诺书',
    { reason: 'PLEDGE_REQUIRED', roundId },
  );

/**
 * 承诺书: a reviewer signs the round's pledge (the version in force) before any material or score
 * of the round; officers set the text per round (each change a new version) and read who signed.
 */
@Injectable()
export class PledgesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Refuses a reviewer's write in a round whose pledge they have not signed (officers pass), given
   * the versions the actor signed for the round (read by the caller with its own query).
   */
  assertSignedAmong(round: Pick<RoundEntity, 'id' | 'settings'>, actor: AuthUser, signedVersions: number[]): void {
    if (isOfficer(actor)) return;
    const p = pledgeOf(round.settings);
    if (p.required && !signedVersions.includes(p.version)) throw pledgeRequired(round.id);
  }

  /** Signs the version in force; signing again is a no-op answering the signature. Only a reviewer of the round (or an accepted invitee) may. */
  async sign(roundId: string, actor: AuthUser): Promise<PledgeEntity> {
    return this.db.transaction(async (m) => {
      const round = await m.findOneBy(RoundEntity, { id: roundId });
      if (!round) throw notFound('round', roundId);
      const [{ n }] = await m.query(
        `SELECT (SELECT count(*) FROM assignments WHERE round_id = $1 AND reviewer_id = $2 AND status = 'ACTIVE')
              + (SELECT count(*) FROM invitations WHERE round_id = $1 AND user_id = $2 AND status = 'ACCEPTED') AS n`,
        [roundId, actor.id],
      );
      // not a reviewer of it (assigned, or an invitation accepted): indistinguishable from a missing round
      if (!Number(n)) throw notFound('round', roundId);
      if (round.status === 'FINALIZED') throw badInput('roundId', 'the round is finalized / 本轮评审已定稿');
      const p = pledgeOf(round.settings);
      await m.query(
        `INSERT INTO pledges (round_id, user_id, version, text_zh, text_en) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (round_id, user_id, version) DO NOTHING`,
        [roundId, actor.id, p.version, p.textZh, p.textEn],
      );
      const row = await m.findOneByOrFail(PledgeEntity, { roundId, userId: actor.id, version: p.version });
      await this.audit.record(
        { actorId: actor.id, action: 'pledge.sign', entity: 'round', entityId: roundId, after: { version: p.version } },
        m,
      );
      return row;
    });
  }

  /** The round's pledge set by an officer: required or not, and its text (a changed text is a new version). */
  async set(roundId: string, input: { required: boolean; textZh: string; textEn: string }, actor: AuthUser) {
    const textZh = input.textZh.trim();
    const textEn = input.textEn.trim();
    if (textZh.length < 20 || textZh.length > 5000)
      throw badInput('textZh', 'the Chinese text must be 20 to 5,000 characters / 中文承诺书须为 20 到 5000 字');
    if (textEn.length < 20 || textEn.length > 10000)
      throw badInput('textEn', 'the English text must be 20 to 10,000 characters / 英文承诺书须为 20 到 10000 字符');
    return this.db.transaction(async (m) => {
      const round = await m.findOne(RoundEntity, { where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      if (!round) throw notFound('round', roundId);
      if (round.status === 'FINALIZED') throw badInput('roundId', 'the round is finalized / 本轮评审已定稿');
      const before = pledgeOf(round.settings);
      const changed = before.textZh !== textZh || before.textEn !== textEn;
      const pledge: PledgeSettings = {
        required: input.required,
        version: changed ? before.version + 1 : before.version,
        textZh,
        textEn,
      };
      round.settings = { ...round.settings, pledge };
      await m.update(RoundEntity, { id: roundId }, { settings: round.settings, version: () => 'version + 1' });
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'pledge.set',
          entity: 'round',
          entityId: roundId,
          before: { required: before.required, version: before.version },
          after: { required: pledge.required, version: pledge.version },
        },
        m,
      );
      return m.findOneByOrFail(RoundEntity, { id: roundId });
    });
  }

  /** Every signature of a round, with who signed (officers). */
  /** One page of the round's signatures in the order they came (keyset on the time and id), with their number. */
  async page(roundId: string, first: number, after: string | null) {
    checkIds({ roundId });
    checkFirst(first);
    const [at, id] = decodeTimeCursor(after);
    if (!(await this.db.getRepository(RoundEntity).existsBy({ id: roundId }))) throw notFound('round', roundId);
    const [rows, [{ total }]] = await Promise.all([
      this.db.query<(PledgeEntity & { userName: string; userEmail: string; key: string })[]>(
        `SELECT p.id, p.round_id AS "roundId", p.user_id AS "userId", p.version, p.text_zh AS "textZh", p.text_en AS "textEn",
                p.signed_at AS "signedAt", u.name AS "userName", u.email AS "userEmail", ${timeKey('p.signed_at')} AS key
           FROM pledges p JOIN users u ON u.id = p.user_id
          WHERE p.round_id = $1 AND ($2::timestamptz IS NULL OR (p.signed_at, p.id) > ($2::timestamptz, $3::uuid))
          ORDER BY p.signed_at, p.id LIMIT $4`,
        [roundId, at, id, first + 1],
      ),
      this.db.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM pledges WHERE round_id = $1`, [roundId]),
    ]);
    return pageOf(rows, first, total, (p) => encodeCursor([p.key, p.id]));
  }

  async list(roundId: string) {
    if (!(await this.db.getRepository(RoundEntity).existsBy({ id: roundId }))) throw notFound('round', roundId);
    const rows: (PledgeEntity & { userName: string; userEmail: string })[] = await this.db.query(
      `SELECT p.id, p.round_id AS "roundId", p.user_id AS "userId", p.version, p.text_zh AS "textZh", p.text_en AS "textEn",
              p.signed_at AS "signedAt", u.name AS "userName", u.email AS "userEmail"
         FROM pledges p JOIN users u ON u.id = p.user_id WHERE p.round_id = $1 ORDER BY p.signed_at, u.email`,
      [roundId],
    );
    return rows;
  }
}
