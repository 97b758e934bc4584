import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import { DomainError } from '../common/graphql/errors';

/**
 * The link an invitation e-mail carries: `<invitation id>.<HMAC-SHA256 of id and nonce>`, keyed
 * from the server's secret. Nothing secret is stored (the nonce alone proves nothing), a changed
 * character fails the signature, and a new nonce (the officer re-sends) voids every earlier link.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const newNonce = () => randomBytes(18).toString('base64url');

/** One key per kind of link (`purpose`): a reviewer's invitation link never opens a team's, nor the reverse. */
const keyOf = (secret: string, purpose: string) => createHash('sha256').update(`${purpose}:${secret}`).digest();

export function signLink(secret: string, invitationId: string, nonce: string, purpose = 'invitation-link'): string {
  const mac = createHmac('sha256', keyOf(secret, purpose)).update(`${invitationId}:${nonce}`).digest('base64url');
  return `${invitationId}.${mac}`;
}

/** The invitation id a token names, when it is well formed (the signature is checked against the stored nonce). */
export function linkId(token: unknown): string | null {
  if (typeof token !== 'string' || token.length > 120) return null;
  const [id, mac] = token.split('.');
  return id && mac && UUID.test(id) && /^[A-Za-z0-9_-]{43}$/.test(mac) ? id : null;
}

export function linkValid(
  secret: string,
  token: string,
  invitationId: string,
  nonce: string,
  purpose = 'invitation-link',
): boolean {
  const expected = Buffer.from(signLink(secret, invitationId, nonce, purpose));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The row a signed link names (locked for update when asked), or LINK_INVALID: a malformed token,
 * an unknown id, or a signature that does not match the row's current nonce under `purpose`.
 */
export async function rowOfLink<T extends { id: string }>(
  m: EntityManager,
  entity: EntityTarget<T>,
  token: string,
  link: { secret: string; nonceOf: (row: T) => string; purpose?: string; lock?: boolean },
): Promise<T> {
  const bad = () =>
    new DomainError(
      'BAD_USER_INPUT',
      'token: this link is not valid (mistyped, or replaced by a newer e-mail) / 链接无效（可能有误，或已被新邮件中的链接取代）',
      { field: 'token', reason: 'LINK_INVALID' },
    );
  const id = linkId(token);
  if (!id) throw bad();
  const row = await m.findOne(entity, {
    where: { id } as FindOptionsWhere<T>,
    ...(link.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!row || !linkValid(link.secret, token, row.id, link.nonceOf(row), link.purpose)) throw bad();
  return row;
}
