import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { returned } from '../common/database/returning';
import type { DocumentStore } from '../documents/document-store';

/** A call's retention and where it stands. */
export interface RetentionState {
  programId: string;
  code: string;
  materialsYears: number;
  reviewsYears: number;
  /** when the call's last round was finalized; null while any round is not (or it has none) */
  lastFinalizedAt: Date | null;
  materialsDueAt: Date | null;
  reviewsDueAt: Date | null;
  materialsPurgedAt: Date | null;
  reviewsPurgedAt: Date | null;
  /** what is stored now */
  documents: number;
  reviews: number;
}

/** What a purge removed (or, in a dry run, would remove) from one call. */
export interface PurgeResult {
  programId: string;
  code: string;
  materials: { due: boolean; documents: number; files: number } | null;
  reviews: { due: boolean; rounds: number; reviews: number; assignments: number; summaries: number } | null;
}

interface Row {
  id: string;
  code: string;
  materials_retention_years: number;
  reviews_retention_years: number;
  materials_purged_at: Date | null;
  reviews_purged_at: Date | null;
  last_finalized: Date | null;
  documents: number;
  reviews: number;
}

const addYears = (d: Date, years: number) => {
  const x = new Date(d);
  x.setUTCFullYear(x.getUTCFullYear() + years);
  return x;
};

/** Every call's retention state, or one call's. */
export async function retentionStates(m: EntityManager, programId: string | null): Promise<RetentionState[]> {
  const rows: Row[] = await m.query(
    `SELECT p.id, p.code, p.materials_retention_years, p.reviews_retention_years, p.materials_purged_at, p.reviews_purged_at,
            CASE WHEN count(r.id) > 0 AND bool_and(r.status = 'FINALIZED')
                 THEN max(COALESCE((r.final_snapshot->>'takenAt')::timestamptz, r.closed_at, r.closes_at)) END AS last_finalized,
            (SELECT count(*)::int FROM documents d JOIN applications a ON a.id = d.application_id WHERE a.program_id = p.id) AS documents,
            (SELECT count(*)::int FROM reviews v JOIN assignments x ON x.id = v.assignment_id
               JOIN review_rounds rr ON rr.id = x.round_id WHERE rr.program_id = p.id) AS reviews
       FROM programs p LEFT JOIN review_rounds r ON r.program_id = p.id
      WHERE ($1::uuid IS NULL OR p.id = $1)
      GROUP BY p.id ORDER BY p.year, p.code`,
    [programId],
  );
  return rows.map((r) => ({
    programId: r.id,
    code: r.code,
    materialsYears: r.materials_retention_years,
    reviewsYears: r.reviews_retention_years,
    lastFinalizedAt: r.last_finalized,
    materialsDueAt: r.last_finalized && addYears(r.last_finalized, r.materials_retention_years),
    reviewsDueAt: r.last_finalized && addYears(r.last_finalized, r.reviews_retention_years),
    materialsPurgedAt: r.materials_purged_at,
    reviewsPurgedAt: r.reviews_purged_at,
    documents: r.documents,
    reviews: r.reviews,
  }));
}

const log = new Logger('Retention');

/**
 * Removes what the calls keep past their retention, as of `now`: a call's documents once
 * `materialsYears` have passed since its last round was finalized (the files too, unless another
 * document still names the same content), and its reviews and assignments once `reviewsYears` have
 * — each project's reviews in a round first become an anonymised summary (how many, the mean, each
 * criterion's mean, the recommendations counted). Decisions, panel results, progress reports and
 * the audit trail stay; each purge is recorded in the audit trail. One transaction per call and
 * kind; a dry run says what would go and changes nothing.
 */
export async function purgeExpired(
  db: DataSource,
  audit: AuditService,
  store: DocumentStore,
  opts: { now: Date; dryRun: boolean; actorId: string | null },
): Promise<PurgeResult[]> {
  const out: PurgeResult[] = [];
  for (const s of await retentionStates(db.manager, null)) {
    const materialsDue = !!s.materialsDueAt && s.materialsDueAt <= opts.now && s.documents > 0;
    const reviewsDue = !!s.reviewsDueAt && s.reviewsDueAt <= opts.now && s.reviews > 0;
    if (!materialsDue && !reviewsDue) continue;
    const result: PurgeResult = { programId: s.programId, code: s.code, materials: null, reviews: null };
    if (materialsDue) result.materials = await purgeMaterials(db, audit, store, s, opts);
    if (reviewsDue) result.reviews = await purgeReviews(db, audit, s, opts);
    out.push(result);
  }
  return out;
}

