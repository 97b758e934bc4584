import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { Response } from 'express';
import { httpStatusOf, toDomainError, toGraphQLError } from './errors';

/** One filter for every transport: GraphQL errors get `extensions.code`, HTTP gets a JSON body. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<GqlContextType>() === 'graphql') return toGraphQLError(exception);
    const res = host.switchToHttp().getResponse<Response>();
    const d = toDomainError(exception);
    if (res.headersSent) return;
    // Keep a precise 4xx from HTTP machinery (413 body too large, 415, 405) rather than a generic 400.
    const raw = exception as { status?: unknown; statusCode?: unknown; getStatus?: () => number };
    const original = typeof raw?.getStatus === 'function' ? raw.getStatus() : Number(raw?.status ?? raw?.statusCode);
    const status = d.code === 'BAD_USER_INPUT' && original >= 400 && original < 500 ? original : httpStatusOf(d.code);
    res.status(status).json({ statusCode: status, code: d.code, message: d.message, ...d.details });
  }
}
