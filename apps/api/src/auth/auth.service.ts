import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../common/config/config';
import type { AuthUser } from '../common/auth/decorators';
import { DomainError, badInput } from '../common/graphql/errors';
import type { AccessTokenPayload } from '../common/auth/access-token';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from '../common/auth/password';
import { UserEntity } from '../users/user.entity';
import { LoginAttemptEntity } from './login-attempt.entity';
import { RefreshTokenEntity } from './refresh-token.entity';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserEntity;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Two refreshes of one token this close together are one client (two tabs), not a thief. */
const REFRESH_GRACE_MS = 10_000;

/** The successor token, sealed with a key only the holder of `token` can derive (AES-256-GCM). */
function sealSuccessor(token: string, successor: string): string {
  const key = createHash('sha256').update(`successor:${token}`).digest();
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(successor, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
}

function openSuccessor(token: string, sealed: string): string | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const key = createHash('sha256').update(`successor:${token}`).digest();
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}
const normEmail = (e: string) => e.trim().toLowerCase();
/** Sign-in attempts from one address may be this many times an account's limit (shared NAT, a lab). */
const IP_FACTOR = 5;
/** Failures of one account from all addresses together that stop everyone for the window. */
const ACCOUNT_HARD_FACTOR = 10;

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Takes one attempt for `email` from `ip`, or refuses it (TOO_MANY_REQUESTS), before any
   * password is checked. The check and the count are one step under advisory locks on the address
   * and the account (in that order, so two never wait on each other crosswise): N parallel tries
   * get at most the limit through, on any number of replicas.
   *
   * The rules (docs/SECURITY.md):
   * - an address may fail LOGIN_MAX_ATTEMPTS times for one account in the window, and 5× that
   *   over all accounts;
   * - once an account has that many failures from anywhere, only addresses that have not failed
   *   for it in the window may still try, once each: an attacker cannot lock the owner out, and
   *   each new address costs the attacker one guess;
   * - 10× the limit for an account from all addresses together stops everyone until the window
   *   passes (a distributed attack).
   * A success removes the account's attempts, this one included.
   */
  private async takeAttempt(email: string, ip: string): Promise<void> {
    const limit = this.config.loginMaxAttempts;
    const since = new Date(Date.now() - this.config.loginWindowSeconds * 1000);
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('login-ip:' || $1, 0))`, [ip]);
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('login-account:' || $1, 0))`, [email]);
      const [c]: { account: number; accountHere: number; here: number }[] = await m.query(
        `SELECT count(*) FILTER (WHERE email = $1)::int AS account,
                count(*) FILTER (WHERE email = $1 AND ip = $2)::int AS "accountHere",
                count(*) FILTER (WHERE ip = $2)::int AS here
           FROM login_attempts WHERE at > $3 AND (email = $1 OR ip = $2)`,
        [email, ip, since],
      );
      const refused =
        c.here >= limit * IP_FACTOR ||
        c.accountHere >= limit ||
        (c.account >= limit && c.accountHere > 0) ||
        c.account >= limit * ACCOUNT_HARD_FACTOR;
      if (refused)
        throw new DomainError(
          'TOO_MANY_REQUESTS',
          `Too many failed sign-ins; try again in ${Math.ceil(this.config.loginWindowSeconds / 60)} minutes / 登录失败次数过多，请 ${Math.ceil(this.config.loginWindowSeconds / 60)} 分钟后再试`,
          { retryAfterSeconds: this.config.loginWindowSeconds },
        );
      await m.query(`INSERT INTO login_attempts (email, ip) VALUES ($1, $2)`, [email, ip]);
    });
  }

  /** Checks credentials with throttling per account and per address (attempts counted first). */
  async validateCredentials(emailRaw: string, password: string, ip: string): Promise<UserEntity> {
    const email = normEmail(String(emailRaw ?? ''));
    if (!email || email.length > 320) throw badInput('email', 'an e-mail address is required / 请输入邮箱');
    if (typeof password !== 'string' || password.length === 0) throw badInput('password', 'required / 请输入密码');
    if (password.length > 1000) throw badInput('password', 'too long / 过长');
    await this.takeAttempt(email, ip);
    const user = await this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = :email', { email })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    if (!user || !ok) throw new DomainError('UNAUTHENTICATED', 'Wrong e-mail or password / 邮箱或密码错误');
    // the owner proved who they are: the account's failures (and this attempt) are forgotten
    await this.db.getRepository(LoginAttemptEntity).delete({ email });
    // told only to someone who knows the password: the owner learns why, nobody else learns anything
    if (user.disabled)
      throw new DomainError(
        'UNAUTHENTICATED',
        'This account is disabled; ask the programme office to enable it / 账号已停用，请联系项目办公室',
        { reason: 'ACCOUNT_DISABLED' },
      );
    return user;
  }

  async issue(user: UserEntity, familyId: string = randomUUID()): Promise<IssuedTokens> {
    const accessToken = await this.signAccess(user, familyId);
    const refreshToken = randomBytes(32).toString('base64url');
    await this.db.getRepository(RefreshTokenEntity).insert({
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    });
    return { accessToken, refreshToken, expiresIn: this.config.accessTokenTtlSeconds, user };
  }

  /**
   * Rotates a refresh token: the presented one is spent and a new one of the same family issued.
   * Presented again within REFRESH_GRACE_MS (two tabs refreshing at once), it yields the same
   * successor. Presented again later, it was copied: the whole family is revoked, its access
   * tokens with it.
   */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    if (typeof refreshToken !== 'string' || refreshToken.length < 20 || refreshToken.length > 200) {
      throw new DomainError('UNAUTHENTICATED', 'Invalid refresh token / 刷新令牌无效');
    }
    const hash = sha256(refreshToken);
    const r = await this.db.transaction(async (m) => {
      const row = await m
        .getRepository(RefreshTokenEntity)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.token_hash = :hash', { hash })
        .getOne();
      if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) {
        throw new DomainError('UNAUTHENTICATED', 'Refresh token expired or revoked / 刷新令牌已失效');
      }
      const user = await m.findOneBy(UserEntity, { id: row.userId });
      if (!user || user.disabled) throw new DomainError('UNAUTHENTICATED', 'Account disabled / 账号已停用');
      if (row.rotatedAt) {
        const successor = row.successorEnc ? openSuccessor(refreshToken, row.successorEnc) : null;
        if (successor && Date.now() - row.rotatedAt.getTime() <= REFRESH_GRACE_MS) {
          const next = await m.findOneBy(RefreshTokenEntity, { tokenHash: sha256(successor) });
          if (next && !next.revokedAt) return { user, refreshToken: successor, familyId: row.familyId };
        }
        // the family's access tokens end with it (the token check reads the family)
        await m.update(RefreshTokenEntity, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        await this.audit.record(
          {
            actorId: row.userId,
            action: 'auth.refresh_reuse',
            entity: 'user',
            entityId: row.userId,
            after: { familyId: row.familyId },
          },
          m,
        );
        return null;
      }
      const next = randomBytes(32).toString('base64url');
      await m.update(
        RefreshTokenEntity,
        { id: row.id },
        { rotatedAt: new Date(), successorEnc: sealSuccessor(refreshToken, next) },
      );
      await m.insert(RefreshTokenEntity, {
        userId: user.id,
        familyId: row.familyId,
        tokenHash: sha256(next),
        expiresAt: row.expiresAt,
      });
      return { user, refreshToken: next, familyId: row.familyId };
    });
    if (!r)
      throw new DomainError(
        'UNAUTHENTICATED',
        'Refresh token reused; session revoked / 刷新令牌被重复使用，会话已撤销',
      );
    return {
      accessToken: await this.signAccess(r.user, r.familyId),
      refreshToken: r.refreshToken,
      expiresIn: this.config.accessTokenTtlSeconds,
      user: r.user,
    };
  }

  private signAccess(user: UserEntity, familyId: string): Promise<string> {
    const payload: AccessTokenPayload = { sub: user.id, tv: user.tokenVersion, typ: 'access', fid: familyId };
    return this.jwt.signAsync(payload, {
      secret: this.config.jwtSecret,
      expiresIn: this.config.accessTokenTtlSeconds,
      algorithm: 'HS256',
      jwtid: randomUUID(),
    });
  }

  /** Revokes the session of this refresh token (or every session of the user when none is given). */
  async logout(user: AuthUser, refreshToken?: string | null): Promise<boolean> {
    await this.db.transaction(async (m) => {
      const repo = m.getRepository(RefreshTokenEntity);
      if (refreshToken) {
        const row = await repo.findOneBy({ tokenHash: sha256(refreshToken), userId: user.id });
        if (row) await repo.update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
      } else {
        await repo.update({ userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      }
      // the session's access tokens end now, not at their expiry: the token check reads the family
      await this.audit.record({ actorId: user.id, action: 'auth.logout', entity: 'user', entityId: user.id }, m);
    });
    return true;
  }

  /**
   * The owner closes their account (注销): refused while work is open (an unsubmitted review in a
   * round under way, an invitation awaiting or accepted there, a panel seat in a meeting not
   * ended) and for officers and administrators (an administrator disables those). The name and
   * e-mail become a code (`已注销 E1A2B3C4D`), the person record loses its name, e-mails, ORCID,
   * title and keywords and leaves the expert pool, every session ends and no password opens it
   * again. The reviews written stay, under that code; affiliations and relations stay so that
   * conflicts with earlier projects are still found.
   */
  async closeAccount(actor: AuthUser, password: string, ip: string): Promise<boolean> {
    if (actor.roles.some((r) => r === 'ADMIN' || r === 'PROGRAM_OFFICER'))
      throw new DomainError(
        'FORBIDDEN',
        'officers and administrators are closed by an administrator (disable the account) / 项目主管和管理员账号请由管理员停用',
      );
    const user = await this.db.getRepository(UserEntity).findOneByOrFail({ id: actor.id });
    await this.takeAttempt(normEmail(user.email), ip);
    if (typeof password !== 'string' || !(await verifyPassword(user.passwordHash, password)))
      throw badInput('password', 'is wrong / 密码错误');
    await this.db.getRepository(LoginAttemptEntity).delete({ email: normEmail(user.email) });
    const [open] = await this.db.query(
      `SELECT
         (SELECT count(*)::int FROM assignments a JOIN review_rounds r ON r.id = a.round_id
            LEFT JOIN reviews v ON v.assignment_id = a.id
           WHERE a.reviewer_id = $1 AND a.status = 'ACTIVE' AND r.status IN ('DRAFT','OPEN')
             AND (v.status IS NULL OR v.status <> 'SUBMITTED')) AS reviews,
         (SELECT count(*)::int FROM invitations i JOIN review_rounds r ON r.id = i.round_id
           WHERE i.user_id = $1 AND i.status IN ('PENDING','ACCEPTED') AND r.status IN ('DRAFT','OPEN')) AS invitations,
         (SELECT count(*)::int FROM panel_members pm JOIN panel_meetings mt ON mt.id = pm.meeting_id
           WHERE pm.user_id = $1 AND mt.status <> 'CLOSED') AS panels`,
      [actor.id],
    );
    const { reviews, invitations, panels } = open as { reviews: number; invitations: number; panels: number };
    if (reviews + invitations + panels > 0)
      throw new DomainError(
        'BAD_USER_INPUT',
        `account: work is still open (${reviews} reviews, ${invitations} invitations, ${panels} panel seats); finish, decline or ask the programme office first / 尚有未完成的工作（评审 ${reviews} 项、邀请 ${invitations} 项、会议 ${panels} 场），请先完成、拒绝或联系项目主管`,
        { field: 'account', reason: 'WORK_OPEN', reviews, invitations, panels },
      );
    const code = `E${user.id.replace(/-/g, '').slice(0, 9).toUpperCase()}`;
    await this.db.transaction(async (m) => {
      await m.update(
        UserEntity,
        { id: user.id },
        {
          name: `已注销 ${code}`,
          email: `closed-${user.id}@closed.invalid`,
          passwordHash: await hashPassword(randomBytes(32).toString('base64url')),
          disabled: true,
          closedAt: new Date(),
          tokenVersion: () => 'token_version + 1',
        },
      );
      await m.update(RefreshTokenEntity, { userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      if (user.personId)
        await m.query(
          `UPDATE persons SET name = $2, name_en = $2, emails = '{}', orcid = NULL, title = NULL, keywords = '{}', in_pool = false
            WHERE id = $1`,
          [user.personId, code],
        );
      await this.audit.record(
        { actorId: user.id, action: 'account.close', entity: 'user', entityId: user.id, after: { code } },
        m,
      );
    });
    return true;
  }

  /** Changes the password and signs out everywhere: refresh tokens revoked, access tokens invalidated. */
  async changePassword(actor: AuthUser, current: string, next: string, ip: string): Promise<IssuedTokens> {
    const problem = passwordProblem(next, actor.email);
    if (problem) throw badInput('newPassword', problem);
    const user = await this.db.getRepository(UserEntity).findOneByOrFail({ id: actor.id });
    // a stolen session must not become a way to guess the password: the same limits as sign-in
    await this.takeAttempt(normEmail(user.email), ip);
    if (typeof current !== 'string' || !(await verifyPassword(user.passwordHash, current))) {
      throw badInput('currentPassword', 'is wrong / 当前密码错误');
    }
    await this.db.getRepository(LoginAttemptEntity).delete({ email: normEmail(user.email) });
    const passwordHash = await hashPassword(next);
    await this.db.transaction(async (m) => {
      await m.update(UserEntity, { id: user.id }, { passwordHash, tokenVersion: () => 'token_version + 1' });
      await m.update(RefreshTokenEntity, { userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(
        { actorId: user.id, action: 'auth.password_changed', entity: 'user', entityId: user.id },
        m,
      );
    });
    const fresh = await this.db.getRepository(UserEntity).findOneByOrFail({ id: actor.id });
    return this.issue(fresh);
  }
}
