import { counting, type Progress } from '../jobs/jobs.service';
import { normalizeName } from '@app/conflicts';
import { parseInstant } from '@app/eligibility';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { DomainError, notFound } from '../common/graphql/errors';
import { splitBilingual } from '../common/i18n/texts';
import { ApplicantExclusionEntity } from '../conflicts/conflict.entity';
import { disciplineOf, EMAIL_RE, findPersons, ORCID_RE, personsOf } from '../people/identify';
import { AffiliationEntity, InstitutionEntity, PersonEntity } from '../people/people.entity';
import { DirectionEntity, ProgramEntity } from '../programs/program.entity';
import { ApplicationStatus, EDITABLE, EmploymentStatus, MemberRole } from './application-status';
import { ApplicationEntity, CooperatingInstitutionEntity, TeamMemberEntity } from './application.entity';
import { ImportFileError, readRows, splitList, type RawRow } from './import-format';
import { IMPORT_LIMITS } from './import-limits';

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export class ImportValidationError extends Error {
  constructor(readonly errors: RowError[]) {
    super(
      `${errors.length} problem(s) in the file; nothing was imported / 文件有 ${errors.length} 处错误，未导入任何数据`,
    );
  }
}

/** Runs an import and turns its file and row errors into one BAD_USER_INPUT answer listing every row. */
export async function asImportAnswer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    // each row's reason also in one language at a time, for the reader's
    const withTexts = (errors: RowError[]) =>
      errors.map((r) => {
        const t = splitBilingual(r.message);
        return { ...r, messageZh: t.zh, messageEn: t.en };
      });
    // at most IMPORT_LIMITS.listedErrors rows are listed; `errorCount` says how many there were
    if (e instanceof ImportValidationError)
      throw new DomainError('BAD_USER_INPUT', e.message, {
        errorCount: e.errors.length,
        errors: withTexts(e.errors.slice(0, IMPORT_LIMITS.listedErrors)),
      });
    if (e instanceof ImportFileError) {
      throw new DomainError('BAD_USER_INPUT', `file: ${e.message}`, {
        field: 'file',
        errors: withTexts([{ line: 0, field: 'file', message: e.message }]),
      });
    }
    throw e;
  }
}

interface MemberDraft {
  line: number;
  externalId: string;
  name: string;
  email: string | null;
  orcid: string | null;
  institutionId: string | null;
  role: MemberRole;
  discipline: string;
  seniorTitle: boolean;
  ledBasicResearch: boolean;
  status: EmploymentStatus;
}

interface AppDraft {
  line: number;
  externalId: string;
  directionId: string;
  titleZh: string;
  titleEn: string;
  keywords: string[];
  applicationCode1: string;
  leadInstitutionId: string;
  cooperating: string[];
  budgetDirect: number;
  budgetIndirect: number;
  submittedAtText: string;
  submittedAt: Date;
  conditionsMet: string[];
  shenzhenLanding: boolean;
  /** 申请人建议回避的专家: e-mails, ORCIDs or person ids, at most 3. */
  excluded: string[];
  members: MemberDraft[];
}

const APP_FIELDS = [
  'direction',
  'title_zh',
  'title_en',
  'keywords',
  'application_code1',
  'lead_institution',
  'cooperating_institutions',
  'budget_direct',
  'budget_indirect',
  'submitted_at',
  'conditions_met',
  'shenzhen_landing',
  'excluded_reviewers',
] as const;
function bool(v: string | undefined): boolean | null {
  const s = (v ?? '').trim().toLowerCase();
  if (s === '') return false;
  if (['true', 'yes', 'y', '1', '是'].includes(s)) return true;
  if (['false', 'no', 'n', '0', '否'].includes(s)) return false;
  return null;
}

