import { createHash } from 'node:crypto';
import { graphqlErrorObservers } from '../observability/request-context';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Kind, parse } from 'graphql';
import { DomainError, errorTexts } from './errors';

/**
 * The cheap refusal in front of GraphQL: a caller without a bearer token may only sign in,
 * refresh, or use an invitation link (and, where introspection is on, introspect). Decided before Apollo parses, validates
 * or plans anything, from a cache of documents by hash, and limited per address: an anonymous
 * flood costs microseconds per request, not the full pipeline.
 */

const ANONYMOUS_FIELDS = new Set([
  'login',
  'refreshToken',
  'setPasswordByInvitation',
  'declineInvitationByLink',
  'setPasswordByTeamLink',
]);
/** what an invitation link shows before sign-in (the signed link is the key) */
const ANONYMOUS_QUERIES = new Set(['invitationByLink', 'teamInvitationByLink']);
/** anonymous documents are small: sign-in and refresh need a few dozen tokens, introspection ~600 */
const MAX_ANONYMOUS_TOKENS = 2000;
const CACHE_SIZE = 500;

export interface AnonymousGateOptions {
  introspection: boolean;
  /** requests per second an address may make without a token, and the burst above it */
  ratePerSecond: number;
  burst: number;
}

type Verdict = 'ok' | 'unauthenticated' | 'malformed';

export function anonymousGate(opts: AnonymousGateOptions) {
  const verdicts = new Map<string, Verdict>();
  const buckets = new Map<string, { tokens: number; at: number }>();

  const judge = (query: string): Verdict => {
    const key = createHash('sha256').update(query).digest('base64');
    const known = verdicts.get(key);
    if (known) return known;
    let verdict: Verdict;
    try {
      const doc = parse(query, { maxTokens: MAX_ANONYMOUS_TOKENS, noLocation: true });
      const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      const allowed = (name: string, operation: string) =>
        (operation === 'mutation' && ANONYMOUS_FIELDS.has(name)) ||
        (operation === 'query' && ANONYMOUS_QUERIES.has(name)) ||
        (opts.introspection && operation === 'query' && name.startsWith('__'));
      // fragments may come along (the introspection query has three): only operations' roots count
      verdict =
        ops.length > 0 &&
        ops.every(
          (op) =>
            op.kind === Kind.OPERATION_DEFINITION &&
            op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && allowed(s.name.value, op.operation)),
        )
          ? 'ok'
          : 'unauthenticated';
    } catch {
      verdict = 'malformed';
    }
    if (verdicts.size >= CACHE_SIZE) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(key, verdict);
    return verdict;
  };

  /** A token bucket per address; old buckets are forgotten when the map grows. */
  const allow = (ip: string): boolean => {
    const now = Date.now();
    const b = buckets.get(ip) ?? { tokens: opts.burst, at: now };
    b.tokens = Math.min(opts.burst, b.tokens + ((now - b.at) / 1000) * opts.ratePerSecond);
    b.at = now;
    if (buckets.size > 10_000) buckets.clear();
    buckets.set(ip, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };

  /** A GraphQL-shaped refusal, with the texts every other error carries (errors.ts). */
  const refuse = (reply: FastifyReply, status: number, d: DomainError) => {
    for (const observe of graphqlErrorObservers) observe(d.code);
    return reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ errors: [{ message: d.message, extensions: { code: d.code, ...errorTexts(d) } }] });
  };

  return (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (req.headers.authorization || !req.url.startsWith('/graphql')) return done();
    if (req.method !== 'POST' && req.method !== 'GET') return done();
    if (!allow(req.ip)) {
      reply.header('retry-after', '1');
      return refuse(
        reply,
        429,
        new DomainError('TOO_MANY_REQUESTS', 'Too many requests; slow down / 请求过于频繁，请稍后再试'),
      );
    }
    const body = req.body as { query?: unknown } | undefined;
    const query = req.method === 'POST' ? body?.query : (req.query as { query?: unknown } | undefined)?.query;
    if (typeof query !== 'string') return done(); // Apollo answers a missing or odd query with its own 400
    const v = judge(query);
    if (v === 'ok') return done();
    if (v === 'malformed')
      return refuse(
        reply,
        400,
        new DomainError('BAD_USER_INPUT', 'the GraphQL document cannot be parsed / 请求无效：无法解析 GraphQL 文档'),
      );
    // the same answer the guards give a signed-out caller
    return refuse(reply, 200, new DomainError('UNAUTHENTICATED', 'Sign-in required / 请先登录'));
  };
}
