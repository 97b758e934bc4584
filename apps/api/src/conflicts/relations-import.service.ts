import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse as parseCsv } from 'csv-parse/sync';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { ImportValidationError, type RowError } from '../applications/import.service';
import { ImportFileError } from '../applications/import-format';
import { checkTable, IMPORT_LIMITS, ImportLimitError } from '../applications/import-limits';
import { transactionOrPreview } from '../common/database/dry-run';
import { counting, type Progress, within } from '../jobs/jobs.service';
import { findPersons, personsOf } from '../people/identify';
import { PersonRelationEntity, PublicationAuthorEntity, PublicationEntity } from './conflict.entity';
import { ConflictsService } from './conflicts.service';

type Row = { line: number; v: Record<string, unknown> };

/** CSV (header row) or JSON (an array of objects), told apart by content. */
function readRecords(buf: Buffer, columns: string[]): Row[] {
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trim()) throw new ImportFileError('the file is empty / 文件为空');
  if (buf.includes(0)) throw new ImportFileError('not a CSV or JSON file (binary content)');
  const t = text.trimStart();
  if (t.startsWith('[') || t.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new ImportFileError(`malformed JSON: ${(e as Error).message}`);
    }
    const arr = Array.isArray(data) ? data : (data as { items?: unknown }).items;
    if (!Array.isArray(arr)) throw new ImportFileError('JSON must be an array of records');
    if (arr.length > IMPORT_LIMITS.rows)
      throw new ImportFileError(
        `at most ${IMPORT_LIMITS.rows} records per file / 每个文件至多 ${IMPORT_LIMITS.rows} 条`,
      );
    return arr.map((v, i) => ({ line: i + 1, v: (v && typeof v === 'object' ? v : {}) as Record<string, unknown> }));
  }
  let recs: string[][];
  try {
    recs = parseCsv(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw new ImportFileError(`malformed CSV: ${(e as Error).message}`);
  }
  try {
    checkTable(recs.map((cells, i) => ({ line: i + 1, cells })));
  } catch (e) {
    if (e instanceof ImportLimitError) throw new ImportFileError(e.message);
    throw e;
  }
  const header = (recs[0] ?? []).map((h) => h.trim().toLowerCase());
  for (const c of columns) if (!header.includes(c)) throw new ImportFileError(`missing column ${c}`);
  return recs
    .slice(1)
    .map((cells, i) => ({ line: i + 2, v: Object.fromEntries(header.map((h, k) => [h, (cells[k] ?? '').trim()])) }));
}

const list = (x: unknown): string[] =>
  (Array.isArray(x) ? x.map(String) : String(x ?? '').split(/[;；]/)).map((s) => s.trim()).filter(Boolean);

/**
 * Officers bring the evidence conflict detection needs: publications (co-authorship) and
 * relations (advisor, family), with persons named by their external id. All or nothing; every
 * open round is re-detected in the same transaction.
 */
