import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Reminder e-mails: sent through SMTP when configured, otherwise kept here for an officer to read. */
@Entity('outbox')
@Index('outbox_round_order_idx', ['roundId', 'createdAt', 'id'])
@Index('outbox_order_idx', ['createdAt', 'id'])
export class OutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('outbox_round_id_idx')
  @Column({ name: 'round_id', type: 'uuid', nullable: true })
  roundId!: string | null;

  @Index('outbox_user_id_idx')
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'to_address', type: 'text' })
  toAddress!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** KEPT (no SMTP configured: read in the outbox), PENDING, SENT or FAILED (gave up) */
  @Index('outbox_status_idx')
  @Column({ type: 'text', default: 'KEPT' })
  status!: 'KEPT' | 'PENDING' | 'SENDING' | 'SENT' | 'FAILED';

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;
}
