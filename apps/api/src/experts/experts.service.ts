import { identityGroups, normalizeName } from '@app/conflicts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { ImportValidationError, type RowError } from '../applications/import.service';
import { readTable, splitList, type TableSpec } from '../applications/import-format';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { transactionOrPreview } from '../common/database/dry-run';
import { counting, type Progress, within } from '../jobs/jobs.service';
import { likePattern } from '../common/database/like';
import { badInput, DomainError, notFound } from '../common/graphql/errors';
import { ConflictsService } from '../conflicts/conflicts.service';
import { findPersons, personsOf, type FoundPerson } from '../people/identify';
import { AffiliationEntity, InstitutionEntity, PersonEntity } from '../people/people.entity';
import { UsersService } from '../users/users.service';
import { checkExpert, type ExpertDraft, type ExpertFields, type ExpertProblem } from './expert-rules';
import type { Expert, ExpertInput, ExpertPage } from './experts.models';

/** The expert pool file: one row per expert and affiliation; an expert's own columns repeat on its rows. */
export const EXPERTS_TABLE: TableSpec = {
  columns: [
    ['expert_id', '专家编号（可选；论文、回避名单可用它指代专家）', 'EXP-001'],
    ['name', '姓名', '李明'],
    ['name_en', '英文姓名', 'Li Ming'],
    ['emails', '邮箱，分号分隔', 'liming@pku.edu.cn'],
    ['orcid', 'ORCID', '0000-0002-1825-0097'],
    ['title', '职称', '教授'],
    ['disciplines', '学科 MATH / MEDICINE / IT（数学 / 医学 / 信息技术），分号分隔', 'MATH;IT'],
    ['application_codes', '申请代码，分号分隔', 'A0116;F0201'],
    ['keywords', '研究关键词，分号分隔', '随机矩阵;医学影像'],
    ['institution', '单位（名称或别名）；一行一段任职经历', '北京大学'],
    ['from', '任职起始 YYYY-MM-DD / YYYY-MM / YYYY', '2015-09'],
    ['to', '任职结束（现任留空）', ''],
  ],
  required: ['name', 'disciplines'],
  sheet: 'experts',
};

const OWN_COLUMNS = [
  'expert_id',
  'name',
  'name_en',
  'emails',
  'orcid',
  'title',
  'disciplines',
  'application_codes',
  'keywords',
] as const;
const COLUMN_OF: Record<ExpertProblem['field'], string> = {
  externalId: 'expert_id',
  name: 'name',
  nameEn: 'name_en',
  emails: 'emails',
  orcid: 'orcid',
  title: 'title',
  disciplines: 'disciplines',
  applicationCodes: 'application_codes',
  keywords: 'keywords',
  affiliations: 'institution',
  'affiliations.institution': 'institution',
  'affiliations.from': 'from',
  'affiliations.to': 'to',
};

export interface ExpertImportRow {
  line: number;
  name: string;
  action: 'CREATE' | 'UPDATE';
  personId: string | null;
  matchedBy: string | null;
}

/**
 * The expert pool (专家库): persons marked as experts. Imported from CSV/XLSX or edited in the web,
 * all or nothing; one person across records by e-mail or ORCID (as conflict detection decides),
 * so an expert already stored as an applicant or under another record is updated, not doubled.
 */
