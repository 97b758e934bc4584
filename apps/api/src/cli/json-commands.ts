import { AssignmentInputError, solveAssignment } from '@app/assignment';
import { ConflictInputError, detectConflicts } from '@app/conflicts';
import { EligibilityInputError, screenApplications } from '@app/eligibility';
import { rankProjects, ScoringInputError } from '@app/scoring';
import { CliError } from './args';

/**
 * The JSON-in, JSON-out commands of the contract (docs/contract/README.md). Each is a thin
 * shell: the pure lib validates and computes; its input errors become one CliError line naming
 * the field or record.
 */
export interface JsonCommand {
  summary: string;
  run(input: unknown): unknown;
}

function rethrowInputErrors<T>(fn: () => T, ...errorTypes: (new (...a: never[]) => Error)[]): T {
  try {
    return fn();
  } catch (e) {
    if (errorTypes.some((t) => e instanceof t)) throw new CliError((e as Error).message);
    throw e;
  }
}

export const COMMANDS: Record<string, JsonCommand> = {
  assign: {
    summary: 'optimal reviewer assignment covering every required discipline',
    run: (input) => rethrowInputErrors(() => solveAssignment(input), AssignmentInputError),
  },
  conflicts: {
    summary: 'conflicts of interest between reviewers and projects, with evidence (回避)',
    run: (input) => rethrowInputErrors(() => detectConflicts(input), ConflictInputError),
  },
  rank: {
    summary: 'rank projects from reviewers’ totals: mean, zscore or calibrated, with intervals',
    run: (input) => rethrowInputErrors(() => rankProjects(input), ScoringInputError),
  },
  eligibility: {
    summary: 'screen applications against the call’s rules (形式审查)',
    run: (input) => rethrowInputErrors(() => screenApplications(input), EligibilityInputError),
  },
};
