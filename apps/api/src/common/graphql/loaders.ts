import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { DirectionEntity } from '../../programs/program.entity';

/** Groups rows by a key, in the order of the keys DataLoader asked for. */
export function groupBy<K, T>(keys: readonly K[], rows: T[], keyOf: (r: T) => K): T[][] {
  const m = new Map<K, T[]>();
  for (const k of keys) m.set(k, []);
  for (const r of rows) m.get(keyOf(r))?.push(r);
  return keys.map((k) => m.get(k) ?? []);
}

/** Per-request DataLoaders: every @ResolveField that loads rows goes through one (no N+1). */
export function createLoaders(db: DataSource) {
  return {
    directionsByProgram: new DataLoader<string, DirectionEntity[]>(async (ids) =>
      groupBy(
        ids,
        await db.getRepository(DirectionEntity).find({ where: { programId: In([...ids]) }, order: { number: 'ASC' } }),
        (d) => d.programId,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface GqlContext {
  req: import('express').Request;
  loaders: Loaders;
}
