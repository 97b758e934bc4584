import DataLoader from 'dataloader';
import { type DataSource, In, type ObjectLiteral, type EntityTarget } from 'typeorm';
import {
  ApplicationEntity,
  CooperatingInstitutionEntity,
  TeamMemberEntity,
} from '../../applications/application.entity';
import { ReviewEntity } from '../../assignments/assignment.entity';
import { DocumentEntity } from '../../documents/document.entity';
import { RoundEntity } from '../../rounds/round.entity';
import { UserEntity } from '../../users/user.entity';
import { InstitutionEntity, PersonEntity } from '../../people/people.entity';
import { DirectionEntity } from '../../programs/program.entity';

/** Groups rows by a key, in the order of the keys DataLoader asked for. */
export function groupBy<K, T>(keys: readonly K[], rows: T[], keyOf: (r: T) => K): T[][] {
  const m = new Map<K, T[]>();
  for (const k of keys) m.set(k, []);
  for (const r of rows) m.get(keyOf(r))?.push(r);
  return keys.map((k) => m.get(k) ?? []);
}

function byId<T extends ObjectLiteral & { id: string }>(db: DataSource, entity: EntityTarget<T>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await db.getRepository(entity).findBy({ id: In([...ids]) } as never);
    const m = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => m.get(id) ?? null);
  });
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
    direction: byId(db, DirectionEntity),
    institution: byId(db, InstitutionEntity),
    person: byId(db, PersonEntity),
    application: byId(db, ApplicationEntity),
    roundsByProgram: new DataLoader<string, RoundEntity[]>(async (ids) =>
      groupBy(
        ids,
        await db.getRepository(RoundEntity).find({ where: { programId: In([...ids]) }, order: { opensAt: 'ASC' } }),
        (r) => r.programId,
      ),
    ),
    round: byId(db, RoundEntity),
    user: byId(db, UserEntity),
    reviewByAssignment: new DataLoader<string, ReviewEntity | null>(async (ids) => {
      const rows = await db.getRepository(ReviewEntity).findBy({ assignmentId: In([...ids]) });
      const m = new Map(rows.map((r) => [r.assignmentId, r]));
      return ids.map((id) => m.get(id) ?? null);
    }),
    documentsByApplication: new DataLoader<string, DocumentEntity[]>(async (ids) =>
      groupBy(
        ids,
        await db
          .getRepository(DocumentEntity)
          .find({ where: { applicationId: In([...ids]) }, order: { uploadedAt: 'ASC' } }),
        (d) => d.applicationId,
      ),
    ),
    teamByApplication: new DataLoader<string, TeamMemberEntity[]>(async (ids) =>
      groupBy(
        ids,
        await db
          .getRepository(TeamMemberEntity)
          .find({ where: { applicationId: In([...ids]) }, order: { position: 'ASC' } }),
        (t) => t.applicationId,
      ),
    ),
    cooperatingByApplication: new DataLoader<string, CooperatingInstitutionEntity[]>(async (ids) =>
      groupBy(
        ids,
        await db
          .getRepository(CooperatingInstitutionEntity)
          .find({ where: { applicationId: In([...ids]) }, order: { position: 'ASC' } }),
        (c) => c.applicationId,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface GqlContext {
  req: import('fastify').FastifyRequest;
  loaders: Loaders;
}
