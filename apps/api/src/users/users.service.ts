import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { hashPassword, passwordProblem } from '../common/auth/password';
import { Role } from '../common/auth/role.enum';
import { badInput, notFound } from '../common/graphql/errors';
import { decodeCursor, encodeCursor } from '../common/graphql/cursor';
import { checkFirst, pageOf } from '../common/graphql/page';
import { likePattern } from '../common/database/like';
import { RefreshTokenEntity } from '../auth/refresh-token.entity';
import type { CreateUserInput, UpdateUserInput } from './dto/user.input';
import { UserEntity } from './user.entity';

const publicView = (u: UserEntity) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  roles: u.roles,
  disabled: u.disabled,
  locale: u.locale,
  personId: u.personId,
});

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(id: string): Promise<UserEntity> {
    const u = await this.db.getRepository(UserEntity).findOneBy({ id });
    if (!u) throw notFound('user', id);
    return u;
  }

  /**
   * One page of the accounts in e-mail order after the cursor's (keyset on the unique lower(email)),
   * narrowed by a search of name or e-mail and by role, with the filtered total: the admin's list
   * at any number of accounts (an expert pool of 10^5 has as many).
   */
  async page(f: { search: string | null; role: Role | null }, first: number, after: string | null) {
    checkFirst(first);
    const [email] = after === null ? [null] : decodeCursor(after, 'after', 1);
    const where = `($1::text IS NULL OR u.email ILIKE $1 OR u.name ILIKE $1) AND ($2::text IS NULL OR $2 = ANY(u.roles))`;
    const params = [likePattern(f.search), f.role];
    const [rows, [{ total }]] = await Promise.all([
      this.db.query<(UserEntity & { emailKey: string })[]>(
        `SELECT u.id, u.email, u.name, u.roles, u.disabled, u.locale, u.person_id AS "personId", u.created_at AS "createdAt",
                lower(u.email) AS "emailKey"
           FROM users u WHERE ${where} AND ($3::text IS NULL OR lower(u.email) > $3) ORDER BY lower(u.email) LIMIT $4`,
        [...params, email, first + 1],
      ),
      this.db.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM users u WHERE ${where}`, params),
    ]);
    // the key as PostgreSQL lowers it (the index's own expression), not as JavaScript would
    return pageOf(rows, first, total, (u) => encodeCursor([u.emailKey]));
  }

  list(offset = 0, limit = 100): Promise<UserEntity[]> {
    return this.db
      .getRepository(UserEntity)
      .find({ order: { email: 'ASC' }, skip: offset, take: Math.min(limit, 500) });
  }

  /**
   * Creates an account. `skipPolicy` is for the demo seed only (its published demo passwords are
   * deliberately simple); every account made through the API or the CLI meets the password policy.
   */
  async create(
    input: CreateUserInput,
    actor: AuthUser | null,
    opts: { skipPolicy?: boolean } = {},
  ): Promise<UserEntity> {
    const email = input.email.trim();
    if (!opts.skipPolicy) {
      const problem = passwordProblem(input.password, email);
      if (problem) throw badInput('password', problem);
    }
    const roles = [...new Set(input.roles)];
    if (roles.length === 0 || roles.some((r) => !Object.values(Role).includes(r))) {
      throw badInput(
        'roles',
        'must be one or more of ADMIN, PROGRAM_OFFICER, REVIEWER / 须为 ADMIN、PROGRAM_OFFICER、REVIEWER 中的一个或多个',
      );
    }
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (m) => {
      const dup = await m
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .where('lower(u.email) = lower(:email)', { email })
        .getExists();
      if (dup) throw badInput('email', `${email} is already registered / 该邮箱已注册`);
      const user = m.create(UserEntity, {
        email,
        name: input.name.trim(),
        roles,
        passwordHash,
        personId: input.personId ?? null,
      });
      await m.save(user);
      await this.audit.record(
        {
          actorId: actor?.id ?? null,
          action: 'user.create',
          entity: 'user',
          entityId: user.id,
          after: publicView(user),
        },
        m,
      );
      return user;
    });
  }

  async update(id: string, input: UpdateUserInput, actor: AuthUser): Promise<UserEntity> {
    return this.db.transaction(async (m) => {
      const user = await m.getRepository(UserEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('user', id);
      const before = publicView(user);
      if (actor.id === id && input.disabled)
        throw badInput('disabled', 'you cannot disable your own account / 不能停用自己的账号');
      if (actor.id === id && input.roles && !input.roles.includes(Role.ADMIN)) {
        throw badInput('roles', 'you cannot remove your own ADMIN role / 不能移除自己的管理员角色');
      }
      if (input.name !== undefined) user.name = input.name.trim();
      if (input.roles) user.roles = [...new Set(input.roles)];
      if (input.locale) user.locale = input.locale;
      if (input.disabled !== undefined && input.disabled !== user.disabled) {
        user.disabled = input.disabled;
        if (input.disabled) {
          user.tokenVersion += 1; // access tokens die now, not at expiry
          await m.update(RefreshTokenEntity, { userId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
        }
      }
      await m.save(user);
      await this.audit.record(
        { actorId: actor.id, action: 'user.update', entity: 'user', entityId: id, before, after: publicView(user) },
        m,
      );
      return user;
    });
  }

  async setPassword(id: string, password: string, actor: AuthUser | null): Promise<void> {
    const user = await this.get(id);
    const problem = passwordProblem(password, user.email);
    if (problem) throw badInput('password', problem);
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (m) => {
      await m.update(UserEntity, { id }, { passwordHash, tokenVersion: () => 'token_version + 1' });
      await m.update(RefreshTokenEntity, { userId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(
        { actorId: actor?.id ?? null, action: 'user.set_password', entity: 'user', entityId: id },
        m,
      );
    });
  }

  async findByEmail(email: string): Promise<UserEntity | null> {
    return this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
  }
}