@Injectable()
export class ExpertsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly conflicts: ConflictsService,
    private readonly users: UsersService,
  ) {}

  async page(
    filter: {
      search?: string | null;
      discipline?: string | null;
      keyword?: string | null;
      institution?: string | null;
    },
    offset: number,
    limit: number,
  ): Promise<ExpertPage> {
    if (!Number.isInteger(offset) || offset < 0) throw badInput('offset', 'must be 0 or more / 须不小于 0');
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw badInput('limit', 'must be 1 to 200 / 须为 1 到 200');
    const rows: (Omit<Expert, 'account'> & {
      total: string;
      account_id: string | null;
      account_email: string | null;
      account_disabled: boolean | null;
    })[] = await this.db.query(
      `SELECT p.id, p.external_id AS "externalId", p.name, p.name_en AS "nameEn", p.emails, p.orcid, p.title,
                p.disciplines, p.application_codes AS "applicationCodes", p.keywords,
                COALESCE((SELECT json_agg(json_build_object('institutionId', i.id, 'institution', i.name,
                                  'from', af.from_date, 'to', af.to_date)
                                  ORDER BY af.to_date DESC NULLS FIRST, af.from_date DESC NULLS LAST)
                            FROM affiliations af JOIN institutions i ON i.id = af.institution_id
                           WHERE af.person_id = p.id), '[]') AS affiliations,
                u.id AS account_id, u.email AS account_email, u.disabled AS account_disabled,
                count(*) OVER () AS total
           FROM persons p
           LEFT JOIN LATERAL (SELECT id, email, disabled FROM users WHERE person_id = p.id
                               ORDER BY created_at LIMIT 1) u ON true
          WHERE p.in_pool
            AND ($1::text IS NULL OR p.name ILIKE $1 OR p.name_en ILIKE $1 OR p.external_id ILIKE $1
                 OR array_to_string(p.emails, ' ') ILIKE $1 OR array_to_string(p.keywords, ' ') ILIKE $1
                 OR array_to_string(p.application_codes, ' ') ILIKE $1 OR p.orcid ILIKE $1)
            AND ($2::text IS NULL OR $2 = ANY (p.disciplines))
            AND ($3::text IS NULL OR array_to_string(p.keywords, ' ') ILIKE $3)
            AND ($4::text IS NULL OR EXISTS (
                  SELECT 1 FROM affiliations af JOIN institutions i ON i.id = af.institution_id
                   WHERE af.person_id = p.id
                     AND (i.name ILIKE $4 OR i.name_en ILIKE $4 OR array_to_string(i.aliases, ' ') ILIKE $4)))
          ORDER BY p.name, p.id
          OFFSET $5 LIMIT $6`,
      [
        likePattern(filter.search),
        filter.discipline ?? null,
        likePattern(filter.keyword),
        likePattern(filter.institution),
        offset,
        limit,
      ],
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && offset > 0)
      total = Number((await this.db.query(`SELECT count(*) AS n FROM persons WHERE in_pool`))[0].n);
    return {
      total,
      offset,
      items: rows.map(({ total: _t, account_id, account_email, account_disabled, ...e }) => ({
        ...e,
        account: account_id ? { id: account_id, email: account_email!, disabled: !!account_disabled } : null,
      })),
    };
  }

  async get(personId: string): Promise<Expert> {
    const p = await this.db.getRepository(PersonEntity).findOneBy({ id: personId });
    if (!p) throw notFound('expert', personId);
    const affs: { institutionId: string; institution: string; from: string | null; to: string | null }[] =
      await this.db.query(
        `SELECT i.id AS "institutionId", i.name AS institution, af.from_date::text AS "from", af.to_date::text AS "to"
           FROM affiliations af JOIN institutions i ON i.id = af.institution_id
          WHERE af.person_id = $1 ORDER BY af.to_date DESC NULLS FIRST, af.from_date DESC NULLS LAST`,
        [personId],
      );
    const [u]: { id: string; email: string; disabled: boolean }[] = await this.db.query(
      `SELECT id, email, disabled FROM users WHERE person_id = $1 ORDER BY created_at LIMIT 1`,
      [personId],
    );
    return {
      id: p.id,
      externalId: p.externalId,
      name: p.name,
      nameEn: p.nameEn,
      emails: p.emails,
      orcid: p.orcid,
      title: p.title,
      disciplines: p.disciplines as Expert['disciplines'],
      applicationCodes: p.applicationCodes,
      keywords: p.keywords,
      affiliations: affs,
      account: u ?? null,
    };
  }

  /** Adds one expert from the web form (an existing person with the same e-mail or ORCID is refused: edit that one). */
  create(input: ExpertInput, actor: AuthUser) {
    return this.saveOne(null, input, actor);
  }

  /**
   * Replaces an expert's record from the web form (affiliations included) and re-detects open
   * rounds. `ownProfile`: the expert edits their own record, which may add affiliations and end
   * current ones but never drop one (that would hide a conflict); the audit names it.
   */
  update(personId: string, input: ExpertInput, actor: AuthUser, opts: { ownProfile?: boolean } = {}) {
    return this.saveOne(personId, input, actor, opts.ownProfile ?? false);
  }

  private async saveOne(
    personId: string | null,
    input: ExpertInput,
    actor: AuthUser,
    ownProfile = false,
  ): Promise<Expert> {
    const id = await this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(7210002)'); // persons: one writer matching identities at a time
      const insts = await institutionIndex(m);
      const { draft, problems } = checkExpert(input as ExpertFields, (k) => insts.get(k));
      if (problems.length) {
        // affiliations.institution of the 2nd row → affiliations[1].institution, as the form names it
        const path = (x: ExpertProblem) => (x.index === undefined ? x.field : x.field.replace('.', `[${x.index}].`));
        throw new DomainError('BAD_USER_INPUT', `${path(problems[0])}: ${problems[0].message}`, {
          field: path(problems[0]),
          problems: problems.map((x) => ({ ...x, field: path(x) })),
        });
      }
      const found = await findPersons(m, identityRefs(draft));
      const others = new Map<string, FoundPerson & { by: string }>();
      for (const [ref, field] of refsWithField(draft))
        for (const p of personsOf(found, ref))
          if (p.id !== personId && !others.has(p.id)) others.set(p.id, { ...p, by: field + ' ' + ref });
      if (others.size) {
        const o = [...others.values()][0];
        const field = o.by.split(' ')[0];
        throw badInput(
          field,
          `${o.by.slice(field.length + 1)} already belongs to ${o.name}; the same person is edited there, not added twice / 已属于${o.name}，同一人请在其记录上修改`,
        );
      }
      let before: PersonEntity | null = null;
      if (personId) {
        before = await m.findOne(PersonEntity, { where: { id: personId }, lock: { mode: 'pessimistic_write' } });
        if (!before) throw notFound('expert', personId);
      }
      if (ownProfile && before) {
        const kept = await m.findBy(AffiliationEntity, { personId: before.id });
        for (const k of kept) {
          const still = draft.affiliations.some(
            (a) => a.institutionId === k.institutionId && (a.fromDate ?? null) === (k.fromDate ?? null),
          );
          if (!still)
            throw badInput(
              'affiliations',
              'an affiliation cannot be removed here: set its end date, or ask the programme office to correct it / 任职经历不能删除：请填写结束日期，或联系项目办公室更正',
            );
        }
      }
      const saved = await writeExpert(m, before, draft, false);
      await this.audit.record(
        {
          actorId: actor.id,
          action: ownProfile ? 'profile.update' : before ? 'expert.update' : 'expert.create',
          entity: 'person',
          entityId: saved,
          before: before ? { name: before.name, emails: before.emails, disciplines: before.disciplines } : null,
          after: {
            name: draft.name,
            emails: draft.emails,
            disciplines: draft.disciplines,
            affiliations: draft.affiliations.length,
          },
        },
        m,
      );
      await this.conflicts.redetectAll(m);
      return saved;
    });
    return this.get(id);
  }

  /** Takes an expert out of the pool (the person and their history stay; an account is not touched). */
  async remove(personId: string, actor: AuthUser): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const r = await m.update(PersonEntity, { id: personId, inPool: true }, { inPool: false });
      if (!r.affected) throw notFound('expert', personId);
      await this.audit.record({ actorId: actor.id, action: 'expert.remove', entity: 'person', entityId: personId }, m);
      return true;
    });
  }

  /**
   * Makes the expert a reviewer account without retyping: name and sign-in e-mail from the record
   * (the first e-mail unless another of theirs is chosen), linked to the person so that conflict
   * detection and assignment know who it is.
   */
  async createAccount(personId: string, password: string, email: string | null, actor: AuthUser) {
    const expert = await this.get(personId);
    if (expert.account)
      throw badInput('personId', `${expert.name} already has an account (${expert.account.email}) / 该专家已有账号`);
    const signIn = (email ?? expert.emails[0] ?? '').trim().toLowerCase();
    if (!signIn)
      throw badInput('email', `${expert.name} has no e-mail: add one to the record first / 该专家没有邮箱，请先补充`);
    if (!expert.emails.includes(signIn))
      throw badInput('email', `${signIn} is not one of ${expert.name}'s e-mails / 不是该专家的邮箱`);
    const user = await this.users.create(
      { email: signIn, name: expert.name, roles: [Role.REVIEWER], password, personId },
      actor,
    );
    // a new reviewer of the pool: the rounds under way learn their conflicts now, not at the next detection
    await this.db.transaction((m) => this.conflicts.redetectAll(m));
    return user;
  }

  /**
   * Imports experts from CSV or XLSX: every row checked first (errors by line and column), then
   * all of it written in one transaction or nothing. A `dryRun` answers what would change.
   */
  async importFile(buf: Buffer, actor: AuthUser, dryRun: boolean, progress: Progress = async () => undefined) {
    await progress(5, 'reading the file / 读取文件');
    const rows = await readTable(buf, EXPERTS_TABLE);
    await progress(10, `checking ${rows.length} rows / 校验 ${rows.length} 行`);
    if (!rows.length)
      throw new ImportValidationError([{ line: 2, field: 'file', message: 'no data rows / 没有数据行' }]);
    const errors: RowError[] = [];
    const err = (line: number, field: string, message: string) => errors.push({ line, field, message });
    // rows of one expert: same expert_id, else same first e-mail, else same ORCID
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const v = r.values;
      const key = v.expert_id || splitList(v.emails)[0]?.toLowerCase() || (v.orcid ?? '').toUpperCase();
      if (!key) {
        err(
          r.line,
          'emails',
          'an e-mail, an ORCID or an expert_id is needed to tell this expert from others / 须填写邮箱、ORCID 或专家编号',
        );
        continue;
      }
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
    }
    const work = async (m: EntityManager) => {
      await m.query('SELECT pg_advisory_xact_lock(7210002)');
      const insts = await institutionIndex(m);
      const drafts: { line: number; draft: ExpertDraft }[] = [];
      for (const rs of groups.values()) {
        const first = rs[0];
        for (const r of rs.slice(1))
          for (const c of OWN_COLUMNS)
            if ((r.values[c] ?? '') !== '' && (r.values[c] ?? '') !== (first.values[c] ?? ''))
              err(r.line, c, `differs from line ${first.line} of the same expert / 同一专家的各行须一致`);
        const v = first.values;
        const { draft, problems } = checkExpert(
          {
            externalId: v.expert_id,
            name: v.name,
            nameEn: v.name_en,
            emails: splitList(v.emails),
            orcid: v.orcid,
            title: v.title,
            disciplines: splitList(v.disciplines),
            applicationCodes: splitList(v.application_codes),
            keywords: splitList(v.keywords),
            affiliations: rs
              .filter((r) => r.values.institution || r.values.from || r.values.to)
              .map((r) => ({ institution: r.values.institution ?? '', from: r.values.from, to: r.values.to })),
          },
          (k) => insts.get(k),
        );
        const affRows = rs.filter((r) => r.values.institution || r.values.from || r.values.to);
        for (const p of problems)
          err(p.index === undefined ? first.line : affRows[p.index].line, COLUMN_OF[p.field], p.message);
        drafts.push({ line: first.line, draft });
      }
      // two experts of the file that are one person (a shared e-mail or ORCID)
      const canon = identityGroups(drafts.map((d) => d.draft));
      drafts.forEach((d, i) => {
        if (canon[i] !== i)
          err(
            d.line,
            'emails',
            `the same person as line ${drafts[canon[i]].line} (a shared e-mail or ORCID): write one expert once / 与第 ${drafts[canon[i]].line} 行是同一人`,
          );
      });
      if (errors.length) throw new ImportValidationError(errors.sort((a, b) => a.line - b.line));
      const found = await findPersons(
        m,
        drafts.flatMap((d) => identityRefs(d.draft)),
      );
      const plan: { line: number; draft: ExpertDraft; person: PersonEntity | null; matchedBy: string | null }[] = [];
      const hits = new Map<string, { line: number; draft: ExpertDraft; matches: Map<string, string> }>();
      for (const d of drafts) {
        const matches = new Map<string, string>();
        for (const [ref, field] of refsWithField(d.draft))
          for (const p of personsOf(found, ref)) if (!matches.has(p.id)) matches.set(p.id, `${field} ${ref}`);
        if (matches.size > 1) {
          const names = [...matches.entries()].map(([id, by]) => `${personName(found, id)} (${by})`).join(', ');
          err(
            d.line,
            'emails',
            `matches ${matches.size} stored persons: ${names}; they must be one record first / 对应多名已存人员`,
          );
        }
        hits.set(String(d.line), { ...d, matches });
      }
      if (errors.length) throw new ImportValidationError(errors);
      const ids = [...new Set([...hits.values()].flatMap((h) => [...h.matches.keys()]))];
      const stored = new Map(
        (ids.length
          ? await m.find(PersonEntity, { where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } })
          : []
        ).map((p) => [p.id, p]),
      );
      for (const h of hits.values()) {
        const [id, by] = [...h.matches.entries()][0] ?? [null, null];
        const person = id ? stored.get(id)! : null;
        if (person?.orcid && h.draft.orcid && person.orcid !== h.draft.orcid)
          err(h.line, 'orcid', `${person.name} is stored with ORCID ${person.orcid} / 与已存 ORCID 不同`);
        plan.push({ line: h.line, draft: h.draft, person, matchedBy: by });
      }
      if (errors.length) throw new ImportValidationError(errors);
      const out: ExpertImportRow[] = [];
      const writing = counting(progress, 20, 60, plan.length, { en: 'experts', zh: '专家' });
      for (const p of plan) {
        await writing(out.length);
        const id = await writeExpert(m, p.person, p.draft, true);
        out.push({
          line: p.line,
          name: p.draft.name,
          action: p.person ? 'UPDATE' : 'CREATE',
          personId: dryRun ? null : id,
          matchedBy: p.matchedBy,
        });
      }
      const result = {
        dryRun,
        imported: out.length,
        created: out.filter((r) => r.action === 'CREATE').length,
        updated: out.filter((r) => r.action === 'UPDATE').length,
        experts: out,
      };
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'experts.import',
          entity: 'person',
          after: { created: result.created, updated: result.updated },
        },
        m,
      );
      await this.conflicts.redetectAll(m, within(progress, 60, 100));
      return result;
    };
    return transactionOrPreview(this.db, dryRun, work);
  }
}

