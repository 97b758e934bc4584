import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenVerifier } from './access-token';
import { type AppRequest, type AuthUser, IS_PUBLIC, ROLES, requestOf } from './decorators';
import { DomainError } from '../graphql/errors';
import type { Role } from './role.enum';

/**
 * Global: every resolver and route needs a valid bearer token unless marked @Public(). The token
 * is verified once per request (GraphQL runs guards for every resolver; the answer is kept on the
 * request) by AccessTokenVerifier's rules: HS256, not expired, the user active, its token version current.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = requestOf(context) as AppRequest & { authChecked?: Promise<AuthUser | false> };
    req.authChecked ??= this.tokens.authenticateRequest(req);
    const user = await req.authChecked;
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Sign-in required or token expired / 请先登录或登录已过期');
    req.user = user;
    return true;
  }
}

/** Global, after JwtAuthGuard: @Roles(...) restricts a handler to those roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const user = requestOf(context).user;
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Sign-in required / 请先登录');
    if (!user.roles.some((r) => roles.includes(r))) {
      throw new DomainError('FORBIDDEN', `Requires role ${roles.join(' or ')} / 需要角色 ${roles.join('、')}`);
    }
    return true;
  }
}
