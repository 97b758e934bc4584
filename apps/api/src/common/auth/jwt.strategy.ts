import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { DataSource } from 'typeorm';
import { UserEntity } from '../../users/user.entity';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { AuthUser } from './decorators';

export interface AccessTokenPayload {
  sub: string;
  tv: number;
  typ: 'access';
}

/**
 * Bearer access tokens (HS256, short-lived). The user row is read on every request so that a
 * disabled account or a password change (token_version bump) takes effect at once; the API keeps
 * no session state of its own.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject: jsonwebtoken otherwise tries (and fails) to parse the secret as a PEM public key on every request.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<AuthUser | false> {
    if (payload?.typ !== 'access' || typeof payload.sub !== 'string') return false;
    const user = await this.db.getRepository(UserEntity).findOne({
      where: { id: payload.sub },
      select: { id: true, email: true, name: true, roles: true, personId: true, disabled: true, tokenVersion: true },
    });
    if (!user || user.disabled || user.tokenVersion !== payload.tv) return false;
    return { id: user.id, email: user.email, name: user.name, roles: user.roles, personId: user.personId };
  }
}
