import { Global, Injectable, Module } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { FastifyRequest } from 'fastify';
import {
  type DataSource,
  type EntityTarget,
  type FindOptionsOrder,
  type FindOptionsWhere,
  In,
  type ObjectLiteral,
} from 'typeorm';

/**
 * Per-request DataLoaders (every @ResolveField that loads rows goes through one: no N+1).
 * `common/` knows no feature: each feature declares its loaders by merging into this interface
 * (`declare module '…/common/graphql/loaders'` in its `*.loaders.ts`) and contributes their factory
 * to the {@link LoaderRegistry} from its module's constructor.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface Loaders {}

export type LoaderFactory = (db: DataSource) => Partial<Loaders>;

export interface GqlContext {
  req: FastifyRequest;
  loaders: Loaders;
}

/** Collects the features' loader factories; the GraphQL context builds a fresh set per request. */
@Injectable()
export class LoaderRegistry {
  private readonly factories: LoaderFactory[] = [];

  contribute(factory: LoaderFactory) {
    this.factories.push(factory);
  }

  create(db: DataSource): Loaders {
    const loaders: Partial<Loaders> = {};
    for (const f of this.factories) Object.assign(loaders, f(db));
    return loaders as Loaders;
  }
}

@Global()
@Module({ providers: [LoaderRegistry], exports: [LoaderRegistry] })
export class LoadersModule {}

/** Groups rows by a key, in the order of the keys DataLoader asked for. */
export function groupBy<K, T>(keys: readonly K[], rows: T[], keyOf: (r: T) => K): T[][] {
  const m = new Map<K, T[]>();
  for (const k of keys) m.set(k, []);
  for (const r of rows) m.get(keyOf(r))?.push(r);
  return keys.map((k) => m.get(k) ?? []);
}

/** Rows by primary key `id`; null for an id with no row. */
export function byId<T extends ObjectLiteral & { id: string }>(db: DataSource, entity: EntityTarget<T>) {
  return byUniqueKey<T>(db, entity, 'id');
}

/** Rows by a unique column (the property name); null for a key with no row. */
export function byUniqueKey<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, key: keyof T & string) {
  return new DataLoader<string, T | null>(async (keys) => {
    const where: FindOptionsWhere<ObjectLiteral> = { [key]: In([...keys]) };
    const rows = await db.getRepository(entity).findBy(where);
    const m = new Map(rows.map((r) => [r[key] as string, r]));
    return keys.map((k) => m.get(k) ?? null);
  });
}

/** Rows grouped by a foreign key (the property name), in `order`. */
export function groupedBy<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order: keyof T & string,
) {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await db.getRepository(entity).find({
      where: { [key]: In([...keys]) } as FindOptionsWhere<T>,
      order: { [order]: 'ASC' } as FindOptionsOrder<T>,
    });
    return groupBy(keys, rows, (r) => r[key] as string);
  });
}
