export * from './types';
export { rankProjects } from './rank';
export { weightedTotal, criterionScoreProblem, tally, type Criterion } from './rubric';
export { mulberry32 } from './random';
export { reviewerScores, type ReviewerScores } from './reviewers';
