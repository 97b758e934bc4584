import { base } from './helpers';

/**
 * Plain GraphQL calls beside the browser: the tests read what the server stored independently of
 * the page, and find demo reviewers holding the kind of assignment a test needs.
 */
export async function gql<T>(query: string, variables: object = {}, token?: string): Promise<T> {
  const r = await fetch(base() + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

export async function login(email: string, password: string): Promise<string> {
  const d = await gql<{ login: { accessToken: string } }>(
    'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ accessToken } }',
    { e: email, p: password },
  );
  return d.login.accessToken;
}

export interface StoredReview {
  status: string;
  version: number;
  rating: string | null;
  commentToApplicant: string;
  scores: { criterionKey: string; score: number }[];
}

interface Mine {
  id: string;
  round: { status: string; kind: string };
  review: StoredReview | null;
}

const MINE = `{ myAssignments { id round { status kind } review { status version rating commentToApplicant scores { criterionKey score } } } }`;

/** The review stored for an assignment, read with the reviewer's own token. */
export async function storedReview(token: string, assignmentId: string): Promise<StoredReview | null> {
  const d = await gql<{ myAssignments: Mine[] }>(MINE, {}, token);
  return d.myAssignments.find((a) => a.id === assignmentId)?.review ?? null;
}

export const score = (r: StoredReview | null, key: string) => r?.scores.find((s) => s.criterionKey === key)?.score;

const taken = new Set<string>();

/**
 * A demo reviewer (not reviewer1, whom the other browser tests use) with a draft in the open
 * mid-term round that no other test of this run has taken: each test edits a draft of its own.
 */
export async function reviewerWithDraft(): Promise<{ email: string; token: string; assignmentId: string }> {
  for (let i = 2; i <= 30; i++) {
    const email = `reviewer${i}@demo.local`;
    if (taken.has(email)) continue;
    const token = await login(email, 'demo-reviewer');
    const d = await gql<{ myAssignments: Mine[] }>(MINE, {}, token);
    const a = d.myAssignments.find((x) => x.round.status === 'OPEN' && x.review?.status === 'DRAFT');
    if (a) {
      taken.add(email);
      return { email, token, assignmentId: a.id };
    }
  }
  throw new Error('no demo reviewer with a draft left');
}
