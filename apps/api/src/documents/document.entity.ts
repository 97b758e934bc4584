import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';

/** A proposal or mid-term report (PDF), stored by content hash under DATA_DIR (or an S3 store). */
@Entity('documents')
@Check('documents_kind_check', `kind IN ('PROPOSAL','MIDTERM_REPORT')`)
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('documents_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Column({ type: 'text' })
  kind!: 'PROPOSAL' | 'MIDTERM_REPORT';

  @Column({ type: 'text' })
  filename!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy!: string | null;

  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;
}

/** Reminder e-mails: sent through SMTP when configured, otherwise kept here for an officer to read. */
@Entity('outbox')
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
