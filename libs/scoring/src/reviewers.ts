import type { ReviewScore } from './types';

export interface ReviewerScores {
  reviewer: string;
  n: number;
  mean: number;
  /** sample standard deviation (n − 1); 0 for a single score */
  sd: number;
  /** ascending */
  scores: number[];
}

/** Each reviewer's scores with their mean and spread: how generous or strict each one marks. */
export function reviewerScores(reviews: ReviewScore[]): ReviewerScores[] {
  const by = new Map<string, number[]>();
  for (const r of reviews) {
    const list = by.get(r.reviewer);
    if (list) list.push(r.score);
    else by.set(r.reviewer, [r.score]);
  }
  return [...by.entries()].map(([reviewer, scores]) => {
    const n = scores.length;
    const mean = scores.reduce((s, x) => s + x, 0) / n;
    const sd = n > 1 ? Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0;
    return { reviewer, n, mean, sd, scores: scores.sort((a, b) => a - b) };
  });
}
