/**
 * The JSON-in, JSON-out commands of the contract (shared/contract/README.md). Each is a thin
 * shell: validate the input shape, call the pure lib, return its result. Input errors are thrown
 * as CliError naming the field or record.
 */
export interface JsonCommand {
  summary: string;
  run(input: unknown): unknown;
}

export const COMMANDS: Record<string, JsonCommand> = {};
