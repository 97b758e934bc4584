import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import type { DataSource, FindOptionsSelect, EntityManager } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { APP_CONFIG, type AppConfig } from '../common/config/config';
import { returned } from '../common/database/returning';
import { badInput, DomainError } from '../common/graphql/errors';
import { UUID } from '../common/graphql/ids';
import { JobEntity } from './job.entity';

/** A queue and how its jobs are retried and expired (pg-boss queue options). */
export interface QueueSpec {
  name: string;
  /** `singleton`: at most one active job per singleton key (e.g. one assignment run per round) */
  policy?: 'standard' | 'singleton';
  /** attempts after the first, with exponential backoff from `retryDelaySeconds` */
  retryLimit: number;
  retryDelaySeconds: number;
  /** a job still active after this long counts as failed (its worker died) and is retried */
  expireInSeconds: number;
}

/**
 * Reports how far a run is (per cent and stage, both languages in `message`); throws
 * {@link RunCancelled} once an officer has cancelled the run, so that the work stops at its next
 * report and its transaction, if any, rolls back.
 */
export type Progress = (pct: number, message?: string) => Promise<void>;

/** Thrown by a run's progress report after the run was cancelled. */
export class RunCancelled extends Error {
  constructor() {
    super('the run was cancelled / 任务已取消');
  }
}
/** A part of a run's progress: `inner` reports 0–100 of the stretch from `from` to `to` per cent. */
export const within =
  (outer: Progress, from: number, to: number): Progress =>
  (pct, message) =>
    outer(from + ((to - from) * Math.min(100, Math.max(0, pct))) / 100, message);

/**
 * The reports of a loop over `total` items, as the stretch `from`–`to` per cent: call it with each
 * item's position; it reports about every 2 % (and so is where a cancel stops the loop), saying
 * "writing <what>: i of n" in both languages.
 */
export function counting(
  progress: Progress,
  from: number,
  to: number,
  total: number,
  what: { en: string; zh: string },
): (i: number) => Promise<void> {
  const step = Math.max(1, Math.ceil(total / 50));
  return (i) =>
    i % step === 0
      ? progress(
          from + ((to - from) * i) / Math.max(1, total),
          `writing ${what.en}: ${i} of ${total} / 写入${what.zh}：${i} / ${total}`,
        )
      : Promise.resolve();
}

/** A run in this process, not on the queue (an upload worked on while its request waits). */
const HERE = { inProcess: true };
/** An in-process run that has not reported for this long died with its process. */
const STALE_MINUTES = 15;

/** Work behind a tracked run: its result is stored on the run, for every replica to read. */
export type RunHandler<P extends object> = (payload: P, progress: Progress) => Promise<object>;
/** Work behind a plain job (no run record): delivery, scheduled checks. */
export type JobHandler<D extends object> = (data: D) => Promise<void>;

interface Definition {
  spec: QueueSpec;
  handle: (job: PgBoss.JobWithMetadata<object>) => Promise<void>;
  cron?: string;
}

const SCHEMA = 'pgboss';
const TZ = 'Asia/Shanghai';

/**
 * Background work on pg-boss, the PostgreSQL job queue: every API replica may queue and work;
 * pg-boss hands each job to one worker (SKIP LOCKED), retries with backoff, expires jobs whose
 * worker died, keeps singleton queues to one active job per key, and runs cron schedules once
 * across replicas. Long runs an officer watches (assignment) also get a row in `jobs` with their
 * progress and result, under the same id as the pg-boss job.
 *
 * Features define their queues in `onModuleInit`; {@link start} runs after the migrations (so no
 * handler sees a database without its tables) and {@link onModuleDestroy} lets running jobs end.
 */
