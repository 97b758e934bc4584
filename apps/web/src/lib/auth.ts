/**
 * Tokens live in sessionStorage-like localStorage keys so that a reload keeps the session; the
 * access token is short-lived and refreshed with the rotating refresh token when it expires.
 */
const ACCESS = 'tianyuan.access';
const REFRESH = 'tianyuan.refresh';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export const tokens = {
  get(): Tokens | null {
    const a = localStorage.getItem(ACCESS);
    const r = localStorage.getItem(REFRESH);
    return a && r ? { accessToken: a, refreshToken: r } : null;
  },
  set(t: Tokens) {
    localStorage.setItem(ACCESS, t.accessToken);
    localStorage.setItem(REFRESH, t.refreshToken);
  },
  clear() {
    localStorage.removeItem(ACCESS);
    localStorage.removeItem(REFRESH);
  },
};

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time, shared by every request that found its token expired. */
export function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    const t = tokens.get();
    if (!t) return false;
    try {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($r:String!){ refreshToken(refreshToken:$r){ accessToken refreshToken } }',
          variables: { r: t.refreshToken },
        }),
      });
      const body = (await res.json()) as { data?: { refreshToken?: Tokens } };
      if (body.data?.refreshToken) {
        tokens.set(body.data.refreshToken);
        return true;
      }
      tokens.clear();
      return false;
    } catch {
      return false;
    } finally {
      setTimeout(() => (refreshing = null), 0);
    }
  })();
  return refreshing;
}

/** Thrown by `signIn` with the server's message (wrong password, throttled, …). */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly messageZh?: string,
    readonly messageEn?: string,
  ) {
    super(message);
  }
}

/**
 * Signs in with one plain request (no GraphQL client needed on the sign-in page, which keeps its
 * first load small); stores and returns the tokens.
 */
export async function signIn(email: string, password: string): Promise<Tokens> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      operationName: 'Login',
      query:
        'mutation Login($email:String!,$password:String!){ login(email:$email,password:$password){ accessToken refreshToken } }',
      variables: { email, password },
    }),
  });
  let body: {
    data?: { login?: Tokens } | null;
    errors?: { message: string; extensions?: { code?: string; messageZh?: string; messageEn?: string } }[];
  };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new SignInError(`HTTP ${res.status}`, null);
  }
  const t = body.data?.login;
  if (!t) {
    const e = body.errors?.[0];
    const x = e?.extensions;
    throw new SignInError(e?.message ?? `HTTP ${res.status}`, x?.code ?? null, x?.messageZh, x?.messageEn);
  }
  tokens.set(t);
  return t;
}
