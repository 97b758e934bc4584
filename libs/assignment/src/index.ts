export * from './types';
export { solveAssignment, solveSum, buildModel, type SolveOptions } from './solve';
export { solveFair, type FairOptions } from './fair';
export { solveRandomized, dependentRound, capUnit } from './randomized';
export { MinCostFlow } from './min-cost-flow';
export {
  affinity,
  tokens,
  DEFAULT_WEIGHTS,
  type AffinityWeights,
  type ExpertProfile,
  type ProjectProfile,
  type AffinityExplanation,
} from './affinity';
export * from './plan';
