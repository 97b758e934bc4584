import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The request a piece of work belongs to, carried through every await (AsyncLocalStorage): its id
 * goes on each log line written for it, on the `X-Request-Id` answer header, and into the reference
 * an unexpected error quotes, so that one id finds all three.
 */
const store = new AsyncLocalStorage<{ id: string }>();

export const runInRequest = <T>(id: string, fn: () => T): T => store.run({ id }, fn);
export const currentRequestId = (): string | undefined => store.getStore()?.id;

/** A caller's (or the proxy's) `X-Request-Id` when it is a sane token, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{8,128}$/.test(given) ? given : randomUUID();
}

/** Who wants to know of each GraphQL error code sent to a client (the metrics). */
export const graphqlErrorObservers = new Set<(code: string) => void>();
