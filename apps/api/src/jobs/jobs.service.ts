import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { JobEntity } from './job.entity';

export type JobHandler = (
  job: JobEntity,
  progress: (pct: number, message?: string) => Promise<void>,
) => Promise<Record<string, unknown>>;

const STALE_MS = 10 * 60 * 1000;

/**
 * Background work through the `jobs` table: each API process polls, claims one QUEUED job with
 * FOR UPDATE SKIP LOCKED (so a job runs once, on whichever replica gets it), reports progress,
 * and stores the result for every replica to read. A job whose worker died is requeued after
 * 10 minutes.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Jobs');
  private readonly handlers = new Map<string, JobHandler>();
  private readonly workerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  register(kind: string, handler: JobHandler) {
    this.handlers.set(kind, handler);
  }

  /**
   * Queues a job; inside the caller's transaction when `manager` is given (so the job exists if and
   * only if the caller's change commits), not before `runAfter` when given.
   */
  async enqueue(
    kind: string,
    payload: Record<string, unknown>,
    createdBy: string | null,
    opts: { manager?: EntityManager; runAfter?: Date } = {},
  ): Promise<JobEntity> {
    const repo = (opts.manager ?? this.db.manager).getRepository(JobEntity);
    const job = await repo.save({
      kind,
      payload,
      createdBy,
      status: 'QUEUED' as const,
      ...(opts.runAfter ? { runAfter: opts.runAfter } : {}),
    });
    // inside a transaction the row is not visible before the caller commits: the worker's poll catches it then
    setImmediate(() => this.kick());
    return job;
  }

  get(id: string) {
    return this.db.getRepository(JobEntity).findOneBy({ id });
  }

  onApplicationBootstrap() {
    if (process.env.JOBS_WORKER === 'false') return;
    this.timer = setInterval(() => this.kick(), 1000);
    this.timer.unref();
  }

  async onModuleDestroy() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Runs queued jobs until none is left; one at a time per process. */
  kick() {
    if (this.running || this.stopped) return;
    this.running = (async () => {
      try {
        while (!this.stopped && (await this.runOne())) {
          /* next */
        }
      } catch (e) {
        if (!this.stopped) this.log.warn(`job loop: ${(e as Error).message}`);
      } finally {
        this.running = null;
      }
    })();
  }

  /** Claims and runs one job; false when there was none. Exposed for tests. */
  async runOne(): Promise<boolean> {
    if (!this.db.isInitialized) return false;
    const res: unknown[] = await this.db.query(
      `UPDATE jobs SET status = 'RUNNING', locked_by = $1, locked_at = now(), attempts = attempts + 1
        WHERE id = (SELECT id FROM jobs
                     WHERE (status = 'QUEUED' AND run_after <= now())
                        OR (status = 'RUNNING' AND locked_at < now() - ($2 || ' milliseconds')::interval)
                     ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING id, kind, payload, created_by AS "createdBy"`,
      [this.workerId, String(STALE_MS)],
    );
    // TypeORM answers an UPDATE … RETURNING as [rows, affectedCount]
    const rows = (Array.isArray(res[0]) ? res[0] : res) as JobEntity[];
    const row = rows[0];
    if (!row) return false;
    const job = Object.assign(new JobEntity(), row);
    const handler = this.handlers.get(job.kind);
    const progress = async (pct: number, message?: string) => {
      await this.db.query(
        `UPDATE jobs SET progress = $2, message = COALESCE($3, message) WHERE id = $1 AND locked_by = $4`,
        [job.id, Math.round(pct), message ?? null, this.workerId],
      );
    };
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const result = await handler(job, progress);
      await this.db.query(
        `UPDATE jobs SET status = 'DONE', progress = 100, result = $2, finished_at = now() WHERE id = $1`,
        [job.id, JSON.stringify(result)],
      );
    } catch (e) {
      const msg = (e as Error).message ?? String(e);
      this.log.error(`job ${job.id} (${job.kind}) failed: ${msg}`);
      await this.db.query(`UPDATE jobs SET status = 'FAILED', message = $2, finished_at = now() WHERE id = $1`, [
        job.id,
        msg.slice(0, 1000),
      ]);
    }
    return true;
  }
}
