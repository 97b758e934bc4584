import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { graphqlErrorObservers } from '../common/observability/request-context';

/** At most this many GraphQL operation names get their own series; the rest count as "other". */
const MAX_OPERATIONS = 300;
const OPERATION = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Prometheus metrics of this process (its own registry): requests and their latency by route or
 * GraphQL operation, GraphQL errors by code, and, read from the database when scraped, the job
 * queue, tracked runs, the mail outbox and the connection pool. Served at /metrics (bootstrap.ts)
 * to a caller with METRICS_TOKEN.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route (or graphql:<operation>) and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route (or graphql:<operation>)',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly gqlErrors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors sent to clients, by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly onError = (code: string) => this.gqlErrors.inc({ code });

  constructor(@InjectDataSource() db: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    graphqlErrorObservers.add(this.onError);
    new Gauge({
      name: 'db_pool_connections',
      help: 'The API’s PostgreSQL pool: connections open (total), idle, and callers waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = (db.driver as PostgresDriver).master as Pool | undefined;
        this.set({ state: 'total' }, pool?.totalCount ?? 0);
        this.set({ state: 'idle' }, pool?.idleCount ?? 0);
        this.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
      },
    });
    new Gauge({
      name: 'jobs_queue_jobs',
      help: 'Background jobs in pg-boss by queue and state (created, retry, active, completed, failed, cancelled)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: { name: string; state: string; n: number }[] = await db
          .query(`SELECT name, state::text AS state, count(*)::int AS n FROM pgboss.job GROUP BY 1, 2`)
          .catch(() => []); // before pg-boss made its schema
        for (const r of rows) this.set({ queue: r.name, state: r.state }, r.n);
      },
    });
    new Gauge({
      name: 'jobs_runs',
      help: 'Tracked runs (assignment and other long work) by kind and status; FAILED ones need a look',
      labelNames: ['kind', 'status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: { kind: string; status: string; n: number }[] = await db.query(
          `SELECT kind, status, count(*)::int AS n FROM jobs GROUP BY 1, 2`,
        );
        for (const r of rows) this.set({ kind: r.kind, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'mail_outbox_messages',
      help: 'Mail in the outbox by status (KEPT without SMTP, PENDING, SENDING, SENT, FAILED)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const s of ['KEPT', 'PENDING', 'SENDING', 'SENT', 'FAILED']) this.set({ status: s }, 0);
        const rows: { status: string; n: number }[] = await db.query(
          `SELECT status, count(*)::int AS n FROM outbox GROUP BY 1`,
        );
        for (const r of rows) this.set({ status: r.status }, r.n);
      },
    });
  }

  onModuleDestroy() {
    graphqlErrorObservers.delete(this.onError);
  }

  /** One answered request: `route` is the route's pattern, `operation` a GraphQL request's name. */
  observe(method: string, route: string, status: number, seconds: number, operation?: unknown) {
    let r = route;
    if (route === '/graphql') r = `graphql:${this.operationLabel(operation)}`;
    this.requests.inc({ method, route: r, status: String(status) });
    this.latency.observe({ method, route: r }, seconds);
  }

  private operationLabel(op: unknown): string {
    if (typeof op !== 'string' || !OPERATION.test(op)) return op === undefined || op === null ? 'anonymous' : 'other';
    if (this.operations.has(op)) return op;
    if (this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(op);
    return op;
  }
}
