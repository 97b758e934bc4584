import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { FastifyReply } from 'fastify';
import { errorTexts, httpStatusOf, toDomainError, toGraphQLError } from './errors';

/** One filter for every transport: GraphQL errors get `extensions.code`, HTTP gets a JSON body. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<GqlContextType>() === 'graphql') return toGraphQLError(exception);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const d = toDomainError(exception);
    // a stream already under way (exports write to the socket): nothing more can be said on it
    if (reply.raw.headersSent) {
      if (!reply.raw.writableEnded) reply.raw.destroy();
      return;
    }
    // Keep a precise 4xx from HTTP machinery (413 body too large, 415, 405) rather than a generic 400.
    const raw = exception as { status?: unknown; statusCode?: unknown; getStatus?: () => number };
    const original = typeof raw?.getStatus === 'function' ? raw.getStatus() : Number(raw?.status ?? raw?.statusCode);
    const status = d.code === 'BAD_USER_INPUT' && original >= 400 && original < 500 ? original : httpStatusOf(d.code);
    const body = { statusCode: status, code: d.code, message: d.message, ...d.details, ...errorTexts(d) };
    if (reply.sent) {
      // handed to the socket (rawResponse) but nothing written yet: answer there, as JSON, not as the file
      const raw = reply.raw;
      raw.removeHeader('content-disposition');
      raw.statusCode = status;
      raw.setHeader('content-type', 'application/json; charset=utf-8');
      raw.end(JSON.stringify(body));
      return;
    }
    void reply.status(status).send(body);
  }
}
