export type Objective = 'sum' | 'fair' | 'randomized';

export interface AssignmentInstance {
  reviewersPerProject: number;
  objective?: Objective;
  maxProbability?: number;
  seed?: number;
  projects: { id: string; requires?: string[]; reviewers?: number }[];
  reviewers: { id: string; disciplines?: string[]; maxLoad: number; minLoad?: number }[];
  candidates: [string, string, number][];
  conflicts?: [string, string][];
  locked?: [string, string][];
}

export interface AssignedPair {
  project: string;
  reviewer: string;
  covers: string | null;
}

export interface AssignmentSolution {
  status: 'optimal' | 'infeasible';
  objective: number;
  assignments: AssignedPair[];
  reasons?: string[];
  /** fair: each stage's value, an upper bound on its optimum, and the gap between them */
  stages?: FairStage[];
  /** randomized: the optimal expected total affinity under the cap (this sample's is `objective`) */
  expectedObjective?: number;
  /** randomized: the cap applied and the seed used */
  maxProbability?: number;
  seed?: number;
  stats: Record<string, number | string>;
}

export class AssignmentInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export interface FairStage {
  stage: 'minProjectAffinity' | 'totalAffinity';
  value: number;
  bound: number;
  gap: number;
}
