import { type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { DomainError, badInput } from '../common/graphql/errors';

/** Runs the local strategy with the mutation's arguments as the request body. */
@Injectable()
export class GqlLocalAuthGuard extends AuthGuard('local') {
  getRequest(context: ExecutionContext) {
    const ctx = GqlExecutionContext.create(context);
    const req = ctx.getContext<{ req: FastifyRequest }>().req;
    const args = ctx.getArgs<{ email?: string; password?: string }>();
    // Apollo has already read the GraphQL body; passport-local reads credentials from req.body.
    req.body = { email: args.email, password: args.password };
    return req;
  }

  handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err) throw err;
    if (!user) {
      const msg = (info as { message?: string } | undefined)?.message ?? '';
      if (/missing credentials/i.test(msg))
        throw badInput('email', 'e-mail and password are required / 请输入邮箱和密码');
      throw new DomainError('UNAUTHENTICATED', 'Wrong e-mail or password / 邮箱或密码错误');
    }
    return user;
  }
}