async function purgeMaterials(
  db: DataSource,
  audit: AuditService,
  store: DocumentStore,
  s: RetentionState,
  opts: { dryRun: boolean; actorId: string | null },
) {
  const inCall = `SELECT d.id FROM documents d JOIN applications a ON a.id = d.application_id WHERE a.program_id = $1`;
  if (opts.dryRun) {
    const [{ n, files }] = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT sha256)::int AS files FROM documents WHERE id IN (${inCall})`,
      [s.programId],
    );
    return { due: true, documents: n as number, files: files as number };
  }
  const { removed, shas } = await db.transaction(async (m) => {
    const gone = returned<{ sha256: string }>(
      await m.query(`DELETE FROM documents WHERE id IN (${inCall}) RETURNING sha256`, [s.programId]),
    );
    await m.query(`UPDATE programs SET materials_purged_at = now() WHERE id = $1`, [s.programId]);
    await audit.record(
      {
        actorId: opts.actorId,
        action: 'retention.purge_materials',
        entity: 'program',
        entityId: s.programId,
        after: { code: s.code, documents: gone.length, materialsYears: s.materialsYears, dueAt: s.materialsDueAt },
      },
      m,
    );
    return { removed: gone.length, shas: [...new Set(gone.map((g) => g.sha256))] };
  });
  // the bytes go after the rows that named them (a file no row names is unreachable either way)
  const still: { sha256: string }[] = await db.query(`SELECT DISTINCT sha256 FROM documents WHERE sha256 = ANY($1)`, [
    shas,
  ]);
  const kept = new Set(still.map((r) => r.sha256));
  let files = 0;
  for (const sha of shas) {
    if (kept.has(sha)) continue;
    try {
      await store.remove(sha);
      files++;
    } catch (e) {
      log.error(`retention: file ${sha} of ${s.code} could not be removed: ${(e as Error).message}`);
    }
  }
  return { due: true, documents: removed, files };
}

async function purgeReviews(
  db: DataSource,
  audit: AuditService,
  s: RetentionState,
  opts: { dryRun: boolean; actorId: string | null },
) {
  const rounds: { id: string }[] = await db.query(`SELECT id FROM review_rounds WHERE program_id = $1`, [s.programId]);
  const ids = rounds.map((r) => r.id);
  if (opts.dryRun) {
    const [c] = await db.query(
      `SELECT (SELECT count(*)::int FROM reviews v JOIN assignments a ON a.id = v.assignment_id WHERE a.round_id = ANY($1)) AS reviews,
              (SELECT count(*)::int FROM assignments WHERE round_id = ANY($1)) AS assignments,
              (SELECT count(DISTINCT (a.round_id, a.application_id))::int FROM reviews v JOIN assignments a ON a.id = v.assignment_id
                WHERE a.round_id = ANY($1) AND v.status = 'SUBMITTED') AS summaries`,
      [ids],
    );
    return { due: true, rounds: ids.length, ...(c as { reviews: number; assignments: number; summaries: number }) };
  }
  return db.transaction(async (m) => {
    const summaries = returned(
      await m.query(
        `INSERT INTO review_summaries (round_id, application_id, reviews, mean, criteria, recommendations)
       SELECT a.round_id, a.application_id, count(*)::int, avg(v.total),
              COALESCE((SELECT jsonb_object_agg(k, mean) FROM (
                 SELECT e.key AS k, avg(e.value::float) AS mean
                   FROM reviews v2 JOIN assignments a2 ON a2.id = v2.assignment_id, jsonb_each_text(v2.scores) e
                  WHERE a2.round_id = a.round_id AND a2.application_id = a.application_id AND v2.status = 'SUBMITTED'
                  GROUP BY e.key) c), '{}'),
              COALESCE((SELECT jsonb_object_agg(rec, n) FROM (
                 SELECT v3.recommendation AS rec, count(*)::int AS n
                   FROM reviews v3 JOIN assignments a3 ON a3.id = v3.assignment_id
                  WHERE a3.round_id = a.round_id AND a3.application_id = a.application_id AND v3.status = 'SUBMITTED'
                    AND v3.recommendation IS NOT NULL
                  GROUP BY 1) r), '{}')
         FROM reviews v JOIN assignments a ON a.id = v.assignment_id
        WHERE a.round_id = ANY($1) AND v.status = 'SUBMITTED'
        GROUP BY a.round_id, a.application_id
       ON CONFLICT (round_id, application_id) DO NOTHING
       RETURNING id`,
        [ids],
      ),
    );
    const reviews = returned(
      await m.query(
        `DELETE FROM reviews v USING assignments a WHERE a.id = v.assignment_id AND a.round_id = ANY($1) RETURNING v.id`,
        [ids],
      ),
    );
    const assignments = returned(await m.query(`DELETE FROM assignments WHERE round_id = ANY($1) RETURNING id`, [ids]));
    await m.query(`UPDATE programs SET reviews_purged_at = now() WHERE id = $1`, [s.programId]);
    const r = {
      due: true,
      rounds: ids.length,
      reviews: reviews.length,
      assignments: assignments.length,
      summaries: summaries.length,
    };
    await audit.record(
      {
        actorId: opts.actorId,
        action: 'retention.purge_reviews',
        entity: 'program',
        entityId: s.programId,
        after: { code: s.code, ...r, reviewsYears: s.reviewsYears, dueAt: s.reviewsDueAt },
      },
      m,
    );
    return r;
  });
}
