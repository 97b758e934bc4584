import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A tracked run of background work (pg-boss runs it, under the same id): its progress and result
 * are rows every replica can read.
 */
@Entity('jobs')
@Check('jobs_status_check', `status IN ('QUEUED','RUNNING','DONE','FAILED','CANCELLED')`)
export class JobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: object;

  @Column({ type: 'text', default: 'QUEUED' })
  status!: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED' | 'CANCELLED';

  @Column({ type: 'integer', default: 0 })
  progress!: number;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  result!: object | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** the worker (host:pid) that ran it last */
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
