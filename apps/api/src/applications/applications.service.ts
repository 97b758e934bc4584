import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { badInput, DomainError, notFound } from '../common/graphql/errors';
import { DirectionEntity, ProgramEntity } from '../programs/program.entity';
import { ApplicationStatus, canTransition, EDITABLE } from './application-status';
import { ApplicationEntity } from './application.entity';
import { screenProgram } from './screening';
import { checkFirst, pageOf } from '../common/graphql/page';
import { decodeCursor, encodeCursor } from '../common/graphql/cursor';
import { likePattern } from '../common/database/like';
import { checkIds } from '../common/graphql/ids';

@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(
    programId: string,
    directionNumber?: number | null,
    status?: ApplicationStatus | null,
  ): Promise<ApplicationEntity[]> {
    const program = await this.db.getRepository(ProgramEntity).findOneBy({ id: programId });
    if (!program) throw notFound('program', programId);
    const qb = this.db
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .innerJoin(DirectionEntity, 'd', 'd.id = a.direction_id')
      .where('a.program_id = :programId', { programId })
      .orderBy('d.number', 'ASC')
      .addOrderBy('a.external_id', 'ASC');
    if (directionNumber != null) qb.andWhere('d.number = :n', { n: directionNumber });
    if (status) qb.andWhere('a.status = :status', { status });
    return qb.getMany();
  }

  /**
   * One page of a call's applications in project-number order after the cursor's number, with the
   * filtered total; filters (direction, status, in a round, text in the number or titles) in SQL.
   */
  async page(
    programId: string,
    filter: {
      directionNumber?: number | null;
      status?: ApplicationStatus | null;
      roundId?: string | null;
      search?: string | null;
    },
    first: number,
    after: string | null | undefined,
  ) {
    checkFirst(first);
    checkIds({ programId, roundId: filter.roundId });
    if (!(await this.db.getRepository(ProgramEntity).existsBy({ id: programId }))) throw notFound('program', programId);
    const filtered = () => {
      const qb = this.db
        .getRepository(ApplicationEntity)
        .createQueryBuilder('a')
        .where('a.program_id = :programId', { programId });
      if (filter.directionNumber != null)
        qb.innerJoin(DirectionEntity, 'd', 'd.id = a.direction_id').andWhere('d.number = :n', {
          n: filter.directionNumber,
        });
      if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
      if (filter.roundId)
        qb.andWhere(
          'EXISTS (SELECT 1 FROM round_projects rp WHERE rp.round_id = :roundId AND rp.application_id = a.id)',
          {
            roundId: filter.roundId,
          },
        );
      const q = likePattern(filter.search);
      if (q) qb.andWhere('(a.external_id ILIKE :q OR a.title_zh ILIKE :q OR a.title_en ILIKE :q)', { q });
      return qb;
    };
    const total = await filtered().getCount();
    const qb = filtered()
      .orderBy('a.external_id', 'ASC')
      .limit(first + 1);
    if (after) qb.andWhere('a.external_id > :after', { after: decodeCursor(after, 'after', 1)[0] });
    const rows = await qb.getMany();
    return pageOf(rows, first, total, (last) => encodeCursor([last.externalId]));
  }

  async get(id: string): Promise<ApplicationEntity> {
    const a = await this.db.getRepository(ApplicationEntity).findOneBy({ id });
    if (!a) throw notFound('project', id);
    return a;
  }

  /**
   * 形式审查 over the whole call: stores each result and moves SUBMITTED/ELIGIBLE/INELIGIBLE
   * applications to ELIGIBLE or INELIGIBLE; an officer's override keeps its status. One
   * transaction; each changed application is audited.
   */
  async screen(programId: string, actor: AuthUser | null, manager?: EntityManager) {
    const work = async (m: EntityManager) => {
      const program = await m.findOne(ProgramEntity, { where: { id: programId }, lock: { mode: 'pessimistic_write' } });
      if (!program) throw notFound('program', programId);
      const apps = await m.find(ApplicationEntity, { where: { programId } });
      const results = await screenProgram(m, program, apps);
      const now = new Date();
      let eligible = 0;
      let ineligible = 0;
      let overridden = 0;
      for (const a of apps) {
        const r = results.get(a.id)!;
        const before = { status: a.status, eligible: a.eligible, failures: a.eligibilityFailures };
        a.eligible = r.eligible;
        a.eligibilityFailures = r.failures;
        a.screenedAt = now;
        if (EDITABLE.has(a.status)) {
          const effective = a.eligibilityOverride ?? r.eligible;
          if (a.eligibilityOverride !== null && a.eligibilityOverride !== r.eligible) overridden++;
          a.status = effective ? ApplicationStatus.ELIGIBLE : ApplicationStatus.INELIGIBLE;
        }
        if ((a.eligibilityOverride ?? r.eligible) === true) eligible++;
        else ineligible++;
        const changed =
          before.status !== a.status ||
          before.eligible !== a.eligible ||
          JSON.stringify(before.failures) !== JSON.stringify(a.eligibilityFailures);
        await m.update(
          ApplicationEntity,
          { id: a.id },
          {
            eligible: a.eligible,
            eligibilityFailures: a.eligibilityFailures,
            screenedAt: now,
            status: a.status,
            version: () => 'version + 1',
          },
        );
        if (changed) {
          await this.audit.record(
            {
              actorId: actor?.id ?? null,
              action: 'application.screen',
              entity: 'application',
              entityId: a.id,
              before,
              after: { status: a.status, eligible: a.eligible, failures: a.eligibilityFailures },
            },
            m,
          );
        }
      }
      await this.audit.record(
        {
          actorId: actor?.id ?? null,
          action: 'program.screen',
          entity: 'program',
          entityId: programId,
          after: { screened: apps.length, eligible, ineligible, overridden },
        },
        m,
      );
      return { screened: apps.length, eligible, ineligible, overridden };
    };
    return manager ? work(manager) : this.db.transaction(work);
  }

  /** An officer replaces the screening result; the written reason is kept in the audit trail. */
  async overrideEligibility(
    id: string,
    eligible: boolean,
    reason: string,
    actor: AuthUser,
  ): Promise<ApplicationEntity> {
    const why = (reason ?? '').trim();
    if (why.length < 10)
      throw badInput(
        'reason',
        'a written justification of at least 10 characters is required / 须填写至少 10 个字的理由',
      );
    if (why.length > 4000) throw badInput('reason', 'at most 4000 characters / 最多 4000 字');
    return this.db.transaction(async (m) => {
      const a = await m.findOne(ApplicationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!a) throw notFound('project', id);
      if (!EDITABLE.has(a.status)) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `status: ${a.status} — eligibility can only change before review starts / 评审开始后不能更改形式审查结果`,
          { field: 'status' },
        );
      }
      const target = eligible ? ApplicationStatus.ELIGIBLE : ApplicationStatus.INELIGIBLE;
      if (!canTransition(a.status, target)) throw badInput('eligible', `cannot move from ${a.status} to ${target}`);
      const before = { status: a.status, override: a.eligibilityOverride, reason: a.overrideReason };
      a.eligibilityOverride = eligible;
      a.overrideReason = why;
      a.status = target;
      a.version += 1;
      await m.save(a);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'application.override_eligibility',
          entity: 'application',
          entityId: id,
          before,
          after: { status: a.status, override: eligible },
          reason: why,
        },
        m,
      );
      return a;
    });
  }

  /** Moves an application along its life cycle, refusing a transition the table does not allow. */
  async transition(id: string, to: ApplicationStatus, actor: AuthUser, reason?: string): Promise<ApplicationEntity> {
    return this.db.transaction(async (m) => {
      const a = await m.findOne(ApplicationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!a) throw notFound('project', id);
      if (!canTransition(a.status, to)) throw badInput('status', `cannot move from ${a.status} to ${to}`);
      const from = a.status;
      await m.update(ApplicationEntity, { id }, { status: to, version: () => 'version + 1' });
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'application.status',
          entity: 'application',
          entityId: id,
          before: { status: from },
          after: { status: to },
          reason: reason ?? null,
        },
        m,
      );
      return { ...a, status: to };
    });
  }
}
