/** A person's search text as an ILIKE pattern that matches it anywhere, as text (%, _ and \\ escaped); null when blank. */
export const likePattern = (s: string | null | undefined): string | null =>
  s && s.trim() ? `%${s.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%` : null;
