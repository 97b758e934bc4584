import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { type AuthUser, IS_PUBLIC, ROLES, requestOf } from './decorators';
import { DomainError } from '../graphql/errors';
import type { Role } from './role.enum';

/** Global: every resolver and route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  getRequest(context: ExecutionContext) {
    return requestOf(context);
  }

  canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return super.canActivate(context) as Promise<boolean>;
  }

  handleRequest<T>(err: unknown, user: T): T {
    if (err || !user)
      throw new DomainError('UNAUTHENTICATED', 'Sign-in required or token expired / 请先登录或登录已过期');
    return user;
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
    const user = requestOf(context).user as AuthUser | undefined;
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Sign-in required / 请先登录');
    if (!user.roles.some((r) => roles.includes(r))) {
      throw new DomainError('FORBIDDEN', `Requires role ${roles.join(' or ')} / 需要角色 ${roles.join('、')}`);
    }
    return true;
  }
}
