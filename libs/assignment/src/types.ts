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
