import { SignInError } from './auth';

/**
 * One GraphQL call without a session (the invitation link's page is reached signed out): plain
 * fetch, no client; a refusal is thrown with the server's texts in both languages.
 */
export async function publicGql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  let body: {
    data?: T | null;
    errors?: {
      message: string;
      extensions?: { code?: string; reason?: string; messageZh?: string; messageEn?: string };
    }[];
  };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new SignInError(`HTTP ${res.status}`, null);
  }
  const e = body.errors?.[0];
  if (e || !body.data) {
    const x = e?.extensions;
    throw Object.assign(
      new SignInError(e?.message ?? `HTTP ${res.status}`, x?.code ?? null, x?.messageZh, x?.messageEn),
      {
        reason: x?.reason,
      },
    );
  }
  return body.data;
}