@Injectable()
export class RelationsImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly conflicts: ConflictsService,
  ) {}

  /** Each reference (external id, e-mail or ORCID) to the stored records it names, in one statement. */
  private async persons(refs: string[]): Promise<Map<string, string[]>> {
    const valid = refs.filter((x) => typeof x === 'string' && x.trim().length > 0 && x.length <= 320);
    const found = await findPersons(this.db.manager, valid);
    const out = new Map<string, string[]>();
    for (const r of valid) {
      const ids = personsOf(found, r).map((p) => p.id);
      if (ids.length) out.set(r, ids);
    }
    return out;
  }

  async importPublications(buf: Buffer, actor: AuthUser, dryRun = false, progress: Progress = async () => undefined) {
    await progress(5, 'reading the file / 读取文件');
    const rows = readRecords(buf, ['publication_id', 'year', 'authors']);
    await progress(10, `checking ${rows.length} rows / 校验 ${rows.length} 行`);
    const persons = await this.persons(rows.flatMap((r) => list(r.v.authors)));
    const errors: RowError[] = [];
    const seen = new Set<string>();
    const pubs: { externalId: string; title: string; year: number; authors: string[] }[] = [];
    const thisYear = new Date().getUTCFullYear();
    for (const { line, v } of rows) {
      const id = String(v.publication_id ?? '').trim();
      if (!id) errors.push({ line, field: 'publication_id', message: 'required (a DOI or another stable id)' });
      else if (seen.has(id)) errors.push({ line, field: 'publication_id', message: `${id} appears twice in the file` });
      seen.add(id);
      const year = Number(v.year);
      if (!Number.isInteger(year) || year < 1900 || year > thisYear + 1)
        errors.push({
          line,
          field: 'year',
          message: `must be a year from 1900 to ${thisYear + 1} (got '${v.year ?? ''}')`,
        });
      const authors = list(v.authors);
      if (authors.length < 2)
        errors.push({
          line,
          field: 'authors',
          message: 'at least two authors (person ids, e-mails or ORCIDs, separated by ;) / 至少两位作者',
        });
      for (const a of authors)
        if (!persons.has(a)) errors.push({ line, field: 'authors', message: `unknown person ${a} / 未知人员` });
      pubs.push({ externalId: id, title: String(v.title ?? '').slice(0, 1000), year, authors });
    }
    if (errors.length) throw new ImportValidationError(errors);
    return transactionOrPreview(this.db, dryRun, async (m) => {
      const before = await detectedPairs(m);
      let created = 0;
      const writing = counting(progress, 20, 60, pubs.length, { en: 'papers', zh: '论文' });
      for (const [i, p] of pubs.entries()) {
        await writing(i);
        const existing = await m.findOneBy(PublicationEntity, { externalId: p.externalId });
        if (!existing) created++;
        const pub = existing ?? m.create(PublicationEntity, { externalId: p.externalId });
        Object.assign(pub, { title: p.title, year: p.year });
        await m.save(pub);
        await m.delete(PublicationAuthorEntity, { publicationId: pub.id });
        await m.insert(
          PublicationAuthorEntity,
          [...new Set(p.authors.flatMap((a) => persons.get(a)!))].map((personId) => ({
            publicationId: pub.id,
            personId,
          })),
        );
      }
      await this.audit.record(
        { actorId: actor.id, action: 'publications.import', entity: 'publication', after: { count: pubs.length } },
        m,
      );
      await this.conflicts.redetectAll(m, within(progress, 60, 100));
      return {
        dryRun,
        imported: pubs.length,
        created,
        updated: pubs.length - created,
        conflicts: diffPairs(before, await detectedPairs(m)),
      };
    });
  }

  async importRelations(buf: Buffer, actor: AuthUser, dryRun = false, progress: Progress = async () => undefined) {
    await progress(5, 'reading the file / 读取文件');
    const rows = readRecords(buf, ['type', 'person_a', 'person_b']);
    await progress(10, `checking ${rows.length} rows / 校验 ${rows.length} 行`);
    const persons = await this.persons(rows.flatMap((r) => [String(r.v.person_a ?? ''), String(r.v.person_b ?? '')]));
    const errors: RowError[] = [];
    const rels: { type: 'ADVISOR' | 'FAMILY'; a: string; b: string }[] = [];
    for (const { line, v } of rows) {
      const type = String(v.type ?? '').toUpperCase();
      if (type !== 'ADVISOR' && type !== 'FAMILY')
        errors.push({ line, field: 'type', message: `must be ADVISOR or FAMILY (got '${v.type ?? ''}')` });
      const a = String(v.person_a ?? '').trim();
      const b = String(v.person_b ?? '').trim();
      for (const [f, x] of [
        ['person_a', a],
        ['person_b', b],
      ] as const)
        if (!persons.has(x)) errors.push({ line, field: f, message: `unknown person '${x}' / 未知人员` });
      if (a && a === b) errors.push({ line, field: 'person_b', message: 'a relation needs two different persons' });
      rels.push({ type: type as 'ADVISOR', a, b });
    }
    if (errors.length) throw new ImportValidationError(errors);
    return transactionOrPreview(this.db, dryRun, async (m) => {
      const before = await detectedPairs(m);
      let added = 0;
      const writing = counting(progress, 20, 60, rels.length, { en: 'relations', zh: '关系' });
      for (const [i, r] of rels.entries()) {
        await writing(i);
        const [x, y] =
          r.type === 'FAMILY'
            ? [persons.get(r.a)![0], persons.get(r.b)![0]].sort()
            : [persons.get(r.a)![0], persons.get(r.b)![0]];
        const exists = await m.findOneBy(PersonRelationEntity, { type: r.type, personA: x, personB: y });
        if (!exists) {
          await m.insert(PersonRelationEntity, { type: r.type, personA: x, personB: y });
          added++;
        }
      }
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'relations.import',
          entity: 'person_relation',
          after: { rows: rels.length, added },
        },
        m,
      );
      await this.conflicts.redetectAll(m, within(progress, 60, 100));
      return { dryRun, imported: rels.length, added, conflicts: diffPairs(before, await detectedPairs(m)) };
    });
  }
}

interface DetectedPair {
  key: string;
  round: string;
  project: string;
  reviewer: string;
  rule: string;
  evidence: string;
  evidenceZh: string;
}

/** The detected conflicts of every round that is not finalized, as officers read them. */
async function detectedPairs(m: EntityManager): Promise<Map<string, DetectedPair>> {
  const rows: DetectedPair[] = await m.query(
    `SELECT c.round_id || '|' || c.application_id || '|' || c.reviewer_id || '|' || c.rule || '|' || c.evidence AS key,
            r.name_zh AS round, a.external_id AS project, u.name AS reviewer, c.rule, c.evidence,
            COALESCE(c.evidence_zh, c.evidence) AS "evidenceZh"
       FROM conflicts c
       JOIN review_rounds r ON r.id = c.round_id
       JOIN applications a ON a.id = c.application_id
       JOIN users u ON u.id = c.reviewer_id
      WHERE c.source = 'DETECTED' AND r.status <> 'FINALIZED'`,
  );
  return new Map(rows.map((r) => [r.key, r]));
}

const LISTED = 200;

/** What an import changes in the conflicts: added and removed reasons, the first 200 of each listed. */
function diffPairs(before: Map<string, DetectedPair>, after: Map<string, DetectedPair>) {
  const strip = ({ key: _k, ...p }: DetectedPair) => p;
  const added = [...after.values()].filter((p) => !before.has(p.key));
  const removed = [...before.values()].filter((p) => !after.has(p.key));
  return {
    addedCount: added.length,
    removedCount: removed.length,
    added: added.slice(0, LISTED).map(strip),
    removed: removed.slice(0, LISTED).map(strip),
  };
}
