import { reviewerScores } from './reviewers';

describe('reviewerScores', () => {
  it('gives each reviewer n, mean, sample sd and sorted scores (hand-computed)', () => {
    const out = reviewerScores([
      { project: 'P1', reviewer: 'A', score: 80 },
      { project: 'P2', reviewer: 'B', score: 70 },
      { project: 'P2', reviewer: 'A', score: 90 },
      { project: 'P3', reviewer: 'A', score: 70 },
    ]);
    // A: 80, 90, 70 → mean 80, deviations 0, 10, −10 → sd √(200 / 2) = 10
    expect(out).toEqual([
      { reviewer: 'A', n: 3, mean: 80, sd: 10, scores: [70, 80, 90] },
      { reviewer: 'B', n: 1, mean: 70, sd: 0, scores: [70] },
    ]);
  });

  it('is empty without reviews', () => {
    expect(reviewerScores([])).toEqual([]);
  });
});