@Injectable()
export class ImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Imports applications from CSV or XLSX: every row validated first, then all of it written in
   * one transaction, or nothing. Re-importing an application id updates that application (while it
   * is still before review) and sends it back to SUBMITTED for screening.
   */
  async importApplications(
    programId: string,
    file: Buffer,
    actor: AuthUser | null,
    manager?: EntityManager,
    progress: Progress = async () => undefined,
  ) {
    const db = manager ?? this.db.manager;
    const program = await db.findOneBy(ProgramEntity, { id: programId });
    if (!program) throw notFound('program', programId);
    await progress(5, 'reading the file / 读取文件');
    const rows = await readRows(file);
    if (rows.length === 0)
      throw new ImportValidationError([{ line: 2, field: 'file', message: 'no data rows / 没有数据行' }]);
    const directions = await db.findBy(DirectionEntity, { programId });
    const institutions = await db.find(InstitutionEntity);
    const instByKey = new Map<string, string>();
    for (const i of institutions)
      for (const k of [i.name, i.nameEn ?? '', ...i.aliases]) if (k) instByKey.set(normalizeName(k), i.id);
    await progress(15, `checking ${rows.length} rows / 校验 ${rows.length} 行`);
    const drafts = this.validate(rows, directions, instByKey);
    const write = async (m: EntityManager) => {
      await progress(25, 'matching persons / 匹配人员');
      await m.query('SELECT pg_advisory_xact_lock(7210002)'); // one import at a time: persons are matched by external id
      const existing = await m.find(ApplicationEntity, {
        where: { programId, externalId: In(drafts.map((d) => d.externalId)) },
      });
      const byExt = new Map(existing.map((a) => [a.externalId, a]));
      const blocked = drafts.filter((d) => byExt.has(d.externalId) && !EDITABLE.has(byExt.get(d.externalId)!.status));
      if (blocked.length) {
        throw new ImportValidationError(
          blocked.map((d) => ({
            line: d.line,
            field: 'application_id',
            message: `${d.externalId} is ${byExt.get(d.externalId)!.status} and can no longer be changed by import / 已进入评审，不能再导入修改`,
          })),
        );
      }
      const excludedOf = await this.excludedPersons(m, drafts);
      const personIds = await this.upsertPersons(m, drafts);
      const result: { id: string; externalId: string; created: boolean }[] = [];
      const writing = counting(progress, 30, 100, drafts.length, { en: 'applications', zh: '申请' });
      for (const d of drafts) {
        await writing(result.length);
        const prev = byExt.get(d.externalId);
        const fields = {
          programId,
          externalId: d.externalId,
          directionId: d.directionId,
          titleZh: d.titleZh,
          titleEn: d.titleEn,
          keywords: d.keywords,
          applicationCode1: d.applicationCode1,
          leadInstitutionId: d.leadInstitutionId,
          budgetDirect: d.budgetDirect,
          budgetIndirect: d.budgetIndirect,
          submittedAt: d.submittedAt,
          submittedAtText: d.submittedAtText,
          conditionsMet: d.conditionsMet,
          shenzhenLanding: d.shenzhenLanding,
          status: ApplicationStatus.SUBMITTED,
          eligible: null,
          eligibilityFailures: [],
          screenedAt: null,
        };
        let id: string;
        if (prev) {
          id = prev.id;
          await m.update(ApplicationEntity, { id }, { ...fields, version: () => 'version + 1' });
          await m.delete(TeamMemberEntity, { applicationId: id });
          await m.delete(CooperatingInstitutionEntity, { applicationId: id });
        } else {
          const saved = await m.save(ApplicationEntity, m.create(ApplicationEntity, fields));
          id = saved.id;
        }
        if (d.cooperating.length)
          await m.insert(
            CooperatingInstitutionEntity,
            d.cooperating.map((institutionId, position) => ({ applicationId: id, institutionId, position })),
          );
        await m.delete(ApplicantExclusionEntity, { applicationId: id });
        const excluded = excludedOf.get(d.externalId) ?? [];
        if (excluded.length)
          await m.insert(
            ApplicantExclusionEntity,
            excluded.map((personId) => ({ applicationId: id, personId, reason: null })),
          );
        await m.insert(
          TeamMemberEntity,
          d.members.map((x, position) => ({
            applicationId: id,
            personId: personIds.get(x.externalId)!,
            role: x.role,
            discipline: x.discipline,
            seniorTitle: x.seniorTitle,
            ledBasicResearch: x.ledBasicResearch,
            employmentStatus: x.status,
            position,
          })),
        );
        await this.audit.record(
          {
            actorId: actor?.id ?? null,
            action: prev ? 'application.import_update' : 'application.import_create',
            entity: 'application',
            entityId: id,
            before: prev ? { status: prev.status, titleZh: prev.titleZh } : null,
            after: { externalId: d.externalId, titleZh: d.titleZh, members: d.members.length },
          },
          m,
        );
        result.push({ id, externalId: d.externalId, created: !prev });
      }
      return {
        imported: result.length,
        created: result.filter((r) => r.created).length,
        updated: result.filter((r) => !r.created).length,
        applications: result.map(({ id, externalId }) => ({ id, externalId })),
      };
    };
    return manager ? write(manager) : this.db.transaction(write);
  }

  private validate(rows: RawRow[], directions: DirectionEntity[], instByKey: Map<string, string>): AppDraft[] {
    const errors: RowError[] = [];
    const err = (line: number, field: string, message: string) => errors.push({ line, field, message });
    const dirByNumber = new Map(directions.map((d) => [d.number, d.id]));
    const inst = (line: number, field: string, v: string): string | null => {
      const id = instByKey.get(normalizeName(v));
      if (!id) err(line, field, `unknown institution '${v}' / 未知单位（请先在单位库中添加或使用其别名）`);
      return id ?? null;
    };
    const groups = new Map<string, RawRow[]>();
    for (const r of rows) {
      const id = r.values.application_id ?? '';
      if (!id) {
        err(r.line, 'application_id', 'required / 必填');
        continue;
      }
      if (id.length > 100) err(r.line, 'application_id', 'at most 100 characters');
      (groups.get(id) ?? groups.set(id, []).get(id)!).push(r);
    }
    const drafts: AppDraft[] = [];
    const personSeen = new Map<string, { line: number; name: string }>();
    for (const [externalId, rs] of groups) {
      const first = rs[0];
      const v = first.values;
      for (const r of rs.slice(1)) {
        for (const f of APP_FIELDS) {
          if ((r.values[f] ?? '') !== (v[f] ?? '') && (r.values[f] ?? '') !== '') {
            err(
              r.line,
              f,
              `differs from line ${first.line} of the same application (${JSON.stringify(v[f] ?? '')}) / 同一申请的各行须一致`,
            );
          }
        }
      }
      const line = first.line;
      const dirNum = Number(v.direction);
      const directionId = Number.isInteger(dirNum) ? dirByNumber.get(dirNum) : undefined;
      if (!directionId)
        err(
          line,
          'direction',
          `'${v.direction ?? ''}' is not a direction of this programme (1–${directions.length}) / 研究方向编号无效`,
        );
      if (!v.title_zh) err(line, 'title_zh', 'required / 必填');
      if ((v.title_zh ?? '').length > 300) err(line, 'title_zh', 'at most 300 characters');
      if (!v.application_code1) err(line, 'application_code1', 'required / 必填');
      const lead = v.lead_institution
        ? inst(line, 'lead_institution', v.lead_institution)
        : (err(line, 'lead_institution', 'required / 必填'), null);
      const coop = splitList(v.cooperating_institutions).map((x) => inst(line, 'cooperating_institutions', x));
      const direct = Number(v.budget_direct);
      if (
        v.budget_direct === undefined ||
        v.budget_direct === '' ||
        !Number.isFinite(direct) ||
        direct < 0 ||
        direct > 1e11
      )
        err(line, 'budget_direct', `must be an amount in CNY ≥ 0 (got '${v.budget_direct ?? ''}')`);
      const indirect = v.budget_indirect ? Number(v.budget_indirect) : 0;
      if (!Number.isFinite(indirect) || indirect < 0 || indirect > 1e11)
        err(line, 'budget_indirect', `must be an amount in CNY ≥ 0 (got '${v.budget_indirect}')`);
      let submittedAt = new Date(NaN);
      try {
        submittedAt = new Date(parseInstant('submitted_at', v.submitted_at));
      } catch (e) {
        err(line, 'submitted_at', (e as Error).message.replace(/^submitted_at: /, ''));
      }
      const excluded = [...new Set(splitList(v.excluded_reviewers))];
      if (excluded.length > 3)
        err(
          line,
          'excluded_reviewers',
          `at most 3 experts may be excluded (got ${excluded.length}) / 申请人建议回避的专家至多 3 人`,
        );
      const landing = bool(v.shenzhen_landing);
      if (landing === null) err(line, 'shenzhen_landing', `must be true or false (got '${v.shenzhen_landing}')`);
      const members: MemberDraft[] = [];
      for (const r of rs) {
        const mv = r.values;
        const pid = mv.member_person_id ?? '';
        if (!pid) err(r.line, 'member_person_id', 'required / 必填');
        if (!mv.member_name) err(r.line, 'member_name', 'required / 必填');
        const seen = personSeen.get(pid);
        if (pid && seen && seen.name !== mv.member_name)
          err(r.line, 'member_name', `person ${pid} is '${seen.name}' on line ${seen.line} / 同一成员编号姓名不一致`);
        if (pid && !seen) personSeen.set(pid, { line: r.line, name: mv.member_name ?? '' });
        if (members.some((x) => x.externalId === pid))
          err(r.line, 'member_person_id', `${pid} is listed twice in ${externalId}`);
        const email = mv.member_email ? mv.member_email.toLowerCase() : null;
        if (email && !EMAIL_RE.test(email))
          err(r.line, 'member_email', `'${mv.member_email}' is not an e-mail address`);
        const orcid = mv.member_orcid ? mv.member_orcid.toUpperCase() : null;
        if (orcid && !ORCID_RE.test(orcid))
          err(r.line, 'member_orcid', `'${mv.member_orcid}' is not an ORCID (0000-0000-0000-0000)`);
        const role = (mv.member_role ?? '').toUpperCase();
        if (!['PI', 'CO_PI', 'MEMBER'].includes(role))
          err(r.line, 'member_role', `must be PI, CO_PI or MEMBER (got '${mv.member_role ?? ''}')`);
        const discipline = disciplineOf(mv.member_discipline ?? '');
        if (!discipline)
          err(r.line, 'member_discipline', `must be MATH, MEDICINE or IT (got '${mv.member_discipline ?? ''}')`);
        const status = (mv.member_status || 'EMPLOYED').toUpperCase();
        if (!['EMPLOYED', 'POSTDOC', 'STUDENT', 'NO_EMPLOYER'].includes(status))
          err(r.line, 'member_status', `must be EMPLOYED, POSTDOC, STUDENT or NO_EMPLOYER (got '${mv.member_status}')`);
        const senior = bool(mv.member_senior_title);
        if (senior === null)
          err(r.line, 'member_senior_title', `must be true or false (got '${mv.member_senior_title}')`);
        const led = bool(mv.member_led_basic_research);
        if (led === null)
          err(r.line, 'member_led_basic_research', `must be true or false (got '${mv.member_led_basic_research}')`);
        const institutionId = mv.member_institution ? inst(r.line, 'member_institution', mv.member_institution) : null;
        members.push({
          line: r.line,
          externalId: pid,
          name: mv.member_name ?? '',
          email,
          orcid,
          institutionId,
          role: role as MemberRole,
          discipline: discipline ?? '',
          seniorTitle: senior ?? false,
          ledBasicResearch: led ?? false,
          status: status as EmploymentStatus,
        });
      }
      drafts.push({
        line,
        externalId,
        directionId: directionId ?? '',
        titleZh: v.title_zh ?? '',
        titleEn: v.title_en ?? '',
        keywords: splitList(v.keywords),
        applicationCode1: v.application_code1 ?? '',
        leadInstitutionId: lead ?? '',
        cooperating: [...new Set(coop.filter((x): x is string => !!x))],
        budgetDirect: direct,
        budgetIndirect: indirect,
        submittedAtText: v.submitted_at ?? '',
        submittedAt,
        conditionsMet: splitList(v.conditions_met),
        shenzhenLanding: landing ?? false,
        excluded,
        members,
      });
    }
    if (errors.length) throw new ImportValidationError(errors.sort((a, b) => a.line - b.line));
    return drafts;
  }

  /** Each application's excluded experts, resolved by e-mail, ORCID or person id; unknown ones refused by line. */
  private async excludedPersons(m: EntityManager, drafts: AppDraft[]): Promise<Map<string, string[]>> {
    const found = await findPersons(
      m,
      drafts.flatMap((d) => d.excluded),
    );
    const errors: RowError[] = [];
    const out = new Map<string, string[]>();
    for (const d of drafts) {
      const ids = new Set<string>();
      for (const ref of d.excluded) {
        const hit = personsOf(found, ref);
        if (!hit.length)
          errors.push({
            line: d.line,
            field: 'excluded_reviewers',
            message: `no expert or person '${ref}' is stored (import the expert pool first) / 未找到该专家`,
          });
        for (const p of hit) ids.add(p.id);
      }
      out.set(d.externalId, [...ids]);
    }
    if (errors.length) throw new ImportValidationError(errors);
    return out;
  }

  /** Persons by external id: created when new, name/e-mail/ORCID brought up to date, affiliation added. */
  private async upsertPersons(m: EntityManager, drafts: AppDraft[]): Promise<Map<string, string>> {
    const all = new Map<string, MemberDraft & { disciplines: Set<string> }>();
    for (const d of drafts) {
      for (const x of d.members) {
        const prev = all.get(x.externalId);
        if (prev) prev.disciplines.add(x.discipline);
        else all.set(x.externalId, { ...x, disciplines: new Set([x.discipline]) });
      }
    }
    const found = await m.find(PersonEntity, { where: { externalId: In([...all.keys()]) } });
    const ids = new Map(found.map((p) => [p.externalId!, p.id]));
    const byExt = new Map(found.map((p) => [p.externalId!, p]));
    // a member new by id may be a person already stored (an expert, a member of another call): one
    // person across records by e-mail or ORCID, as conflict detection decides
    const unknown = [...all.values()].filter((x) => !byExt.has(x.externalId));
    const refs = unknown.flatMap((x) => [x.email, x.orcid].filter((r): r is string => !!r));
    const same = await findPersons(m, refs);
    const matchedIds = new Map<string, string>();
    for (const x of unknown) {
      const hit = [x.email, x.orcid].flatMap((r) => (r ? personsOf(same, r) : []))[0];
      if (hit) matchedIds.set(x.externalId, hit.id);
    }
    if (matchedIds.size)
      for (const p of await m.findBy(PersonEntity, { id: In([...new Set(matchedIds.values())]) }))
        for (const [ext, id] of matchedIds) if (id === p.id) byExt.set(ext, p);
    for (const [ext, id] of matchedIds) ids.set(ext, id);
    for (const [ext, x] of all) {
      const p = byExt.get(ext);
      if (p) {
        const emails = x.email && !p.emails.includes(x.email) ? [...p.emails, x.email] : p.emails;
        const disciplines = [...new Set([...p.disciplines, ...x.disciplines])];
        const orcid = p.orcid ?? x.orcid;
        await m.update(PersonEntity, { id: p.id }, { name: x.name, emails, orcid, disciplines });
        Object.assign(p, { name: x.name, emails, orcid, disciplines });
      } else {
        const saved = await m.save(
          PersonEntity,
          m.create(PersonEntity, {
            externalId: ext,
            name: x.name,
            emails: x.email ? [x.email] : [],
            orcid: x.orcid,
            disciplines: [...x.disciplines],
            keywords: [],
          }),
        );
        ids.set(ext, saved.id);
      }
      if (x.institutionId) {
        const pid = ids.get(ext)!;
        const current = await m.findOne(AffiliationEntity, {
          where: { personId: pid, institutionId: x.institutionId },
        });
        if (!current)
          await m.insert(AffiliationEntity, {
            personId: pid,
            institutionId: x.institutionId,
            fromDate: null,
            toDate: null,
          });
      }
    }
    return ids;
  }
}
