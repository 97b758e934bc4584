import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

declare module '../common/graphql/loaders' {
  interface Loaders {
    /** `${roundId}|${userId}` → the highest pledge version that user signed in that round (0: none). */
    pledgeVersion: DataLoader<string, number>;
  }
}

export const pledgeLoaders = (db: DataSource) => ({
  pledgeVersion: new DataLoader<string, number>(async (keys) => {
    const pairs = keys.map((k) => k.split('|'));
    const rows: { key: string; version: number }[] = await db.query(
      `SELECT p.round_id || '|' || p.user_id AS key, max(p.version)::int AS version
         FROM pledges p JOIN unnest($1::uuid[], $2::uuid[]) AS k(round_id, user_id)
           ON k.round_id = p.round_id AND k.user_id = p.user_id
        GROUP BY p.round_id, p.user_id`,
      [pairs.map((x) => x[0]), pairs.map((x) => x[1])],
    );
    const by = new Map(rows.map((r) => [r.key, r.version]));
    return keys.map((k) => by.get(k) ?? 0);
  }),
});