/** Institutions by normalised name, English name and alias. */
export async function institutionIndex(m: EntityManager): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const i of await m.find(InstitutionEntity))
    for (const k of [i.name, i.nameEn ?? '', ...i.aliases]) if (k) out.set(normalizeName(k), i.id);
  return out;
}

function refsWithField(d: ExpertDraft): [string, string][] {
  return [
    ...(d.externalId ? [[d.externalId, 'expert_id'] as [string, string]] : []),
    ...d.emails.map((e) => [e, 'emails'] as [string, string]),
    ...(d.orcid ? [[d.orcid, 'orcid'] as [string, string]] : []),
  ];
}
const identityRefs = (d: ExpertDraft) => refsWithField(d).map(([r]) => r);
const personName = (found: Map<string, FoundPerson[]>, id: string) =>
  [...found.values()].flat().find((p) => p.id === id)?.name ?? id;

/**
 * Writes an expert's record: a new person, or the stored one brought up to date. An import merges
 * into what is stored (e-mails added, blank columns keep their value, affiliations replaced only
 * when the file lists some); the web form replaces the record as shown.
 */
async function writeExpert(m: EntityManager, person: PersonEntity | null, d: ExpertDraft, merge: boolean) {
  const keep = <T>(v: T | null, old: T | null | undefined) => (merge ? (v ?? old ?? null) : v);
  const fields = {
    name: d.name,
    nameEn: keep(d.nameEn, person?.nameEn),
    emails: merge ? [...new Set([...d.emails, ...(person?.emails ?? [])])] : d.emails,
    orcid: keep(d.orcid, person?.orcid),
    title: keep(d.title, person?.title),
    disciplines: d.disciplines,
    applicationCodes: d.applicationCodes,
    keywords: d.keywords,
    inPool: true,
  };
  let id: string;
  if (person) {
    id = person.id;
    const externalId = merge ? (person.externalId ?? d.externalId) : (d.externalId ?? person.externalId);
    await m.update(PersonEntity, { id }, { ...fields, externalId });
  } else {
    id = (await m.save(PersonEntity, m.create(PersonEntity, { ...fields, externalId: d.externalId }))).id;
  }
  if (!merge || d.affiliations.length) {
    await m.delete(AffiliationEntity, { personId: id });
    if (d.affiliations.length)
      await m.insert(
        AffiliationEntity,
        d.affiliations.map((a) => ({ personId: id, ...a })),
      );
  }
  return id;
}
