export * from './types';
export { solveAssignment, solveSum, buildModel } from './solve';
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
