import { createSecretKey, type KeyObject } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { verify } from 'jsonwebtoken';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Role } from './role.enum';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { AuthUser } from './decorators';
import { preparedQuery } from '../database/prepared';
import { UUID } from '../graphql/ids';

export interface AccessTokenPayload {
  sub: string;
  tv: number;
  typ: 'access';
  /** the session (refresh-token family): its revocation ends the access token at once */
  fid?: string;
}

/**
 * Bearer access tokens (HS256, short-lived). The user row is read on every request so that a
 * disabled account or a password change (token_version bump) takes effect at once; the API keeps
 * no session state of its own.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly key: KeyObject;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    // A KeyObject: given a string, jsonwebtoken first tries (and fails) to read it as a PEM public key on every call.
    this.key = createSecretKey(Buffer.from(config.jwtSecret));
  }

  /** The bearer token of a request, verified and resolved to its user (false when refused). */
  async authenticateRequest(req: FastifyRequest): Promise<AuthUser | false> {
    const h = req.headers.authorization;
    if (!h || !h.startsWith('Bearer ')) return false;
    let payload: AccessTokenPayload;
    try {
      payload = verify(h.slice(7), this.key, { algorithms: ['HS256'] }) as AccessTokenPayload;
    } catch {
      return false;
    }
    return this.validate(payload);
  }

  async validate(payload: AccessTokenPayload): Promise<AuthUser | false> {
    if (payload?.typ !== 'access' || typeof payload.sub !== 'string') return false;
    if (payload.fid !== undefined && !UUID.test(payload.fid)) return false;
    // One indexed lookup, a prepared statement: this runs on every authenticated request.
    const rows: {
      id: string;
      email: string;
      name: string;
      roles: Role[];
      person_id: string | null;
      disabled: boolean;
      token_version: number;
      locale: string;
      created_at: Date;
      session_revoked: boolean;
    }[] = await preparedQuery(
      this.db,
      'auth-user-session',
      `SELECT id, email, name, roles, person_id, disabled, token_version, locale, created_at,
              EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = $2::uuid AND revoked_at IS NOT NULL) AS session_revoked
         FROM users WHERE id = $1`,
      [payload.sub, payload.fid ?? null],
    );
    const row = rows[0];
    const user = row && {
      id: row.id,
      email: row.email,
      name: row.name,
      roles: row.roles,
      personId: row.person_id,
      disabled: row.disabled,
      tokenVersion: row.token_version,
    };
    // signed out (this session's family revoked) or the password changed (token version moved)
    if (!user || user.disabled || user.tokenVersion !== payload.tv || row.session_revoked) return false;
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      roles: user.roles,
      personId: user.personId,
      locale: row.locale,
      createdAt: row.created_at,
    };
  }
}
