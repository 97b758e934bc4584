import { solveFair, type FairOptions } from './fair';
import { buildModel, costScale, flowReasons, infeasible, localReasons, round6, type Model } from './model';
import { buildNetwork, readAssignment } from './network';
import { solveRandomized } from './randomized';
import { AssignmentInputError, type AssignmentSolution } from './types';

export { buildModel };

/**
 * The `sum` objective, exactly: a min-cost flow with lower bounds (see network.ts), each
 * candidate costing −affinity.
 */
export function solveSum(model: Model): AssignmentSolution {
  const t0 = performance.now();
  const precheck = localReasons(model);
  if (precheck.length) return infeasible(precheck, t0);
  const scale = costScale(model.ca);
  const { ca } = model;
  const net = buildNetwork(model, (i) => -Math.round(ca[i] * scale));
  const tBuild = performance.now();
  const ok = net.g.solve();
  const tSolve = performance.now();
  if (!ok) return infeasible(flowReasons(model), t0);
  const { assignments, objective } = readAssignment(model, net);
  return {
    status: 'optimal',
    objective: round6(objective),
    assignments,
    stats: {
      solveMs: +(tSolve - tBuild).toFixed(1),
      buildMs: +(tBuild - t0).toFixed(1),
      totalMs: +(performance.now() - t0).toFixed(1),
      nodes: net.g.n,
      arcs: net.g.edgeCount,
      costScale: scale,
    },
  };
}

export interface SolveOptions {
  /** fair: flow solves per stage and a time limit (the best found is kept) */
  fair?: FairOptions;
}

/** Solves an instance of docs/contract/assignment.md under its objective. */
export function solveAssignment(raw: unknown, opts: SolveOptions = {}): AssignmentSolution {
  const model = buildModel(raw);
  const objective = model.inst.objective ?? 'sum';
  switch (objective) {
    case 'sum':
      return solveSum(model);
    case 'fair':
      return solveFair(model, opts.fair);
    case 'randomized':
      return solveRandomized(model);
    default:
      throw new AssignmentInputError(
        'objective',
        `must be "sum", "fair" or "randomized" (got ${JSON.stringify(objective)})`,
      );
  }
}
