import type { EntityManager } from 'typeorm';
import { hashPassword, passwordProblem } from '../common/auth/password';
import type { Role } from '../common/auth/role.enum';
import { DomainError, badInput } from '../common/graphql/errors';
import { PersonEntity } from '../people/people.entity';
import { UserEntity } from './user.entity';

/**
 * The account an e-mailed link makes for a person (an invited expert, a project's lead): once,
 * only while neither the person nor the address has one (`ACCOUNT_EXISTS`: sign in instead), with
 * the password checked, the e-mail confirmed (the link reached it) and the person linked.
 */
export async function accountForLinkedPerson(
  m: EntityManager,
  link: { personId: string; email: string; roles: Role[]; password: string; signInInstead: string },
): Promise<UserEntity> {
  const [existing]: { id: string }[] = await m.query(
    `SELECT id FROM users WHERE person_id = $1 OR lower(email) = lower($2) LIMIT 1`,
    [link.personId, link.email],
  );
  if (existing)
    throw new DomainError('BAD_USER_INPUT', `token: ${link.signInInstead}`, {
      field: 'token',
      reason: 'ACCOUNT_EXISTS',
    });
  const problem = passwordProblem(link.password ?? '', link.email);
  if (problem) throw badInput('password', problem);
  const person = await m.findOneByOrFail(PersonEntity, { id: link.personId });
  return m.save(
    UserEntity,
    m.create(UserEntity, {
      email: link.email.toLowerCase(),
      name: person.name,
      roles: link.roles,
      passwordHash: await hashPassword(link.password),
      personId: person.id,
      emailConfirmedAt: new Date(),
    }),
  );
}
