import { EventEmitter, on } from 'node:events';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

const CHANNEL = 'panel_meeting';

/**
 * A meeting changed: told to every API replica through PostgreSQL's LISTEN/NOTIFY. A change
 * calls {@link notify} inside its transaction, so the message goes out when (and only if) it
 * commits; each replica keeps one listening connection and hands the meeting's id to the
 * subscriptions open on it. Nothing about a meeting is kept in memory: a replica that missed a
 * message (its connection was down) serves the current state at the next one, and the web also
 * polls.
 */
@Injectable()
export class PanelEvents implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('PanelEvents');
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private client: Client | null = null;
  private stopped = false;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleInit() {
    await this.listen();
  }

  async onModuleDestroy() {
    this.stopped = true;
    this.emitter.emit('close');
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const url = (this.db.options as PostgresDataSourceOptions).url!;
    const client = new Client({ connectionString: url, application_name: 'tianyuan-review-events' });
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) this.emitter.emit(n.payload, n.payload);
    });
    client.on('error', (e) => {
      this.log.warn(`listening connection lost: ${e.message}`);
      void this.reconnect(client);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  private async reconnect(old: Client) {
    if (this.stopped || this.client !== old) return;
    this.client = null;
    await old.end().catch(() => undefined);
    for (let delay = 500; !this.stopped; delay = Math.min(delay * 2, 10_000)) {
      await new Promise((r) => setTimeout(r, delay));
      try {
        await this.listen();
        return;
      } catch (e) {
        this.log.warn(`cannot listen yet: ${(e as Error).message}`);
      }
    }
  }

  /** Tells every replica, when the caller's transaction commits, that this meeting changed. */
  async notify(m: EntityManager, meetingId: string): Promise<void> {
    await m.query(`SELECT pg_notify($1, $2)`, [CHANNEL, meetingId]);
  }

  /** The meeting's changes as they arrive (ends when the subscriber leaves or the app stops). */
  async *changes(meetingId: string, signal: AbortSignal): AsyncGenerator<string> {
    for await (const [id] of on(this.emitter, meetingId, { signal })) yield id as string;
  }
}
