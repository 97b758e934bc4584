import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { PersonEntity } from '../people/people.entity';
import { RoundEntity } from '../rounds/round.entity';
import { UserEntity } from '../users/user.entity';

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'WITHDRAWN';
export type DeclineReason = 'NO_TIME' | 'OUTSIDE_EXPERTISE' | 'CONFLICT' | 'OTHER';

/** 评审邀请: an expert of the pool asked to review in a round, and their answer. */
@Entity('invitations')
@Unique('invitations_round_person_key', ['roundId', 'personId'])
@Check('invitations_status_check', `status IN ('PENDING','ACCEPTED','DECLINED','EXPIRED','WITHDRAWN')`)
@Check('invitations_reason_check', `reason IS NULL OR reason IN ('NO_TIME','OUTSIDE_EXPERTISE','CONFLICT','OTHER')`)
@Check('invitations_max_load_check', `max_load IS NULL OR max_load BETWEEN 1 AND 200`)
@Index('invitations_pending_idx', { synchronize: false })
@Index('invitations_round_order_idx', { synchronize: false })
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('invitations_round_id_idx')
  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Index('invitations_person_id_idx')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  /** the invitee's account: known when invited, or made through the link */
  @Index('invitations_user_id_idx')
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity | null;

  /** where the invitation went (one of the person's e-mails; the account's sign-in when made by the link) */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text', default: 'PENDING' })
  status!: InvitationStatus;

  @Column({ name: 'respond_by', type: 'timestamptz' })
  respondBy!: Date;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  /** accepted with a smaller load than the round's: at most this many projects */
  @Column({ name: 'max_load', type: 'integer', nullable: true })
  maxLoad!: number | null;

  @Column({ type: 'text', nullable: true })
  reason!: DeclineReason | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** experts the invitee suggests in their place (free text: names, e-mails) */
  @Column({ type: 'text', nullable: true })
  substitutes!: string | null;

  /** the secret the link's signature covers; a new one invalidates links sent before */
  @Column({ name: 'link_nonce', type: 'text' })
  linkNonce!: string;

  /** when the link set the invitee's password (a link makes one account, once) */
  @Column({ name: 'link_used_at', type: 'timestamptz', nullable: true })
  linkUsedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  reminders!: number;

  @Column({ name: 'last_reminded_at', type: 'timestamptz', nullable: true })
  lastRemindedAt!: Date | null;

  /** the conflicts the officer saw and confirmed when inviting despite them */
  @Column({ name: 'conflicts_confirmed', type: 'jsonb', nullable: true })
  conflictsConfirmed!: { projectId: string; rule: string; evidence: string; evidenceZh?: string }[] | null;

  /** invited from the round's alternates (after a decline or expiry) */
  @Column({ type: 'boolean', default: false })
  alternate!: boolean;

  @Index('invitations_invited_by_idx')
  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invited_by' })
  inviter?: UserEntity | null;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** 候补专家: the round's ordered alternates, invited one by one after declines and expiries. */
@Entity('round_alternates')
export class RoundAlternateEntity {
  @Index('round_alternates_round_id_idx')
  @PrimaryColumn({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Index('round_alternates_person_id_idx')
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'integer' })
  position!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
