import {
  collaborationFromYear,
  CONFLICT_RULES,
  type ConflictDataset,
  conflictsByReviewer,
  detectConflicts,
  resolvePolicy,
} from '@app/conflicts';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, type SelectQueryBuilder } from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../common/config/config';
import type { AuthUser } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { DomainError, badInput, notFound, pgErrorCode } from '../common/graphql/errors';
import { InstitutionEntity, PersonEntity } from '../people/people.entity';
import { ProgramEntity } from '../programs/program.entity';
import { RoundEntity } from '../rounds/round.entity';
import { UserEntity } from '../users/user.entity';
import {
  ApplicantExclusionEntity,
  ConflictEntity,
  ConflictOverrideEntity,
  DeclaredConflictEntity,
} from './conflict.entity';
import { CONFLICT_BLOCKS } from './conflict-sql';
import { decodeCursor, encodeCursor } from '../common/graphql/cursor';
import { Stages } from '../common/stages';
import { copyInto, copyText } from '../common/database/copy';
import { createFreshPartition, indexFreshPartition, swapInPartition } from './conflict-partition';
import { JobsService, type Progress, within } from '../jobs/jobs.service';
import { checkFirst, pageOf } from '../common/graphql/page';
import { type Read, serialReads, withSnapshotReaders } from '../common/database/snapshot';

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** The most conflicts `conflicts` returns at once; larger rounds are read with `conflictPage`. */
export const LIST_LIMIT = 5000;
const UUID_RE_ONE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const pairKey = (applicationId: string, reviewerId: string) => applicationId + '|' + reviewerId;

/** The reviewer pool: active accounts with the REVIEWER role that are linked to a person. */
export async function reviewerPool(m: EntityManager): Promise<UserEntity[]> {
  return m
    .createQueryBuilder(UserEntity, 'u')
    .where(':role = ANY(u.roles)', { role: Role.REVIEWER })
    .andWhere('u.disabled = false')
    .andWhere('u.person_id IS NOT NULL')
    .orderBy('u.email', 'ASC')
    .getMany();
}

/**
 * Detection replaces a round's stored conflicts and reads exclusions, declarations and
 * affiliations of every open round; two of them interleaving (or one with an exclusions write)
 * deadlocked. Every writer takes this one lock first, for its transaction.
 */
