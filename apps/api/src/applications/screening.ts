import { samePersons } from '@app/conflicts';
import { screenApplications, type Application as LibApplication, type ProgramConfig } from '@app/eligibility';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { InstitutionEntity, PersonEntity } from '../people/people.entity';
import { DirectionEntity, ProgramEntity } from '../programs/program.entity';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
import {
  ApplicationEntity,
  CooperatingInstitutionEntity,
  TeamMemberEntity,
  type StoredFailure,
} from './application.entity';

/** The programme's rules and directions as the eligibility lib's configuration. */
export async function programConfig(
  m: EntityManager,
  program: ProgramEntity,
): Promise<{ config: ProgramConfig; numberOf: Map<string, number> }> {
  const directions = await m.find(DirectionEntity, { where: { programId: program.id } });
  return {
    config: {
      year: program.year,
      window: program.rules.submissionWindow,
      maxCooperatingInstitutions: program.rules.maxCooperatingInstitutions,
      mathCodePrefixes: program.rules.mathCodePrefixes,
      directions: directions.map((d) => ({ number: d.number, funding: d.fundingAmount, conditions: d.conditions })),
    },
    numberOf: new Map(directions.map((d) => [d.id, d.number])),
  };
}

/**
 * Screens every application of a programme with the pure lib (cross-application rules need the
 * whole call). Returns each application's result, keyed by id; nothing is written here.
 */
export async function screenProgram(
  m: EntityManager,
  program: ProgramEntity,
  apps: ApplicationEntity[],
): Promise<Map<string, { eligible: boolean; failures: StoredFailure[] }>> {
  const { config, numberOf } = await programConfig(m, program);
  const ids = apps.map((a) => a.id);
  const [members, coops] = ids.length
    ? await Promise.all([
        m.find(TeamMemberEntity, { where: { applicationId: In(ids) }, order: { position: 'ASC' } }),
        m.find(CooperatingInstitutionEntity, { where: { applicationId: In(ids) }, order: { position: 'ASC' } }),
      ])
    : [[], []];
  const membersOf = new Map<string, TeamMemberEntity[]>();
  for (const t of members)
    (membersOf.get(t.applicationId) ?? membersOf.set(t.applicationId, []).get(t.applicationId)!).push(t);
  // one person across records (shared e-mail or ORCID) counts once for the per-person rules
  const personIds = [...new Set(members.map((t) => t.personId))];
  const persons = personIds.length
    ? await m.find(PersonEntity, {
        where: { id: In(personIds) },
        select: { id: true, name: true, emails: true, orcid: true },
        order: { createdAt: 'ASC', id: 'ASC' },
      })
    : [];
  const canon = samePersons(persons);
  const coopOf = new Map<string, string[]>();
  for (const c of coops)
    (coopOf.get(c.applicationId) ?? coopOf.set(c.applicationId, []).get(c.applicationId)!).push(c.institutionId);
  const input: LibApplication[] = apps.map((a) => ({
    id: a.id,
    direction: numberOf.get(a.directionId)!,
    submittedAt: a.submittedAtText,
    applicationCode1: a.applicationCode1,
    leadInstitution: a.leadInstitutionId,
    cooperatingInstitutions: coopOf.get(a.id) ?? [],
    conditionsMet: a.conditionsMet,
    budget: { direct: a.budgetDirect, indirect: a.budgetIndirect },
    members: (membersOf.get(a.id) ?? []).map((t) => ({
      person: canon.get(t.personId) ?? t.personId,
      role: t.role,
      discipline: t.discipline as 'MATH' | 'MEDICINE' | 'IT',
      seniorTitle: t.seniorTitle,
      ledBasicResearch: t.ledBasicResearch,
      status: t.employmentStatus,
    })),
  }));
  // Every stored application has a team: the import refuses one without members.
  const { results } = screenApplications({ program: config, applications: input });
  // the lib names persons, institutions and applications by id: people read names and numbers
  const names = new Map<string, string>(apps.map((a) => [a.id, a.externalId]));
  const instIds = [...new Set([...apps.map((a) => a.leadInstitutionId), ...coops.map((c) => c.institutionId)])];
  for (const p of persons) names.set(p.id, p.name);
  if (instIds.length) for (const i of await m.findBy(InstitutionEntity, { id: In(instIds) })) names.set(i.id, i.name);
  const readable = (text: string) => text.replace(UUID, (id) => names.get(id) ?? id);
  const out = new Map<string, { eligible: boolean; failures: StoredFailure[] }>();
  for (const r of results)
    out.set(r.application, {
      eligible: r.eligible,
      failures: r.failures.map((f) => ({ ...f, message: readable(f.message) })),
    });
  return out;
}
