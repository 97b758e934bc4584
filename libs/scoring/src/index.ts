export * from './types';
export { rankProjects } from './rank';
export { weightedTotal, criterionScoreProblem, tally, type Criterion } from './rubric';
export { reviewerScores, type ReviewerScores } from './reviewers';