@Injectable()
export class JobsService implements OnModuleDestroy {
  private readonly log = new Logger('Jobs');
  private readonly defs = new Map<string, Definition>();
  private readonly workerId = `${hostname()}:${process.pid}`;
  private boss: PgBoss | null = null;
  /** the handlers running now, awaited at shutdown */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** pg-boss's worker of each queue worked here, to wake when this process queues work on it */
  private readonly workers = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A queue of tracked runs: `startRun` queues one, `get` reads its progress and result. */
  defineRun<P extends object>(spec: QueueSpec, handler: RunHandler<P>) {
    this.define(spec, async (job) => {
      const row = await this.db.getRepository(JobEntity).findOneBy({ id: job.id });
      if (!row) return; // its transaction rolled back after all: nothing to do
      // cancelled before a worker took it: nothing to do
      const started = returned(
        await this.db.query(
          `UPDATE jobs SET status = 'RUNNING', locked_by = $2, locked_at = now(), attempts = $3
            WHERE id = $1 AND status <> 'CANCELLED' RETURNING id`,
          [job.id, this.workerId, job.retryCount + 1],
        ),
      );
      if (started.length === 0) return;
      try {
        // the row's payload is what startRun stored for this queue's handler
        const result = await handler(row.payload as P, this.reporter(job.id));
        await this.db.query(
          `UPDATE jobs SET status = 'DONE', progress = 100, result = $2, finished_at = now() WHERE id = $1 AND status = 'RUNNING'`,
          [job.id, JSON.stringify(result)],
        );
      } catch (e) {
        if (e instanceof RunCancelled) {
          this.log.log(`run ${job.id} (${job.name}) stopped: cancelled`);
          return; // the row says CANCELLED; pg-boss counts the job as done
        }
        const msg = ((e as Error).message ?? String(e)).slice(0, 1000);
        const last = job.retryCount >= job.retryLimit;
        this.log.error(`run ${job.id} (${job.name}) failed${last ? '' : ', will retry'}: ${msg}`);
        await this.db.query(
          `UPDATE jobs SET status = $2, message = $3, finished_at = CASE WHEN $2 = 'FAILED' THEN now() END WHERE id = $1`,
          [job.id, last ? 'FAILED' : 'QUEUED', msg],
        );
        throw e; // pg-boss retries (or fails) the job
      }
    });
  }

