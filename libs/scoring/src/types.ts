export type RankingMethodKey = 'mean' | 'zscore' | 'calibrated';

export interface ReviewScore {
  project: string;
  reviewer: string;
  score: number;
}

export interface RankInput {
  method?: RankingMethodKey;
  scale?: { min: number; max: number };
  reviews: ReviewScore[];
  seed?: number;
  /** bootstrap resamples for the intervals (default 300) */
  bootstrap?: number;
  /** ridge penalty on reviewer biases for `calibrated` (default 1: one pseudo-review at bias 0) */
  ridge?: number;
}

export type RankFlag = 'HIGH_DISAGREEMENT' | 'FEW_REVIEWS';

export interface RankedProjectResult {
  project: string;
  rank: number;
  value: number;
  rawMean: number;
  n: number;
  sd: number;
  percentile: number;
  ciLow: number;
  ciHigh: number;
  flags: RankFlag[];
}

export interface RankOutput {
  ranking: RankedProjectResult[];
  /** reviewer biases estimated by `calibrated` (score units; positive = generous) */
  reviewerBias?: Record<string, number>;
}

export class ScoringInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
