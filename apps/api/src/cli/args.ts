/** An error the CLI reports as one line on standard error (never a stack trace). */
export class CliError extends Error {}

export interface Args {
  required(name: string): string;
  optional(name: string): string | undefined;
  /** a flag without a value (--force) */
  flag(name: string): boolean;
}

const FLAGS = new Set(['force', 'dry-run']);

export function parseArgs(argv: string[]): Args {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new CliError(`unexpected argument '${a}'`);
    const eq = a.indexOf('=');
    if (FLAGS.has(a.slice(2))) m.set(a.slice(2), 'true');
    else if (eq > 0) m.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('--') && v !== '-')) throw new CliError(`${a} needs a value`);
      m.set(a.slice(2), v);
      i++;
    }
  }
  return {
    required(name) {
      const v = m.get(name);
      if (v === undefined || v === '') throw new CliError(`--${name} is required`);
      return v;
    },
    optional: (name) => m.get(name),
    flag: (name) => m.get(name) === 'true',
  };
}
