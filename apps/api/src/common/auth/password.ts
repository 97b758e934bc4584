import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library defaults (m=19 MiB, t=2, p=1: OWASP's minimum recommendation). */
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

// A valid hash of a random password: verified against when the account does not exist, so that
// the time of a refused sign-in does not tell whether the e-mail is registered.
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hash(`no-such-user-${Math.random()}`);
  return dummy;
}

/** Returns the reason a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < 10) return 'must be at least 10 characters / 密码至少 10 个字符';
  if (password.length > 200) return 'must be at most 200 characters / 密码最多 200 个字符';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 2)
    return 'must mix at least two of lower case, upper case, digits and symbols / 密码须包含至少两类字符';
  if (new Set(password).size < 5) return 'has too few distinct characters / 密码过于简单';
  if (email && password.toLowerCase().includes(email.split('@')[0].toLowerCase()) && email.split('@')[0].length >= 4) {
    return 'must not contain the account name / 密码不能包含账号名';
  }
  return null;
}