  /**
   * Work done in this process while its request waits (an import), tracked as a run under an id the
   * client drew, so that it can watch `run(id)` and `cancelRun(id)` while it waits for the answer:
   * the work reports through `progress`, which throws {@link RunCancelled} once cancelled (its
   * transaction rolls back). A run whose process died is FAILED when read after
   * {@link STALE_MINUTES} without a report.
   */
  async track<T>(id: string, kind: string, createdBy: string, work: (progress: Progress) => Promise<T>): Promise<T> {
    const taken = await this.db.query(
      `INSERT INTO jobs (id, kind, payload, created_by, status, locked_by, locked_at, attempts)
       VALUES ($1, $2, $3, $4, 'RUNNING', $5, now(), 1) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, kind, JSON.stringify(HERE), createdBy, this.workerId],
    );
    if (returned(taken).length === 0)
      throw new DomainError('BAD_USER_INPUT', 'run: this run id is taken; draw a new one / 任务编号已被使用', {
        field: 'run',
      });
    try {
      const result = await work(this.reporter(id));
      // committed: DONE, even if a cancel came after the work's last report (too late to stop it)
      await this.db.query(
        `UPDATE jobs SET status = 'DONE', progress = 100, result = $2, message = NULL, finished_at = now() WHERE id = $1`,
        [id, JSON.stringify(result ?? null)],
      );
      return result;
    } catch (e) {
      if (e instanceof RunCancelled)
        throw new DomainError('BAD_USER_INPUT', 'run: cancelled; nothing was stored / 已取消，未保存任何内容', {
          field: 'run',
        });
      await this.db.query(
        `UPDATE jobs SET status = 'FAILED', message = $2, finished_at = now() WHERE id = $1 AND status = 'RUNNING'`,
        [id, ((e as Error).message ?? String(e)).slice(0, 1000)],
      );
      throw e;
    }
  }

  /**
   * A running run's progress report: per cent, stage and the time of the report (which tells a
   * live in-process run from one whose process died); throws {@link RunCancelled} once cancelled.
   */
  private reporter(id: string): Progress {
    return async (pct, message) => {
      const still = returned(
        await this.db.query(
          `UPDATE jobs SET progress = $2, message = COALESCE($3, message), locked_at = now()
            WHERE id = $1 AND status = 'RUNNING' RETURNING id`,
          [id, Math.round(pct), message ?? null],
        ),
      );
      if (still.length === 0) throw new RunCancelled();
    };
  }

  /** {@link track} when the client drew a run id (`?run=` of an upload), else the work alone. */
  async trackIf<T>(
    run: string | undefined,
    kind: string,
    createdBy: string,
    work: (progress: Progress) => Promise<T>,
  ): Promise<T> {
    if (run === undefined || run === '') return work(async () => undefined);
    if (!UUID.test(run))
      throw badInput('run', 'must be a run id drawn by the client (a UUID) / 须为客户端生成的任务编号（UUID）');
    return this.track(run, kind, createdBy, work);
  }

  /** A queue of plain jobs. */
  defineJob<D extends object>(spec: QueueSpec, handler: JobHandler<D>, opts: { cron?: string } = {}) {
    // pg-boss hands back the data this queue's senders gave
    this.define(spec, (job) => handler(job.data as D), opts.cron);
  }

  private define(spec: QueueSpec, handle: Definition['handle'], cron?: string) {
    if (this.boss) throw new Error(`queue ${spec.name} defined after the jobs started`);
    this.defs.set(spec.name, { spec, handle, cron });
  }

  /** Starts pg-boss (creating its schema on first use), the queues, the workers and the schedules. */
  async start() {
    if (this.boss) return;
    const url = (this.db.options as PostgresDataSourceOptions).url!;
    const worker = this.config.jobsWorker;
    const boss = new PgBoss({
      connectionString: url,
      schema: SCHEMA,
      max: 4,
      application_name: 'tianyuan-review-jobs',
      // maintenance and the cron clock run only where work is done
      supervise: worker,
      schedule: worker,
    });
    boss.on('error', (e) => this.log.warn(`pg-boss: ${e.message}`));
    await boss.start();
    for (const { spec, handle, cron } of this.defs.values()) {
      await boss.createQueue(spec.name, {
        name: spec.name,
        policy: spec.policy ?? 'standard',
        retryLimit: spec.retryLimit,
        retryDelay: spec.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: spec.expireInSeconds,
      });
      if (cron) await boss.schedule(spec.name, cron, {}, { tz: TZ });
      if (!worker) continue;
      const id = await boss.work<object>(
        spec.name,
        { includeMetadata: true, pollingIntervalSeconds: this.config.jobsPollSeconds, batchSize: 1 },
        async ([job]) => {
          const run = handle(job);
          this.inFlight.add(run);
          try {
            return await run;
          } finally {
            this.inFlight.delete(run);
          }
        },
      );
      this.workers.set(spec.name, id);
    }
    this.boss = boss;
    this.log.log(
      `queues ${[...this.defs.keys()].join(', ')} ${worker ? 'worked here' : 'queued only (JOBS_WORKER=false)'}`,
    );
  }

  async onModuleDestroy() {
    const boss = this.boss;
    this.boss = null;
    // running jobs end first (up to 20 s); what is left expires and is retried by another replica
    await boss?.stop({ graceful: true, wait: true, timeout: 20_000 });
    // A job fetched while pg-boss was stopping runs after stop() answers, and pg-boss polls for its
    // worker to end once a second; waiting for our handlers here lets that poll end while the
    // process (or a test's environment) is still there (within the same 20 s).
    if (this.inFlight.size)
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, 20_000).unref())]);
  }

  private running(): PgBoss {
    if (!this.boss) throw new Error('the job queue is not started');
    return this.boss;
  }

  /** pg-boss writes through the caller's transaction: the job exists if and only if it commits. */
  private executor(m: EntityManager | undefined): PgBoss.ConnectionOptions {
    if (!m?.queryRunner) return {};
    const runner = m.queryRunner;
    return {
      db: {
        executeSql: async (text: string, values: unknown[]) => ({
          rows: (await runner.query(text, values, true)).records,
        }),
      },
    };
  }

  /**
   * Queues a tracked run (a `jobs` row and a pg-boss job of the same id), inside the caller's
   * transaction when `manager` is given. `singletonKey` on a singleton queue: runs of one key
   * never overlap (the next waits).
   */
  async startRun(
    queue: string,
    payload: object,
    createdBy: string | null,
    opts: { manager?: EntityManager; singletonKey?: string } = {},
  ): Promise<JobEntity> {
    const m = opts.manager ?? this.db.manager;
    const row = await m.getRepository(JobEntity).save({ kind: queue, payload, createdBy, status: 'QUEUED' as const });
    await this.running().send(
      queue,
      {},
      { id: row.id, singletonKey: opts.singletonKey, ...this.executor(opts.manager) },
    );
    if (!opts.manager) this.wake(queue);
    return row;
  }

  /** Queues a plain job; not before `startAfter` when given. */
  async send(queue: string, data: object, opts: { manager?: EntityManager; startAfter?: Date } = {}) {
    await this.running().send(queue, data, { startAfter: opts.startAfter, ...this.executor(opts.manager) });
    if (!opts.manager && !opts.startAfter) this.wake(queue);
  }

  /**
   * A job just committed on a queue this process works: its idle worker asks for it now instead
   * of at its next poll (JOBS_POLL_SECONDS). A job queued inside a caller's transaction is not
   * there to fetch until it commits, and other replicas' workers find it at their poll.
   */
  private wake(queue: string) {
    const worker = this.workers.get(queue);
    if (worker) this.boss?.notifyWorker(worker);
  }

  /**
   * Cancels a run that is queued or running: it is marked CANCELLED at once (audited); a queued
   * one never starts, a running one stops at its next progress report (its transaction rolls
   * back). A run already ended is answered as it is.
   */
  async cancel(id: string, actorId: string): Promise<JobEntity | null> {
    const rows = returned<{ kind: string; status: string }>(
      await this.db.query(
        `UPDATE jobs SET status = 'CANCELLED', message = 'cancelled / 已取消', finished_at = now()
          WHERE id = $1 AND status IN ('QUEUED','RUNNING') RETURNING kind`,
        [id],
      ),
    );
    if (rows.length > 0) {
      await this.boss?.cancel(rows[0].kind, id).catch(() => undefined); // already taken by a worker: it stops itself
      await this.db.query(
        `INSERT INTO audit_log (actor_id, action, entity, entity_id, after) VALUES ($1, 'run.cancel', 'job', $2, $3)`,
        [actorId, id, JSON.stringify({ kind: rows[0].kind })],
      );
    }
    return this.db.getRepository(JobEntity).findOneBy({ id });
  }

  /** Every column of a run but its result (from the entity, so a column added later is not missed). */
  private withoutResult(): FindOptionsSelect<JobEntity> {
    return Object.fromEntries(
      this.db
        .getMetadata(JobEntity)
        .columns.map((c) => c.propertyName)
        .filter((p) => p !== 'result')
        .map((p) => [p, true]),
    ) as FindOptionsSelect<JobEntity>;
  }

  /**
   * A run as stored; one still QUEUED or RUNNING whose pg-boss job has failed for good (its worker
   * died on the last attempt and it expired) is marked FAILED here.
   */
  async get(id: string, { withResult = true }: { withResult?: boolean } = {}): Promise<JobEntity | null> {
    // a big run's result is tens of MB: a caller that reads it in SQL leaves it in the database
    const read = () =>
      withResult
        ? this.db.getRepository(JobEntity).findOneBy({ id })
        : this.db.getRepository(JobEntity).findOne({ where: { id }, select: this.withoutResult() });
    const row = await read();
    if (!row || row.status === 'DONE' || row.status === 'FAILED' || row.status === 'CANCELLED') return row;
    if ((row.payload as typeof HERE | null)?.inProcess) {
      // no queue job behind it: its process reports, or it died
      if (row.lockedAt && Date.now() - row.lockedAt.getTime() > STALE_MINUTES * 60_000) {
        await this.db.query(
          `UPDATE jobs SET status = 'FAILED', message = $2, finished_at = now() WHERE id = $1 AND status = 'RUNNING'`,
          [id, 'the server stopped before the work finished / 任务中断'],
        );
        return read();
      }
      return row;
    }
    if (!this.boss) return row;
    const job = await this.boss.getJobById(row.kind, id);
    if (job && (job.state === 'failed' || job.state === 'cancelled')) {
      await this.db.query(
        `UPDATE jobs SET status = 'FAILED', message = COALESCE(message, $2), finished_at = now() WHERE id = $1 AND status IN ('QUEUED','RUNNING')`,
        [id, 'the worker stopped before the run finished / 任务中断'],
      );
      return read();
    }
    return row;
  }
}
