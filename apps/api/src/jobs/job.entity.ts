import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A PostgreSQL-backed job queue: any API replica claims QUEUED jobs with FOR UPDATE SKIP LOCKED,
 * so each job runs once; progress and results are rows every replica can read.
 */
@Entity('jobs')
@Check('jobs_status_check', `status IN ('QUEUED','RUNNING','DONE','FAILED')`)
@Index('jobs_queue_idx', ['status', 'runAfter'])
export class JobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: Record<string, unknown>;

  @Column({ type: 'text', default: 'QUEUED' })
  status!: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

  @Column({ type: 'integer', default: 0 })
  progress!: number;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, unknown> | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'run_after', type: 'timestamptz', default: () => 'now()' })
  runAfter!: Date;

  @Column({ name: 'locked_by', type: 'text', nullable: true })
  lockedBy!: string | null;

  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt!: Date | null;

  @Index('jobs_created_by_idx')
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
