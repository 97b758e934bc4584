import type { CallTarget } from '@app/calls';
import { materialAccess } from '../documents/material-access';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { isOfficer } from '../common/auth/access';
import { DomainError, badInput, notFound } from '../common/graphql/errors';
import { CONFLICT_BLOCKS, pairBlocked } from '../conflicts/conflict-sql';
import { pledgeInForceSql } from '../pledges/pledge-access';
import { APP_CONFIG, type AppConfig } from '../common/config/config';
import { beijingTime } from '../common/i18n/texts';
import { JobsService } from '../jobs/jobs.service';
import { NoticesService } from '../notices/notices.service';
import { dueSlots } from '../progress/reminder-slots';
import { DirectionEntity } from '../programs/program.entity';
import { RoundEntity } from '../rounds/round.entity';
import { type LandingPlan, ProgressReportEntity, type TargetProgress } from './team.entity';
import type { ProgressReport } from './teams.models';
import { TeamsService } from './teams.service';

/** At least this much for phase 2 (program.md: ≥ 3,000,000 CNY per project landing in Shenzhen). */
export const MIN_PHASE2_REQUEST = 3_000_000;
const UUID = /^[0-9a-f-]{36}$/i;
export const REPORT_REMINDER_QUEUE = 'reports.remind';

export interface ReportInput {
  summary?: string | null;
  targets: { key: string; achieved?: number | null; evidence?: string | null; unit?: string | null }[];
  landing?: { [K in keyof LandingPlan]?: LandingPlan[K] | null } | null;
}

/** One target as everyone reads it: the call's number beside the team's value and the share reached. */
export interface TargetView {
  key: string;
  labelZh: string;
  labelEn: string;
  unit: string | null;
  min: number | null;
  max: number | null;
  achieved: number | null;
  evidence: string;
  /** achieved ÷ the call's minimum (or, for an upper limit, 1 when within it); null without a number */
  share: number | null;
  met: boolean | null;
}

/** The share of a target reached: a plain ratio against a minimum; within or over an upper limit. */
export function shareOf(t: { min?: number | null; max?: number | null }, achieved: number | null) {
  if (achieved === null) return { share: null, met: null };
  if (t.min != null && t.min > 0) return { share: achieved / t.min, met: achieved >= t.min };
  if (t.max != null) return { share: achieved <= t.max ? 1 : t.max / achieved, met: achieved <= t.max };
  return { share: null, met: null };
}

/**
 * 中期进展报告: the funded team's report in a mid-term round. Leads write it (drafts with versions,
 * like reviews), submit it (complete: every target, the narrative, the mid-term report PDF and,
 * where committed, the Shenzhen landing plan), and an officer may return it with a note. Officers,
 * the project's leads, and — once submitted — its unconflicted reviewers and panel members read it.
 */
