import type { ValueTransformer } from 'typeorm';

/** numeric columns come back from pg as strings; money amounts fit a double exactly (< 2^53). */
export const numericTransformer: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null || v === undefined ? v : Number(v)),
};
