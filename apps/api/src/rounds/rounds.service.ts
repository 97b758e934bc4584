import { resolvePolicy } from '@app/conflicts';
import { parseInstant } from '@app/eligibility';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { ApplicationStatus } from '../applications/application-status';
import { ApplicationEntity } from '../applications/application.entity';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { DomainError, badInput, notFound } from '../common/graphql/errors';
import { ProgramEntity } from '../programs/program.entity';
import { NoticesService } from '../notices/notices.service';
import { beijingTime } from '../common/i18n/texts';
import { INITIAL_CRITERIA, MIDTERM_CRITERIA, RECOMMENDATIONS } from './defaults';
import type { CreateRoundInput, UpdateRoundInput } from './models/round.model';
import { RoundEntity, RoundProjectEntity } from './round.entity';

const when = (field: string, v: string) => {
  try {
    return new Date(parseInstant(field, v));
  } catch (e) {
    throw badInput(field, (e as Error).message.replace(`${field}: `, ''));
  }
};
const roundView = (r: RoundEntity) => ({
  status: r.status,
  opensAt: r.opensAt,
  closesAt: r.closesAt,
  reviewersPerProject: r.reviewersPerProject,
  criteria: r.criteria.map((c) => c.key),
  settings: r.settings,
});

@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
  ) {}

  list(programId: string) {
    return this.db.getRepository(RoundEntity).find({ where: { programId }, order: { opensAt: 'ASC' } });
  }

  async get(id: string, m: EntityManager = this.db.manager): Promise<RoundEntity> {
    const r = await m.findOneBy(RoundEntity, { id });
    if (!r) throw notFound('round', id);
    return r;
  }

  /**
   * A new round in DRAFT with the default rubric of its kind. INITIAL takes every ELIGIBLE
   * application of the call; MIDTERM takes the projects FUNDED in its initial round, only those.
   */
  async create(
    programId: string,
    input: CreateRoundInput,
    actor: AuthUser | null,
    manager?: EntityManager,
  ): Promise<RoundEntity> {
    const opensAt = when('opensAt', input.opensAt);
    const closesAt = when('closesAt', input.closesAt);
    if (closesAt <= opensAt) throw badInput('closesAt', 'must be after opensAt / 须晚于开放时间');
    const work = async (m: EntityManager) => {
      const program = await m.findOneBy(ProgramEntity, { id: programId });
      if (!program) throw notFound('program', programId);
      let projectIds: string[];
      if (input.kind === 'MIDTERM') {
        if (!input.parentRoundId)
          throw badInput(
            'parentRoundId',
            'a mid-term round evaluates the funded projects of an initial round: name it / 中期评估须指定其对应的初评轮次',
          );
        const parent = await m.findOneBy(RoundEntity, { id: input.parentRoundId });
        if (!parent || parent.programId !== programId || parent.kind !== 'INITIAL')
          throw badInput(
            'parentRoundId',
            'must be an initial round of the same programme / 须为同一资助计划的初评轮次',
          );
        const rows = await m
          .createQueryBuilder(RoundProjectEntity, 'rp')
          .innerJoin(ApplicationEntity, 'a', 'a.id = rp.application_id')
          .where('rp.round_id = :r', { r: parent.id })
          .andWhere('a.status IN (:...s)', { s: [ApplicationStatus.FUNDED, ApplicationStatus.MIDTERM] })
          .select('rp.application_id', 'id')
          .getRawMany<{ id: string }>();
        projectIds = rows.map((r) => r.id);
        if (projectIds.length === 0)
          throw badInput('parentRoundId', 'the initial round has no funded projects yet / 初评轮次尚无资助项目');
      } else {
        if (input.parentRoundId)
          throw badInput(
            'parentRoundId',
            'only a mid-term round has a parent round / 只有中期评估轮次有对应的初评轮次',
          );
        const rows = await m.find(ApplicationEntity, {
          where: { programId, status: ApplicationStatus.ELIGIBLE },
          select: { id: true },
        });
        projectIds = rows.map((r) => r.id);
      }
      const round = await m.save(
        RoundEntity,
        m.create(RoundEntity, {
          programId,
          kind: input.kind,
          nameZh: input.nameZh.trim(),
          nameEn: input.nameEn.trim(),
          status: 'DRAFT',
          opensAt,
          closesAt,
          reviewersPerProject: input.reviewersPerProject ?? 5,
          criteria: input.kind === 'MIDTERM' ? MIDTERM_CRITERIA : INITIAL_CRITERIA,
          recommendationOptions: [...RECOMMENDATIONS[input.kind]],
          settings:
            input.kind === 'MIDTERM'
              ? {
                  excellentThreshold: 80,
                  excellentContinueShare: 0.6,
                  passThreshold: 60,
                  maxExcellentShare: 1,
                  phase2Amount: program.rules.phase2.minAmount,
                }
              : { qualityThreshold: 60 },
          parentRoundId: input.parentRoundId ?? null,
        }),
      );
      if (projectIds.length)
        await m.insert(
          RoundProjectEntity,
          projectIds.map((applicationId) => ({ roundId: round.id, applicationId })),
        );
      await this.audit.record(
        {
          actorId: actor?.id ?? null,
          action: 'round.create',
          entity: 'round',
          entityId: round.id,
          after: { ...roundView(round), kind: round.kind, projects: projectIds.length },
        },
        m,
      );
      return round;
    };
    return manager ? work(manager) : this.db.transaction(work);
  }

  /** Edits a DRAFT round: window, reviewers per project, rubric, settings. */
  async update(id: string, input: UpdateRoundInput, actor: AuthUser): Promise<RoundEntity> {
    return this.db.transaction(async (m) => {
      const r = await m.findOne(RoundEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!r) throw notFound('round', id);
      const before = roundView(r);
      const onlySettings = Object.keys(input).every(
        (k) => k === 'settings' || (input as Record<string, unknown>)[k] === undefined,
      );
      if (r.status !== 'DRAFT' && !(onlySettings && r.status !== 'FINALIZED')) {
        throw badInput(
          'status',
          `the round is ${r.status}; only a DRAFT round can be edited (settings until it is finalized)`,
        );
      }
      if (input.nameZh) r.nameZh = input.nameZh.trim();
      if (input.nameEn) r.nameEn = input.nameEn.trim();
      if (input.opensAt) r.opensAt = when('opensAt', input.opensAt);
      if (input.closesAt) r.closesAt = when('closesAt', input.closesAt);
      if (r.closesAt <= r.opensAt) throw badInput('closesAt', 'must be after opensAt / 须晚于开放时间');
      if (input.reviewersPerProject) r.reviewersPerProject = input.reviewersPerProject;
      if (input.criteria) {
        const keys = new Set<string>();
        for (const [i, c] of input.criteria.entries()) {
          if (keys.has(c.key)) throw badInput(`criteria[${i}].key`, `duplicate key ${c.key}`);
          keys.add(c.key);
          if (!(c.max > c.min)) throw badInput(`criteria[${i}].max`, 'must be greater than min / 须大于最小值');
          if (c.step > c.max - c.min)
            throw badInput(`criteria[${i}].step`, 'must not exceed max − min / 不能超过最大值与最小值之差');
        }
        if (input.criteria.length === 0)
          throw badInput('criteria', 'a rubric needs at least one criterion / 至少一项评分指标');
        const sum = input.criteria.reduce((a, c) => a + c.weight, 0);
        if (Math.abs(sum - 100) > 1e-9)
          throw badInput(
            'criteria',
            `the weights must sum to 100 (they sum to ${sum}) / 权重之和须为 100（现为 ${sum}）`,
          );
        r.criteria = input.criteria.map((c) => ({ ...c }));
      }
      // checked by the same rules detection applies (an unknown preset, years out of range)
      if (input.settings?.conflictPolicy) resolvePolicy(input.settings.conflictPolicy);
      if (input.settings)
        r.settings = {
          ...r.settings,
          ...Object.fromEntries(Object.entries(input.settings).filter(([, v]) => v !== undefined && v !== null)),
        };
      r.version += 1;
      await m.save(r);
      await this.audit.record(
        { actorId: actor.id, action: 'round.update', entity: 'round', entityId: id, before, after: roundView(r) },
        m,
      );
      return r;
    });
  }

  /** DRAFT → OPEN: reviewers may score from opensAt to closesAt; projects enter review. */
  async open(id: string, actor: AuthUser | null, manager?: EntityManager) {
    const work = async (m: EntityManager) => {
      const r = await this.lock(m, id);
      if (r.status !== 'DRAFT') throw badInput('status', `only a DRAFT round can be opened (it is ${r.status})`);
      if (r.closesAt.getTime() <= Date.now())
        throw badInput(
          'closesAt',
          'is already past: move the deadline before opening / 已过截止时间，请先调整截止时间再开放',
        );
      const ids = (await m.findBy(RoundProjectEntity, { roundId: id })).map((x) => x.applicationId);
      const target = r.kind === 'MIDTERM' ? ApplicationStatus.MIDTERM : ApplicationStatus.UNDER_REVIEW;
      const from = r.kind === 'MIDTERM' ? [ApplicationStatus.FUNDED] : [ApplicationStatus.ELIGIBLE];
      if (ids.length)
        await m.update(
          ApplicationEntity,
          { id: In(ids), status: In(from) },
          { status: target, version: () => 'version + 1' },
        );
      return this.setStatus(m, r, 'OPEN', actor);
    };
    return manager ? work(manager) : this.db.transaction(work);
  }

  /** OPEN → CLOSED: no more scoring. */
  async close(id: string, actor: AuthUser | null, manager?: EntityManager) {
    const work = async (m: EntityManager) => {
      const r = await this.lock(m, id);
      if (r.status !== 'OPEN') throw badInput('status', `only an OPEN round can be closed (it is ${r.status})`);
      r.closedAt = new Date();
      await m.update(RoundEntity, { id: r.id }, { closedAt: r.closedAt });
      return this.setStatus(m, r, 'CLOSED', actor);
    };
    return manager ? work(manager) : this.db.transaction(work);
  }

  /**
   * A later deadline: for an OPEN round it moves; a CLOSED round opens again until then. Either
   * way the reason is kept in the audit trail. A finalized round cannot move.
   */
  async extend(id: string, closesAt: Date, reason: string, actor: AuthUser) {
    const why = reason.trim();
    if (why.length < 5) throw badInput('reason', 'say why, in at least 5 characters / 请填写理由（至少 5 个字）');
    if (Number.isNaN(closesAt.getTime()) || closesAt.getTime() <= Date.now())
      throw badInput('closesAt', 'must be in the future / 须晚于当前时间');
    return this.db.transaction(async (m) => {
      const r = await this.lock(m, id);
      if (r.status !== 'OPEN' && r.status !== 'CLOSED')
        throw badInput(
          'status',
          `only an OPEN or CLOSED round can get a new deadline (it is ${r.status}) / 只有评审中或已截止的轮次可以延期`,
        );
      if (r.status === 'OPEN' && closesAt.getTime() <= r.closesAt.getTime())
        throw badInput('closesAt', 'must be later than the current deadline / 须晚于当前截止时间');
      const before = { status: r.status, closesAt: r.closesAt, closedAt: r.closedAt };
      const reopen = r.status === 'CLOSED';
      r.closesAt = closesAt;
      r.closedAt = null;
      r.status = 'OPEN';
      r.version += 1;
      await m.update(RoundEntity, { id: r.id }, { closesAt, closedAt: null, status: 'OPEN', version: r.version });
      await this.audit.record(
        {
          actorId: actor.id,
          action: reopen ? 'round.reopen' : 'round.extend',
          entity: 'round',
          entityId: r.id,
          before,
          after: { status: r.status, closesAt },
          reason: why,
        },
        m,
      );
      return r;
    });
  }

  async lock(m: EntityManager, id: string): Promise<RoundEntity> {
    const r = await m.findOne(RoundEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!r) throw notFound('round', id);
    return r;
  }

  async setStatus(m: EntityManager, r: RoundEntity, status: RoundEntity['status'], actor: AuthUser | null) {
    const before = r.status;
    r.status = status;
    r.version += 1;
    await m.update(RoundEntity, { id: r.id }, { status, version: r.version });
    await this.audit.record(
      {
        actorId: actor?.id ?? null,
        action: `round.${status.toLowerCase()}`,
        entity: 'round',
        entityId: r.id,
        before: { status: before },
        after: { status },
      },
      m,
    );
    if (status === 'OPEN' && before === 'DRAFT') {
      // the work assigned while the round was being prepared is told now, one notice per reviewer
      const rows: { reviewer_id: string; n: number }[] = await m.query(
        `SELECT reviewer_id, count(*)::int AS n FROM assignments WHERE round_id = $1 AND status = 'ACTIVE' GROUP BY reviewer_id`,
        [r.id],
      );
      const deadline = beijingTime(r.closesAt);
      await this.notices.notify(
        m,
        rows.map((x) => ({
          userId: x.reviewer_id,
          roundId: r.id,
          kind: 'ASSIGNED',
          titleZh: `评审开始：${r.nameZh}`,
          titleEn: `Review open: ${r.nameEn}`,
          bodyZh: `「${r.nameZh}」已开始，您有 ${x.n} 个项目待评审，截止时间 ${deadline}（北京时间）。`,
          bodyEn: `"${r.nameEn}" is open: ${x.n} project(s) await your review, due by ${deadline} Beijing time.`,
          link: '/reviews',
        })),
        actor?.id ?? null,
      );
    }
    return r;
  }

  /** Reviews may change only while the round is OPEN and inside its window. */
  assertWritable(r: Pick<RoundEntity, 'status' | 'opensAt' | 'closesAt'>, now = new Date()) {
    if (r.status !== 'OPEN') throw new DomainError('ROUND_CLOSED', `the round is ${r.status} / 评审轮次未开放`);
    if (now < r.opensAt)
      throw new DomainError('ROUND_CLOSED', `the round opens at ${r.opensAt.toISOString()} / 评审尚未开始`);
    if (now >= r.closesAt)
      throw new DomainError('ROUND_CLOSED', `the deadline ${r.closesAt.toISOString()} has passed / 评审已截止`);
  }
}
