import type { FastifyReply } from 'fastify';

/**
 * For handlers that write a stream straight to the socket (exports): Fastify steps aside, and the
 * headers it holds (security, CORS) go onto the raw response first.
 */
export function rawResponse(reply: FastifyReply) {
  reply.hijack();
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) reply.raw.setHeader(name, value as string | number | string[]);
  }
  return reply.raw;
}
