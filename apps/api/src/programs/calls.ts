import { validateCall, type CallDefinition, type CallPhase } from '@app/calls';
import type { EntityManager } from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import type { AuditService } from '../audit/audit.service';
import { badInput } from '../common/graphql/errors';
import { RoundEntity } from '../rounds/round.entity';
import type { ProgramRules } from './program-rules';
import { DirectionEntity, ProgramEntity } from './program.entity';

/** The programme's rules (what screening, decisions and rounds read) from a call definition. */
export function rulesOf(call: CallDefinition): ProgramRules {
  const p1 = call.phases.find((p) => p.phase === 1)!;
  const p2 = call.phases.find((p) => p.phase === 2);
  return {
    submissionWindow: { opens: call.submissionWindow.opensAt, closes: call.submissionWindow.closesAt },
    maxCooperatingInstitutions: call.eligibility.maxCooperatingInstitutions,
    mathCodePrefixes: call.eligibility.mathCodePrefixes,
    maxAwards: call.maxAwards,
    maxAwardsPerDirection: call.eligibility.maxAwardsPerDirection,
    phase1: {
      years: p1.years,
      start: p1.start ?? '',
      end: p1.end ?? '',
      defaultAmount: p1.defaultAmount ?? Math.min(...call.directions.map((d) => d.fundingAmount)),
    },
    phase2: { minAmount: p2?.minAmount ?? 0, years: p2?.years ?? 0 },
    requiredDisciplines: call.eligibility.requiredDisciplines,
    maxApplicantExclusions: call.eligibility.maxApplicantExclusions,
  };
}

/**
 * Imports a call definition (docs/contract/call.md) inside the caller's transaction: a new code
 * makes a programme; a known code updates it while no round of it has opened (directions matched
 * by number; one that applications already use cannot be dropped). Every problem of the document
 * is reported at once (CallInputError, by JSON path).
 */
export async function importCallInto(
  m: EntityManager,
  raw: unknown,
  actorId: string | null,
  audit: Pick<AuditService, 'record'>,
): Promise<ProgramEntity> {
  const call = validateCall(raw);
  // one import of a code at a time
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('call:' || $1))`, [call.code]);
  const existing = await m.findOneBy(ProgramEntity, { code: call.code });
  const fields = {
    code: call.code,
    year: call.year,
    nameZh: call.titleZh,
    nameEn: call.titleEn,
    rules: rulesOf(call),
    phases: call.phases,
  };
  let program: ProgramEntity;
  if (existing) {
    const opened = await m
      .createQueryBuilder(RoundEntity, 'r')
      .where('r.programId = :id AND r.status <> :draft', { id: existing.id, draft: 'DRAFT' })
      .getCount();
    if (opened)
      throw badInput(
        'definition.code',
        `call ${call.code} already has a round under way; its definition can no longer change / 该指南已有评审轮次开始，不能再修改`,
      );
    program = await m.save(ProgramEntity, Object.assign(existing, fields));
  } else {
    program = await m.save(ProgramEntity, m.create(ProgramEntity, fields));
  }
  const before = await m.findBy(DirectionEntity, { programId: program.id });
  const keep = new Set(call.directions.map((d) => d.number));
  const dropped = before.filter((d) => !keep.has(d.number));
  if (dropped.length) {
    const used = await m
      .createQueryBuilder(ApplicationEntity, 'a')
      .where('a.directionId IN (:...ids)', { ids: dropped.map((d) => d.id) })
      .getCount();
    if (used)
      throw badInput(
        'definition.directions',
        `directions ${dropped.map((d) => d.number).join(', ')} have applications and cannot be removed / 已有申请的研究方向不能删除`,
      );
    await m.delete(
      DirectionEntity,
      dropped.map((d) => d.id),
    );
  }
  const byNumber = new Map(before.map((d) => [d.number, d]));
  for (const d of call.directions) {
    const row = byNumber.get(d.number) ?? m.create(DirectionEntity, { programId: program.id, number: d.number });
    Object.assign(row, {
      titleZh: d.titleZh,
      titleEn: d.titleEn,
      fundingAmount: d.fundingAmount,
      conditions: d.conditions.map((c) => c.key),
      conditionsNoteZh: d.conditions.map((c) => c.textZh).join('；') || null,
      conditionsNoteEn:
        d.conditions
          .map((c) => c.textEn ?? '')
          .filter(Boolean)
          .join('; ') || null,
      contentZh: d.contentZh,
      contentEn: d.contentEn ?? null,
      noteZh: d.noteZh ?? null,
      conditionDetails: d.conditions,
      targets: d.targets,
    });
    await m.save(DirectionEntity, row);
  }
  await audit.record(
    {
      actorId,
      action: existing ? 'call.update' : 'call.import',
      entity: 'program',
      entityId: program.id,
      after: { code: call.code, year: call.year, directions: call.directions.length },
    },
    m,
  );
  return program;
}

/**
 * A programme's phases: as its call defined them, or (a programme from before calls were data)
 * from its rules, with the funders the 2023 call names.
 */
export function phasesOf(p: ProgramEntity): CallPhase[] {
  if (p.phases.length) return p.phases;
  const r = p.rules;
  return [
    {
      phase: 1,
      years: r.phase1.years,
      start: r.phase1.start,
      end: r.phase1.end,
      funders: ['TIANYUAN', 'SHENZHEN'],
      defaultAmount: r.phase1.defaultAmount,
    },
    {
      phase: 2,
      years: r.phase2.years,
      minAmount: r.phase2.minAmount,
      funders: ['SHENZHEN'],
      requires: ['EXCELLENT', 'SHENZHEN_LANDING'],
    },
  ];
}

/** The call definition of a programme, as importCall takes it (to copy a call to a new year). */
export async function exportCallOf(m: EntityManager, programId: string): Promise<CallDefinition | null> {
  const p = await m.findOneBy(ProgramEntity, { id: programId });
  if (!p) return null;
  const directions = await m.find(DirectionEntity, { where: { programId }, order: { number: 'ASC' } });
  const r = p.rules;
  const phases = phasesOf(p);
  return {
    code: p.code,
    year: p.year,
    titleZh: p.nameZh,
    titleEn: p.nameEn,
    maxAwards: r.maxAwards,
    submissionWindow: { opensAt: r.submissionWindow.opens, closesAt: r.submissionWindow.closes },
    phases,
    eligibility: {
      maxCooperatingInstitutions: r.maxCooperatingInstitutions,
      mathCodePrefixes: r.mathCodePrefixes,
      requiredDisciplines: r.requiredDisciplines,
      maxApplicantExclusions: r.maxApplicantExclusions,
      maxAwardsPerDirection: r.maxAwardsPerDirection,
    },
    directions: directions.map((d) => ({
      number: d.number,
      titleZh: d.titleZh,
      titleEn: d.titleEn,
      fundingAmount: d.fundingAmount,
      contentZh: d.contentZh,
      ...(d.contentEn ? { contentEn: d.contentEn } : {}),
      ...(d.noteZh ? { noteZh: d.noteZh } : {}),
      conditions: d.conditionDetails.length
        ? d.conditionDetails
        : d.conditions.map((key) => ({ key, textZh: d.conditionsNoteZh ?? key })),
      targets: d.targets,
    })),
  };
}