@Injectable()
export class ReportsService implements OnModuleInit {
  private readonly log = new Logger('Reports');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly teams: TeamsService,
    private readonly notices: NoticesService,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.jobs.defineJob(
      { name: REPORT_REMINDER_QUEUE, retryLimit: 2, retryDelaySeconds: 60, expireInSeconds: 600 },
      async () => {
        await this.remindDue(new Date());
      },
      { cron: this.config.reminders.cron },
    );
  }

  /**
   * Reminds the leads of every project whose report is not submitted, on the days before its
   * round's due date that reviewers are reminded on (REMINDER_DAYS_BEFORE). Each reminder is
   * claimed in reminder_slots (`report-before-7`…) in the transaction that queues it: it goes out
   * once, however many replicas run the schedule. Returns the leads reminded.
   */
  async remindDue(now: Date): Promise<number> {
    const rounds: RoundEntity[] = await this.db
      .getRepository(RoundEntity)
      .createQueryBuilder('r')
      .where(`r.kind = 'MIDTERM' AND r.status <> 'FINALIZED' AND r.report_due_at IS NOT NULL`)
      .getMany();
    let total = 0;
    for (const round of rounds) {
      const { current, due } = dueSlots({ opensAt: new Date(0), closesAt: round.reportDueAt! }, now, {
        daysBefore: this.config.reminders.daysBefore,
        overdueDaily: false,
      });
      if (!current) continue;
      const sent = await this.db.transaction(async (m) => {
        const leads: { user_id: string; external_id: string }[] = await m.query(
          `SELECT DISTINCT u.id AS user_id, a.external_id FROM round_projects rp JOIN applications a ON a.id = rp.application_id
             JOIN team_members tm ON tm.application_id = a.id AND tm.role IN ('PI','CO_PI')
             JOIN users u ON u.person_id = tm.person_id AND 'PI' = ANY(u.roles) AND NOT u.disabled
             LEFT JOIN progress_reports p ON p.application_id = a.id AND p.round_id = rp.round_id
            WHERE rp.round_id = $1 AND (p.status IS NULL OR p.status <> 'SUBMITTED')`,
          [round.id],
        );
        const claimed: { slot: string }[] = await m.query(
          `INSERT INTO reminder_slots (round_id, slot, reminded) SELECT $1, unnest($2::text[]), $3
           ON CONFLICT DO NOTHING RETURNING slot`,
          [round.id, due.map((d) => `report-${d}`), leads.length],
        );
        if (!claimed.some((c) => c.slot === `report-${current}`)) return 0;
        const at = beijingTime(round.reportDueAt);
        await this.notices.notify(
          m,
          leads.map((l) => ({
            userId: l.user_id,
            roundId: round.id,
            kind: 'REPORT_REMINDER',
            titleZh: `中期进展报告待提交：${l.external_id}`,
            titleEn: `Progress report due: ${l.external_id}`,
            bodyZh: `「${round.nameZh}」的中期进展报告请于 ${at}（北京时间）前提交。`,
            bodyEn: `The progress report for “${round.nameEn}” is due by ${at} Beijing time.`,
            link: '/projects',
          })),
          null,
        );
        return leads.length;
      });
      if (sent) this.log.log(`${round.nameEn}: report-${current}, ${sent} lead(s) reminded`);
      total += sent;
    }
    return total;
  }

  /** The mid-term round and the project, both checked: the round evaluates the project. */
  private async context(m: EntityManager, projectId: string, roundId: string) {
    if (!UUID.test(String(roundId))) throw notFound('round', String(roundId));
    if (!UUID.test(String(projectId))) throw notFound('project', String(projectId));
    const round = await m.findOneBy(RoundEntity, { id: roundId });
    if (!round) throw notFound('round', roundId);
    if (round.kind !== 'MIDTERM')
      throw badInput('roundId', 'progress reports belong to a mid-term round / 进展报告仅用于中期评估');
    const app = await m.findOneBy(ApplicationEntity, { id: projectId });
    if (!app) throw notFound('project', projectId);
    const [inRound] = await m.query(`SELECT 1 FROM round_projects WHERE round_id = $1 AND application_id = $2`, [
      roundId,
      projectId,
    ]);
    if (!inRound) throw badInput('projectId', 'the project is not in this round / 该项目不在本轮次中');
    const direction = await m.findOneByOrFail(DirectionEntity, { id: app.directionId });
    return { round, app, targets: (direction.targets ?? []) as CallTarget[] };
  }

  /** The project's leads may write; everyone else is told it does not exist (officers read only). */
  private async assertWrites(m: EntityManager, projectId: string, actor: AuthUser) {
    if (!(await this.teams.leads(actor, projectId, m))) throw notFound('project', String(projectId));
  }

  /**
   * May read a submitted report: a reviewer assigned to the project in the round (active, not
   * conflicted, pledge signed) or a panel member of the round's meetings not recused from it.
   */
  private async judges(m: EntityManager, projectId: string, roundId: string, user: AuthUser) {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM assignments a JOIN review_rounds r ON r.id = a.round_id
        WHERE a.round_id = $1 AND a.application_id = $2 AND a.reviewer_id = $3 AND a.status = 'ACTIVE'
          AND NOT ${pairBlocked('a')}
          AND ${pledgeInForceSql('r', 'a.reviewer_id')}
       UNION ALL
       SELECT 1 FROM panel_members pm JOIN panel_meetings mt ON mt.id = pm.meeting_id
         JOIN panel_items i ON i.meeting_id = mt.id AND i.application_id = $2
        WHERE mt.round_id = $1 AND pm.user_id = $3
          AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.round_id = $1 AND c.application_id = $2 AND c.reviewer_id = $3
                            AND ${CONFLICT_BLOCKS})
       LIMIT 1`,
      [roundId, projectId, user.id],
    );
    return rows.length > 0;
  }

  /** The report as its reader may see it (null: not started, or not submitted and not theirs to see). */
  async read(projectId: string, roundId: string, user: AuthUser) {
    const m = this.db.manager;
    if (!UUID.test(String(projectId)) || !UUID.test(String(roundId))) throw notFound('project', String(projectId));
    // who may read comes first: a stranger learns nothing of the project or the round
    const officer = isOfficer(user);
    const lead = !officer && (await this.teams.leads(user, projectId, m));
    const judge = !officer && !lead && (await this.judges(m, projectId, roundId, user));
    if (!officer && !lead && !judge) throw notFound('project', projectId);
    const ctx = await this.context(m, projectId, roundId);
    const r = await m.findOneBy(ProgressReportEntity, { applicationId: projectId, roundId });
    if (judge && r?.status !== 'SUBMITTED') return { ...ctx, report: null, judge };
    return { ...ctx, report: r, judge };
  }

  /** Targets of the direction, each with what the report says of it. */
  targetsView(targets: CallTarget[], reported: TargetProgress[]): TargetView[] {
    const by = new Map(reported.map((t) => [t.key, t]));
    return targets.map((t) => {
      const r = by.get(t.key);
      const achieved = r?.achieved ?? null;
      return {
        key: t.key,
        labelZh: t.labelZh,
        labelEn: t.labelEn,
        unit: t.unit ?? null,
        min: t.min ?? null,
        max: t.max ?? null,
        achieved,
        evidence: r?.evidence ?? '',
        ...shareOf(t, achieved),
      };
    });
  }

  private check(input: ReportInput, targets: CallTarget[], landingRequired: boolean) {
    const summary = (input.summary ?? '').trim();
    if (summary.length > 20_000) throw badInput('summary', 'at most 20,000 characters / 最多 20000 字');
    if (!Array.isArray(input.targets))
      throw badInput('targets', 'a list of { key, achieved, evidence } / 须为考核指标列表');
    if (input.targets.length > 200) throw badInput('targets', 'at most 200 entries / 最多 200 项');
    const byKey = new Map(targets.map((t) => [t.key, t]));
    const out: TargetProgress[] = [];
    for (const [i, t] of input.targets.entries()) {
      const target = byKey.get(t.key);
      if (!target)
        throw badInput(
          `targets[${i}].key`,
          `'${String(t.key).slice(0, 60)}' is not a target of the project’s direction (one of ${[...byKey.keys()].join(', ')}) / 不是本方向的考核指标`,
        );
      if (out.some((x) => x.key === t.key))
        throw badInput(`targets[${i}].key`, `${t.key} is given twice / 指标 ${t.key} 重复`);
      const achieved = t.achieved ?? null;
      if (achieved !== null && (!Number.isFinite(achieved) || achieved < 0 || achieved > 1e12))
        throw badInput(`targets.${t.key}.achieved`, 'a number from 0 up / 须为不小于 0 的数');
      if (t.unit != null && t.unit.trim() !== '' && t.unit.trim() !== (target.unit ?? ''))
        throw badInput(
          `targets.${t.key}.unit`,
          target.unit
            ? `this target is counted in ${target.unit}, not ${t.unit} / 该指标的单位是“${target.unit}”`
            : `this target has no unit / 该指标没有单位`,
        );
      const evidence = (t.evidence ?? '').trim();
      if (evidence.length > 4000)
        throw badInput(`targets.${t.key}.evidence`, 'at most 4,000 characters / 最多 4000 字');
      out.push({ key: t.key, achieved, evidence });
    }
    let landing: LandingPlan | null = null;
    if (input.landing) {
      if (!landingRequired)
        throw badInput(
          'landing',
          'the project made no Shenzhen landing commitment / 该项目未承诺在深圳转化落地，无需落地方案',
        );
      const text = (k: 'partner' | 'site' | 'milestones', max: number) => {
        const v = (input.landing?.[k] ?? '').trim();
        if (v.length > max) throw badInput(`landing.${k}`, `at most ${max} characters / 最多 ${max} 字`);
        return v;
      };
      const amount = input.landing.requestedAmount ?? null;
      if (amount !== null && (!Number.isFinite(amount) || amount < MIN_PHASE2_REQUEST || amount > 1e9))
        throw badInput(
          'landing.requestedAmount',
          `at least ${MIN_PHASE2_REQUEST.toLocaleString('en')} CNY / 申请金额不少于 300 万元`,
        );
      landing = {
        partner: text('partner', 300),
        site: text('site', 300),
        milestones: text('milestones', 4000),
        requestedAmount: amount,
      };
    }
    return { summary, targets: out, landing };
  }

  async save(projectId: string, roundId: string, input: ReportInput, expectedVersion: number | null, actor: AuthUser) {
    return this.db.transaction(async (m) => {
      await this.assertWrites(m, projectId, actor);
      const { round, app, targets } = await this.context(m, projectId, roundId);
      if (round.status === 'FINALIZED') throw badInput('roundId', 'the round is finalized / 本轮评审已定稿');
      const data = this.check(input, targets, app.shenzhenLanding);
      const r = await m.findOne(ProgressReportEntity, {
        where: { applicationId: projectId, roundId },
        lock: { mode: 'pessimistic_write' },
      });
      if (r) {
        if (r.status === 'SUBMITTED')
          throw new DomainError(
            'BAD_USER_INPUT',
            'the report is submitted; the programme office may return it for changes / 报告已提交；如需修改请联系项目主管退回',
            { field: 'projectId', reason: 'REPORT_SUBMITTED' },
          );
        if (expectedVersion != null && expectedVersion !== r.version)
          throw new DomainError(
            'VERSION_CONFLICT',
            `the report changed meanwhile (version ${r.version}, expected ${expectedVersion}); reload it`,
            { currentVersion: r.version },
          );
        Object.assign(r, data, { version: r.version + 1, updatedBy: actor.id });
        return m.save(ProgressReportEntity, r);
      }
      if (expectedVersion != null && expectedVersion !== 0)
        throw new DomainError('VERSION_CONFLICT', `there is no report yet (expected version ${expectedVersion})`, {
          currentVersion: 0,
        });
      const made = await m.save(
        ProgressReportEntity,
        m.create(ProgressReportEntity, { applicationId: projectId, roundId, ...data, updatedBy: actor.id }),
      );
      await this.audit.record(
        { actorId: actor.id, action: 'report.start', entity: 'progress_report', entityId: made.id, after: { roundId } },
        m,
      );
      return made;
    });
  }

  async submit(projectId: string, roundId: string, expectedVersion: number, actor: AuthUser) {
    return this.db.transaction(async (m) => {
      await this.assertWrites(m, projectId, actor);
      const { round, app, targets } = await this.context(m, projectId, roundId);
      if (round.status === 'FINALIZED') throw badInput('roundId', 'the round is finalized / 本轮评审已定稿');
      const r = await m.findOne(ProgressReportEntity, {
        where: { applicationId: projectId, roundId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!r) throw badInput('projectId', 'there is no draft to submit; save the report first / 尚无草稿，请先保存');
      // the same submit sent twice (a double click, a retried request) is one submission
      if (r.status === 'SUBMITTED' && (expectedVersion === r.version || expectedVersion === r.version - 1)) return r;
      if (expectedVersion !== r.version)
        throw new DomainError(
          'VERSION_CONFLICT',
          `the report changed meanwhile (version ${r.version}, expected ${expectedVersion}); reload it`,
          { currentVersion: r.version },
        );
      const by = new Map(r.targets.map((t) => [t.key, t]));
      const missing = targets.find((t) => by.get(t.key)?.achieved == null);
      if (missing)
        throw badInput(
          `targets.${missing.key}.achieved`,
          `report the value reached for “${missing.labelEn}” / 请填写“${missing.labelZh}”的完成值`,
        );
      if (r.summary.trim().length < 20)
        throw badInput('summary', 'a summary of at least 20 characters / 请填写不少于 20 字的进展概述');
      if (app.shenzhenLanding) {
        const l = r.landing;
        if (!l?.partner || !l.site || !l.milestones)
          throw badInput(
            'landing',
            'the Shenzhen landing plan needs its partner, site and milestones / 请填写深圳落地方案的合作单位、地点和里程碑',
          );
        if (l.requestedAmount == null || l.requestedAmount < MIN_PHASE2_REQUEST)
          throw badInput('landing.requestedAmount', 'at least 3,000,000 CNY / 申请金额不少于 300 万元');
      }
      const [doc] = await m.query(
        `SELECT 1 FROM documents WHERE application_id = $1 AND kind = 'MIDTERM_REPORT' LIMIT 1`,
        [projectId],
      );
      if (!doc) throw badInput('document', 'upload the mid-term report PDF first / 请先上传中期报告 PDF');
      const now = new Date();
      Object.assign(r, {
        status: 'SUBMITTED',
        submittedAt: now,
        late: Boolean(round.reportDueAt && now.getTime() > round.reportDueAt.getTime()),
        version: r.version + 1,
        updatedBy: actor.id,
      });
      const saved = await m.save(ProgressReportEntity, r);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'report.submit',
          entity: 'progress_report',
          entityId: r.id,
          after: { roundId, projectId, late: r.late, version: r.version },
        },
        m,
      );
      return saved;
    });
  }

  /** An officer sends a submitted report back for changes with a note; its leads are told. */
  async giveBack(projectId: string, roundId: string, note: string, actor: AuthUser) {
    const text = (note ?? '').trim();
    if (text.length < 5 || text.length > 2000)
      throw badInput('note', 'say what to change, 5 to 2,000 characters / 请说明需修改之处（5 到 2000 字）');
    return this.db.transaction(async (m) => {
      const { round, app } = await this.context(m, projectId, roundId);
      if (round.status === 'FINALIZED') throw badInput('roundId', 'the round is finalized / 本轮评审已定稿');
      const r = await m.findOne(ProgressReportEntity, {
        where: { applicationId: projectId, roundId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!r || r.status !== 'SUBMITTED')
        throw badInput('projectId', 'only a submitted report can be returned / 仅已提交的报告可以退回');
      Object.assign(r, {
        status: 'RETURNED',
        returnNote: text,
        returnedAt: new Date(),
        version: r.version + 1,
        updatedBy: actor.id,
      });
      const saved = await m.save(ProgressReportEntity, r);
      const leads: { id: string }[] = await m.query(
        `SELECT DISTINCT u.id FROM users u JOIN team_members tm ON tm.person_id = u.person_id AND tm.role IN ('PI','CO_PI')
          WHERE tm.application_id = $1 AND 'PI' = ANY(u.roles) AND NOT u.disabled`,
        [projectId],
      );
      await this.notices.notify(
        m,
        leads.map((u) => ({
          userId: u.id,
          roundId,
          kind: 'REPORT_RETURNED',
          titleZh: `进展报告退回修改：${app.externalId}`,
          titleEn: `Progress report returned: ${app.externalId}`,
          bodyZh: `项目主管退回了「${round.nameZh}」的进展报告：${text}`,
          bodyEn: `The programme office returned the progress report of “${round.nameEn}”: ${text}`,
          link: '/projects',
        })),
        actor.id,
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'report.return',
          entity: 'progress_report',
          entityId: r.id,
          after: { roundId, projectId },
          reason: text,
        },
        m,
      );
      return saved;
    });
  }

  /** Every project of a mid-term round with its report's state (officers' progress view). */
  async list(roundId: string) {
    if (!UUID.test(String(roundId))) throw notFound('round', String(roundId));
    const round = await this.db.getRepository(RoundEntity).findOneBy({ id: roundId });
    if (!round) throw notFound('round', roundId);
    const rows: {
      projectId: string;
      externalId: string;
      title: string;
      titleEn: string;
      status: string | null;
      version: number | null;
      submittedAt: Date | null;
      late: boolean | null;
      updatedAt: Date | null;
      leadsWithAccount: number;
    }[] = await this.db.query(
      `SELECT a.id AS "projectId", a.external_id AS "externalId", a.title_zh AS title, a.title_en AS "titleEn",
              r.status, r.version, r.submitted_at AS "submittedAt", r.late, r.updated_at AS "updatedAt",
              (SELECT count(DISTINCT u.id)::int FROM team_members tm JOIN users u ON u.person_id = tm.person_id AND 'PI' = ANY(u.roles)
                WHERE tm.application_id = a.id AND tm.role IN ('PI','CO_PI')) AS "leadsWithAccount"
         FROM round_projects rp JOIN applications a ON a.id = rp.application_id
         LEFT JOIN progress_reports r ON r.application_id = a.id AND r.round_id = rp.round_id
        WHERE rp.round_id = $1 ORDER BY (r.status = 'SUBMITTED') NULLS FIRST, a.external_id`,
      [roundId],
    );
    return { round, rows };
  }

  /** The date the round's reports are due (officers; mid-term rounds not finalized). */
  async setDue(roundId: string, dueAt: Date | null, actor: AuthUser) {
    if (dueAt && Number.isNaN(dueAt.getTime())) throw badInput('dueAt', 'is not a date / 不是有效时间');
    return this.db.transaction(async (m) => {
      if (!UUID.test(String(roundId))) throw notFound('round', String(roundId));
      const round = await m.findOne(RoundEntity, { where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      if (!round) throw notFound('round', roundId);
      if (round.kind !== 'MIDTERM')
        throw badInput('roundId', 'progress reports belong to a mid-term round / 进展报告仅用于中期评估');
      if (round.status === 'FINALIZED') throw badInput('roundId', 'the round is finalized / 本轮评审已定稿');
      const before = round.reportDueAt;
      await m.update(RoundEntity, { id: roundId }, { reportDueAt: dueAt, version: () => 'version + 1' });
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'report.due',
          entity: 'round',
          entityId: roundId,
          before: { reportDueAt: before },
          after: { reportDueAt: dueAt },
        },
        m,
      );
      return m.findOneByOrFail(RoundEntity, { id: roundId });
    });
  }

  /**
   * The report as the schema shows it. `judge`: the reader is a reviewer or panel member, who sees
   * NOT_SUBMITTED (and no files) until the team submits.
   */
  async present(
    r: ProgressReportEntity | null,
    projectId: string,
    round: RoundEntity,
    targets: CallTarget[],
    landingRequired: boolean,
    judge: boolean,
    reader: AuthUser,
  ): Promise<ProgressReport> {
    // the files as the reader may open them now (a reviewer's go when their work ends)
    const [access] = await materialAccess(this.db.manager, reader, [projectId]);
    const docs: { id: string; kind: string; filename: string; size: number; uploaded_at: Date }[] =
      access && (!judge || r)
        ? await this.db.query(
            `SELECT id, kind, filename, size, uploaded_at FROM documents WHERE application_id = $1 AND kind IN ('MIDTERM_REPORT','EVIDENCE') ORDER BY uploaded_at`,
            [projectId],
          )
        : [];
    return {
      id: r?.id ?? null,
      projectId,
      roundId: round.id,
      status: r ? r.status : judge ? 'NOT_SUBMITTED' : 'NOT_STARTED',
      version: r?.version ?? 0,
      summary: r?.summary ?? '',
      targets: this.targetsView(targets, r?.targets ?? []),
      landingRequired,
      landing: r?.landing ?? null,
      documents: docs.map((d) => ({
        id: d.id,
        kind: d.kind,
        filename: d.filename,
        size: d.size,
        uploadedAt: d.uploaded_at,
        downloadable: access!.download,
        watermarked: access!.watermark,
      })),
      dueAt: round.reportDueAt,
      submittedAt: r?.submittedAt ?? null,
      late: r?.late ?? false,
      returnNote: r?.returnNote ?? null,
      returnedAt: r?.returnedAt ?? null,
      updatedAt: r?.updatedAt ?? null,
    };
  }
}