export async function lockConflicts(m: EntityManager) {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('conflict-detection', 0))`);
}

/** A deadlock or serialisation failure is the database asking to try again: once. */
async function retryOnce<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const code = pgErrorCode(e);
    if (code === '40P01' || code === '40001') return work();
    throw e;
  }
}

/** The rows of a {@link ConflictsService} query, each with its `overridden` flag. */
async function withOverridden(qb: SelectQueryBuilder<ConflictEntity>) {
  const { entities, raw } = await qb.getRawAndEntities();
  return entities.map((e, i) =>
    Object.assign(e, { overridden: Boolean((raw[i] as { overridden: boolean }).overridden) }),
  );
}

export const DETECTION_QUEUE = 'conflicts.detect';

@Injectable()
export class ConflictsService implements OnModuleInit {
  private readonly logger = new Logger('Conflicts');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    // a big round's detection as a tracked run: progress by stage, cancellable (the transaction rolls back)
    this.jobs.defineRun<{ roundId: string }>(
      { name: DETECTION_QUEUE, policy: 'singleton', retryLimit: 1, retryDelaySeconds: 5, expireInSeconds: 1800 },
      ({ roundId }, progress) => this.detect(roundId, undefined, progress),
    );
  }

  /** Detection in the background (one at a time per round): poll `run(id)`, `cancelRun(id)` to stop it. */
  async startDetection(roundId: string, actor: AuthUser) {
    const round = await this.db.getRepository(RoundEntity).findOneBy({ id: roundId });
    if (!round) throw notFound('round', roundId);
    if (round.status === 'FINALIZED')
      throw badInput(
        'roundId',
        'the round is finalized: its conflicts are kept as they were / 本轮已定稿，回避记录不再变更',
      );
    return this.jobs.startRun(DETECTION_QUEUE, { roundId }, actor.id, { singletonKey: roundId });
  }

  /**
   * Runs libs/conflicts over the round's projects and the reviewer pool and replaces the round's
   * stored detections (overrides live in their own table and survive). Returns the pair count.
   */
  async detect(
    roundId: string,
    manager?: EntityManager,
    progress: Progress = async () => undefined,
  ): Promise<{ pairs: number; reasons: number }> {
    // a transaction of its own has written nothing before the reads: they may then run on two
    // connections sharing its snapshot; a caller's transaction may have (an import): its own connection
    const work = async (m: EntityManager, ownTransaction: boolean) => {
      await progress(2, 'waiting for other detections / 等待其他检测完成');
      await lockConflicts(m);
      const round = await m.findOneBy(RoundEntity, { id: roundId });
      if (!round) throw notFound('round', roundId);
      if (round.status === 'FINALIZED') return { pairs: 0, reasons: 0 };
      const stages = new Stages();
      await progress(5, 'reading projects, experts and publications / 读取项目、专家和论文');
      const ds = ownTransaction
        ? await withSnapshotReaders(this.db, m, 2, (reads) => this.dataset(m, round, undefined, reads, stages))
        : await this.dataset(m, round, undefined, undefined, stages);
      stages.lap('load');
      await progress(30, 'applying the rules and storing the detections / 逐条规则检测并保存结果');
      // the round's rows go into a fresh table without indexes or foreign keys, swapped in whole as
      // the round's partition at the end (migration ConflictPartitions): PostgreSQL then builds the
      // indexes and checks the keys once for the table, not once a row
      const rid = round.id;
      const table = await createFreshPartition(m, rid);
      const { named } = ds;
      // The library works the pairs out one reviewer at a time; they are streamed with COPY as they
      // come, 10,000 rows a block, so PostgreSQL takes in one block while the next is worked out,
      // and no list of every pair is ever held.
      const source = (rule: string) =>
        rule === 'DECLARED' ? 'DECLARED' : rule === 'EXCLUDED_BY_APPLICANT' ? 'EXCLUDED' : 'DETECTED';
      const reviewers = ds.dataset.reviewers.length || 1;
      let [pairs, stored, done, libraryMs] = [0, 0, 0, 0];
      async function* blocks() {
        let block = '';
        let lines = 0;
        const steps = conflictsByReviewer(ds.dataset);
        for (;;) {
          // the library's own time, apart from the writing it overlaps (the log's library=)
          const t = performance.now();
          const step = steps.next();
          libraryMs += performance.now() - t;
          if (step.done) break;
          const found = step.value;
          done++;
          for (const c of found) {
            pairs++;
            // projects outside the round are in the dataset for SAME_CALL_APPLICANT only: never stored
            if (!ds.inRound.has(c.project)) continue;
            for (const reviewerId of ds.usersOfPerson.get(c.reviewer) ?? [])
              for (const reason of c.reasons) {
                block += `${rid}\t${c.project}\t${reviewerId}\t${reason.rule}\t${copyText(named(reason.evidence))}\t${copyText(named(reason.evidenceZh))}\t${source(reason.rule)}\n`;
                if (++lines === 10_000) {
                  stored += lines;
                  yield block;
                  [block, lines] = ['', 0];
                  await progress(30 + (60 * done) / reviewers);
                }
              }
          }
        }
        stored += lines;
        if (lines) yield block;
      }
      await copyInto(
        m,
        table.fresh,
        ['round_id', 'application_id', 'reviewer_id', 'rule', 'evidence', 'evidence_zh', 'source'],
        blocks(),
      );
      stages.lap('detect+store');
      stages.add('library', libraryMs);
      await progress(90, 'indexing the detections / 建立索引');
      await indexFreshPartition(m, table);
      stages.lap('index');
      await progress(98, 'replacing the last detection / 替换上次检测结果');
      await swapInPartition(m, rid, table, this.config.conflictSwapWaitSeconds);
      stages.lap('swap');
      this.logger.log(
        `conflicts.detect round=${roundId} projects=${ds.inRound.size} reviewers=${ds.dataset.reviewers.length} pairs=${pairs} rows=${stored} ${stages}`,
      );
      return { pairs, reasons: stored };
    };
    return manager ? work(manager, false) : retryOnce(() => this.db.transaction((m) => work(m, true)));
  }

  /** Re-detects every round that is not finalized (after publications, relations or exclusions change). */
  async redetectAll(m: EntityManager, progress: Progress = async () => undefined): Promise<void> {
    const rounds = await m.find(RoundEntity, { where: { status: In(['DRAFT', 'OPEN', 'CLOSED']) } });
    for (const [i, r] of rounds.entries())
      await this.detect(r.id, m, within(progress, (100 * i) / rounds.length, (100 * (i + 1)) / rounds.length));
  }

  /**
   * The conflicts of persons who may not have an account yet (experts the officer is about to
   * invite) with the round's projects: the same rules and data as {@link detect}, nothing stored.
   */
  async ofPersons(
    roundId: string,
    personIds: string[],
    m: EntityManager = this.db.manager,
  ): Promise<Map<string, { projectId: string; rule: string; evidence: string; evidenceZh: string }[]>> {
    const out = new Map<string, { projectId: string; rule: string; evidence: string; evidenceZh: string }[]>();
    if (personIds.length === 0) return out;
    const round = await m.findOneBy(RoundEntity, { id: roundId });
    if (!round) throw notFound('round', roundId);
    const ds = await this.dataset(m, round, personIds);
    const { named } = ds;
    for (const c of detectConflicts(ds.dataset).conflicts) {
      if (!ds.inRound.has(c.project)) continue;
      const list = out.get(c.reviewer) ?? out.set(c.reviewer, []).get(c.reviewer)!;
      for (const r of c.reasons)
        list.push({ projectId: c.project, rule: r.rule, evidence: named(r.evidence), evidenceZh: named(r.evidenceZh) });
    }
    return out;
  }

  /**
   * The lib's dataset for a round: the reviewer pool's persons, or `candidates` (person ids) instead.
   * `reads` are ways to read one state of the database: two connections sharing a snapshot (the
   * co-authorship query then runs beside the other reads), or `m`'s own connection. The few small
   * entity reads (the programme, the reviewer pool, institutions, declarations) stay on `m`.
   */
  private async dataset(
    m: EntityManager,
    round: RoundEntity,
    candidates?: string[],
    reads: Read[] = [serialReads(m)],
    stages?: Stages,
  ) {
    const [first, second] = [reads[0], reads[1] ?? reads[0]];
    const program = await m.findOneByOrFail(ProgramEntity, { id: round.programId });
    const reviewers = await reviewerPool(m);
    const institutions = await m.find(InstitutionEntity);
    const declared = await m.findBy(DeclaredConflictEntity, { roundId: round.id });
    const reviewerPersons = candidates ?? reviewers.map((u) => u.personId!);
    // the persons concerned: the call's team members and the reviewers ($1, $2), named in SQL so
    // that 10^5 ids are not sent back and forth
    const ofCall = `(SELECT id FROM applications WHERE program_id = $1)`;
    const concerned = `(SELECT tm.person_id FROM team_members tm WHERE tm.application_id IN ${ofCall}
                        UNION ALL SELECT unnest($2::uuid[]))`;
    const relations = await first<{ type: 'ADVISOR' | 'FAMILY'; personA: string; personB: string }>(
      `SELECT type, person_a AS "personA", person_b AS "personB" FROM person_relations
        WHERE person_a IN ${concerned} OR person_b IN ${concerned} ORDER BY id`,
      [program.id, reviewerPersons],
    );
    // the relations' other persons, read with the concerned ones
    const related = [...new Set(relations.flatMap((r) => [r.personA, r.personB]))];
    const asOf = round.opensAt.toISOString().slice(0, 10);
    const policy = (round.settings as { conflictPolicy?: ConflictDataset['policy'] }).conflictPolicy ?? {
      preset: 'default',
    };
    const fromYear = collaborationFromYear(asOf, resolvePolicy(policy));
    type Person = { id: string; name: string; emails: string[]; orcid: string | null };
    type Affiliation = { personId: string; institutionId: string; fromDate: string | null; toDate: string | null };
    const personsSql = (where: string) => `SELECT id, name, emails, orcid FROM persons WHERE ${where}`;
    const affsSql = (where: string) =>
      `SELECT person_id AS "personId", institution_id AS "institutionId",
              to_char(from_date, 'YYYY-MM-DD') AS "fromDate", to_char(to_date, 'YYYY-MM-DD') AS "toDate"
         FROM affiliations WHERE ${where}`;
    // the reviewer pool's accounts and persons, known before any read
    const usersOfPerson = new Map<string, string[]>();
    for (const u of reviewers)
      (usersOfPerson.get(u.personId!) ?? usersOfPerson.set(u.personId!, []).get(u.personId!)!).push(u.id);
    const personOfUser = new Map(reviewers.map((u) => [u.id, u.personId!]));
    const reviewerPersonIds = candidates ? [...new Set(candidates)] : [...usersOfPerson.keys()];
    const isReviewer = new Set(reviewerPersonIds);
    const asPersons = (persons: Person[], affs: Affiliation[]): ConflictDataset['persons'] => {
      const affsOf = new Map<string, Affiliation[]>();
      for (const a of affs) (affsOf.get(a.personId) ?? affsOf.set(a.personId, []).get(a.personId)!).push(a);
      return persons.map((p) => ({
        id: p.id,
        name: p.name,
        emails: p.emails,
        orcid: p.orcid,
        affiliations: (affsOf.get(p.id) ?? []).map((a) => ({
          institution: a.institutionId,
          from: a.fromDate,
          to: a.toDate,
        })),
      }));
    };
    const t = performance.now();
    // the long read (every paper of these persons inside the co-authorship window, with all its
    // authors in one row: a joined string is far cheaper to split than an array literal to parse)
    // on one connection; everything else on the other, turned into the library's input while
    // PostgreSQL still works on the papers
    const [pubs, rest] = await Promise.all([
      first<{ externalId: string; year: number; authors: string }>(
        `SELECT p.external_id AS "externalId", p.year, string_agg(pa.person_id::text, ',' ORDER BY pa.person_id) AS authors
           FROM publications p JOIN publication_authors pa ON pa.publication_id = p.id
          WHERE p.year >= $3 AND p.id IN (SELECT publication_id FROM publication_authors
                                           WHERE person_id IN ${concerned} OR person_id = ANY($4::uuid[]))
          GROUP BY p.id`,
        [program.id, reviewerPersons, fromYear, related],
      ).then((rows) => {
        stages?.add('read.papers', performance.now() - t);
        return rows.map((p) => ({ id: p.externalId, year: p.year, authors: p.authors.split(',') }));
      }),
      Promise.all([
        second<{ id: string }>(`SELECT application_id AS id FROM round_projects WHERE round_id = $1`, [round.id]),
        // every application of the call counts for SAME_CALL_APPLICANT, not only those in the round
        second<{ id: string; leadInstitutionId: string }>(
          `SELECT id, lead_institution_id AS "leadInstitutionId" FROM applications WHERE program_id = $1`,
          [program.id],
        ),
        second<{ applicationId: string; personId: string; role: string }>(
          `SELECT application_id AS "applicationId", person_id AS "personId", role FROM team_members
            WHERE application_id IN ${ofCall} ORDER BY application_id, position`,
          [program.id],
        ),
        second<{ applicationId: string; institutionId: string }>(
          `SELECT application_id AS "applicationId", institution_id AS "institutionId" FROM application_cooperating_institutions
            WHERE application_id IN ${ofCall} ORDER BY application_id, position`,
          [program.id],
        ),
        second<{ applicationId: string; personId: string; reason: string | null }>(
          `SELECT application_id AS "applicationId", person_id AS "personId", reason FROM applicant_exclusions
            WHERE application_id IN (SELECT application_id FROM round_projects WHERE round_id = $1)`,
          [round.id],
        ),
        second<Person>(personsSql(`id IN ${concerned} OR id = ANY($3::uuid[])`), [
          program.id,
          reviewerPersons,
          related,
        ]),
        second<Affiliation>(affsSql(`person_id IN ${concerned} OR person_id = ANY($3::uuid[])`), [
          program.id,
          reviewerPersons,
          related,
        ]),
      ]).then(([roundProjects, callApps, members, coops, exclusions, persons, affs]) => {
        const inRound = new Set(roundProjects.map((r) => r.id));
        const membersOf = new Map<string, (typeof members)[number][]>();
        for (const x of members)
          (membersOf.get(x.applicationId) ?? membersOf.set(x.applicationId, []).get(x.applicationId)!).push(x);
        const coopsOf = new Map<string, string[]>();
        for (const c of coops)
          (coopsOf.get(c.applicationId) ?? coopsOf.set(c.applicationId, []).get(c.applicationId)!).push(
            c.institutionId,
          );
        const projects = callApps
          .filter((a) => inRound.has(a.id) || (membersOf.get(a.id) ?? []).some((x) => isReviewer.has(x.personId)))
          .map((a) => ({
            id: a.id,
            call: program.code,
            leadInstitution: a.leadInstitutionId,
            cooperatingInstitutions: coopsOf.get(a.id) ?? [],
            members: (membersOf.get(a.id) ?? []).map((x) => ({
              person: x.personId,
              role: x.role as ConflictDataset['projects'][number]['members'][number]['role'],
            })),
          }));
        stages?.add('read.rest', performance.now() - t);
        return { inRound, projects, exclusions, persons: asPersons(persons, affs) };
      }),
    ]);
    const { inRound, persons } = rest;
    // the co-authors who are neither team members, reviewers nor related to one: read now
    const known = new Set(persons.map((p) => p.id));
    const coauthors = new Set<string>();
    for (const p of pubs) for (const a of p.authors) if (!known.has(a)) coauthors.add(a);
    if (coauthors.size) {
      const ids = [...coauthors];
      const [more, affs] = [
        await first<Person>(personsSql(`id = ANY($1::uuid[])`), [ids]),
        await first<Affiliation>(affsSql(`person_id = ANY($1::uuid[])`), [ids]),
      ];
      persons.push(...asPersons(more, affs));
    }
    const dataset: ConflictDataset = {
      asOf,
      policy,
      institutions: institutions.map((i) => ({
        id: i.id,
        name: i.name,
        aliases: [...(i.nameEn ? [i.nameEn] : []), ...i.aliases],
        emailDomains: i.emailDomains,
      })),
      persons,
      relations: relations.map((r) =>
        r.type === 'ADVISOR'
          ? { type: 'ADVISOR' as const, advisor: r.personA, advisee: r.personB }
          : { type: 'FAMILY' as const, persons: [r.personA, r.personB] },
      ),
      publications: pubs,
      projects: rest.projects,
      reviewers: reviewerPersonIds,
      declared: declared
        .filter((d) => personOfUser.has(d.reviewerId) && isReviewer.has(personOfUser.get(d.reviewerId)!))
        .map((d) => ({ project: d.applicationId, reviewer: personOfUser.get(d.reviewerId)!, reason: d.reason })),
      excludedByApplicant: rest.exclusions
        .filter((e) => isReviewer.has(e.personId))
        .map((e) => ({ project: e.applicationId, reviewer: e.personId, reason: e.reason ?? undefined })),
    };
    // the lib speaks in ids; officers read names. A reason's text repeats across the projects it
    // touches (a reviewer's institution leads hundreds): each text is named once
    const names = new Map<string, string>([
      ...persons.map((p): [string, string] => [p.id, p.name ?? p.id]),
      ...institutions.map((i): [string, string] => [i.id, i.name]),
    ]);
    const namedTexts = new Map<string, string>();
    const named = (text: string) => {
      let out = namedTexts.get(text);
      if (out === undefined) {
        out = text.replace(UUID_RE, (id) => names.get(id) ?? id);
        namedTexts.set(text, out);
      }
      return out;
    };
    return { dataset, inRound, usersOfPerson, named };
  }

  /** The conflicted pairs of a round that an override has not cleared, for O(1) "may R review P?". */
  async blockedPairs(roundId: string, m: EntityManager = this.db.manager): Promise<Set<string>> {
    const rows: { application_id: string; reviewer_id: string }[] = await m.query(
      `SELECT DISTINCT c.application_id, c.reviewer_id FROM conflicts c WHERE c.round_id = $1 AND ${CONFLICT_BLOCKS}`,
      [roundId],
    );
    return new Set(rows.map((r) => pairKey(r.application_id, r.reviewer_id)));
  }

  async isBlocked(
    roundId: string,
    applicationId: string,
    reviewerId: string,
    m: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const rows = await m.query(
      `SELECT 1 FROM conflicts c WHERE c.round_id = $1 AND c.application_id = $2 AND c.reviewer_id = $3
         AND ${CONFLICT_BLOCKS} LIMIT 1`,
      [roundId, applicationId, reviewerId],
    );
    return rows.length > 0;
  }

  /**
   * One page of a round's conflicts, in (project, reviewer, id) order after the cursor's row, with
   * the filtered total: what the officer's list shows, at any size of round.
   */
  async page(
    roundId: string,
    filter: { projectId?: string | null; reviewerId?: string | null; rule?: string | null },
    first: number,
    after: string | null | undefined,
  ) {
    checkFirst(first);
    if (!(await this.db.getRepository(RoundEntity).existsBy({ id: roundId }))) throw notFound('round', roundId);
    if (filter.rule && !(CONFLICT_RULES as readonly string[]).includes(filter.rule))
      throw badInput('rule', `must be one of ${CONFLICT_RULES.join(', ')} / 回避规则须为其中之一`);
    const total = await this.filtered(roundId, filter).getCount();
    const qb = this.filtered(roundId, filter)
      .orderBy('c.application_id')
      .addOrderBy('c.reviewer_id')
      .addOrderBy('c.id');
    if (after) {
      const [a, r, id] = decodeCursor(after, 'after', 3);
      if (![a, r, id].every((x) => UUID_RE_ONE.test(x)))
        throw badInput('after', 'is not a cursor this list gave / 不是本列表给出的游标');
      qb.andWhere('(c.application_id, c.reviewer_id, c.id) > (CAST(:a AS uuid), CAST(:r AS uuid), CAST(:id AS uuid))', {
        a,
        r,
        id,
      });
    }
    const rows = await withOverridden(qb.limit(first + 1));
    return pageOf(rows, first, total, (last) => encodeCursor([last.applicationId, last.reviewerId, last.id]));
  }

  /** A round's conflicts, filtered, with whether an override cleared each pair. */
  private filtered(
    roundId: string,
    filter: { projectId?: string | null; reviewerId?: string | null; rule?: string | null },
  ) {
    const qb = this.db
      .getRepository(ConflictEntity)
      .createQueryBuilder('c')
      .addSelect(`NOT ${CONFLICT_BLOCKS}`, 'overridden')
      .where('c.round_id = :roundId', { roundId });
    if (filter.projectId) qb.andWhere('c.application_id = :projectId', { projectId: filter.projectId });
    if (filter.reviewerId) qb.andWhere('c.reviewer_id = :reviewerId', { reviewerId: filter.reviewerId });
    if (filter.rule) qb.andWhere('c.rule = :rule', { rule: filter.rule });
    return qb;
  }

  /** Every conflict of a round (or of one project or reviewer); a round past {@link LIST_LIMIT} is read by pages. */
  async list(roundId: string, projectId?: string | null, reviewerId?: string | null) {
    if (!projectId && !reviewerId) {
      const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM conflicts WHERE round_id = $1`, [roundId]);
      if (n > LIST_LIMIT)
        throw badInput(
          'roundId',
          `the round has ${n} conflicts, more than one list gives (${LIST_LIMIT}): read them with conflictPage, or name a project or reviewer / 本轮回避共 ${n} 条，超过单次列表上限 ${LIST_LIMIT} 条：请用 conflictPage 分页读取，或指定项目或专家`,
        );
    }
    return withOverridden(
      this.filtered(roundId, { projectId, reviewerId })
        .orderBy('c.application_id')
        .addOrderBy('c.reviewer_id')
        .addOrderBy('c.rule'),
    );
  }

  /** An officer clears a detected conflict for review, with a written justification. Never deleted. */
  async override(roundId: string, applicationId: string, reviewerId: string, reason: string, actor: AuthUser) {
    const why = (reason ?? '').trim();
    if (why.length < 10)
      throw badInput(
        'reason',
        'a written justification of at least 10 characters is required / 须填写至少 10 个字的理由',
      );
    return this.db.transaction(async (m) => {
      const rows = await m.findBy(ConflictEntity, { roundId, applicationId, reviewerId });
      if (rows.length === 0) throw notFound('conflict', `${applicationId}/${reviewerId}`);
      if (rows.some((r) => r.source === 'DECLARED'))
        throw badInput(
          'reviewerId',
          'the reviewer declared this conflict: it cannot be overridden / 评审专家主动声明的回避不可撤销',
        );
      const o = await m.save(
        ConflictOverrideEntity,
        m.create(ConflictOverrideEntity, { roundId, applicationId, reviewerId, reason: why, overriddenBy: actor.id }),
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'conflict.override',
          entity: 'conflict',
          entityId: o.id,
          after: { roundId, applicationId, reviewerId, rules: rows.map((r) => r.rule) },
          reason: why,
        },
        m,
      );
      return rows.map((r) => Object.assign(r, { overridden: true }));
    });
  }

  /** A reviewer declares a conflict with a project of a round (the assignment is handled by the caller). */
  async declare(
    m: EntityManager,
    roundId: string,
    applicationId: string,
    reviewerId: string,
    reason: string,
  ): Promise<ConflictEntity> {
    const why = (reason ?? '').trim();
    if (why.length < 2) throw badInput('reason', 'say briefly why / 请简要说明理由');
    if (why.length > 2000) throw badInput('reason', 'at most 2000 characters / 最多 2000 字');
    const existing = await m.findOneBy(DeclaredConflictEntity, { roundId, applicationId, reviewerId });
    if (!existing) await m.insert(DeclaredConflictEntity, { roundId, applicationId, reviewerId, reason: why });
    const row = await m.save(
      ConflictEntity,
      m.create(ConflictEntity, {
        roundId,
        applicationId,
        reviewerId,
        rule: 'DECLARED',
        evidence: `declared by the reviewer: ${why}`,
        evidenceZh: `评审专家主动声明：${why}`,
        source: 'DECLARED',
      }),
    );
    return Object.assign(row, { overridden: false });
  }

  /** Sets an application's exclusion list (at most 3 reviewers, by person id) and re-detects. */
  async setExclusions(applicationId: string, personIds: string[], actor: AuthUser) {
    const ids = [...new Set(personIds)];
    if (ids.length > 3)
      throw badInput(
        'personIds',
        `at most 3 reviewers may be excluded per application (got ${ids.length}) / 每项申请至多回避 3 人`,
      );
    return retryOnce(() =>
      this.db.transaction(async (m) => {
        await lockConflicts(m); // before any row lock: the order every detection takes too
        const app = await m.findOne(ApplicationEntity, {
          where: { id: applicationId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!app) throw notFound('project', applicationId);
        const found = ids.length ? await m.countBy(PersonEntity, { id: In(ids) }) : 0;
        if (found !== ids.length) throw badInput('personIds', 'unknown person / 未知人员');
        const before = (await m.findBy(ApplicantExclusionEntity, { applicationId })).map((e) => e.personId);
        await m.delete(ApplicantExclusionEntity, { applicationId });
        if (ids.length)
          await m.insert(
            ApplicantExclusionEntity,
            ids.map((personId) => ({ applicationId, personId, reason: null })),
          );
        await this.audit.record(
          {
            actorId: actor.id,
            action: 'application.exclusions',
            entity: 'application',
            entityId: applicationId,
            before: { personIds: before },
            after: { personIds: ids },
          },
          m,
        );
        await this.redetectAll(m);
        return ids;
      }),
    );
  }

  /** Refuses a conflicted pair, naming the evidence of each reason (officers read why). */
  async assertPairFree(roundId: string, applicationId: string, reviewerId: string, m: EntityManager): Promise<void> {
    if (!(await this.isBlocked(roundId, applicationId, reviewerId, m))) return;
    const reasons = await m.findBy(ConflictEntity, { roundId, applicationId, reviewerId });
    const en = reasons.map((r) => r.evidence).join('; ');
    const zh = reasons.map((r) => r.evidenceZh || r.evidence).join('；');
    throw new DomainError(
      'CONFLICT_OF_INTEREST',
      `the reviewer has a conflict of interest with this project${en ? `: ${en}` : ''} / 该专家与项目存在利益冲突，需回避${zh ? `：${zh}` : ''}`,
    );
  }

  assertNotConflicted(blocked: boolean) {
    if (blocked)
      throw new DomainError(
        'CONFLICT_OF_INTEREST',
        'the reviewer has a conflict of interest with this project / 该专家与项目存在利益冲突，需回避',
      );
  }
}
