import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { Role } from './role.enum';

/** The signed-in user as the guards saw it. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  personId: string | null;
  /** the rest of the account row, read with the token check (so `me` needs no second query) */
  locale?: string;
  createdAt?: Date;
}

export const IS_PUBLIC = 'isPublic';
export const ROLES = 'roles';

/** No sign-in needed (login, refresh, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these roles; every other signed-in user gets FORBIDDEN. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** The HTTP request behind a resolver or route, where the guards keep the signed-in user. */
export type AppRequest = FastifyRequest & { user?: AuthUser };

export function requestOf(context: ExecutionContext): AppRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AppRequest }>().req;
  }
  return context.switchToHttp().getRequest<AppRequest>();
}

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext) => requestOf(context).user as AuthUser | undefined,
);
