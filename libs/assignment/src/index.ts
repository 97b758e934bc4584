export * from './types';
export { solveAssignment, solveSum, buildModel } from './solve';
export { MinCostFlow } from './min-cost-flow';
