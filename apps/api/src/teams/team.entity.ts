import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { PersonEntity } from '../people/people.entity';
import { RoundEntity } from '../rounds/round.entity';
import { UserEntity } from '../users/user.entity';

/**
 * 项目负责人账号: a funded project's lead (the overall lead, PI, or the co-lead, CO_PI) asked to
 * take an account through a signed link, as experts are. One row per project and lead.
 */
@Entity('team_invitations')
@Unique('team_invitations_application_person_key', ['applicationId', 'personId'])
@Check('team_invitations_role_check', `role IN ('PI','CO_PI')`)
export class TeamInvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('team_invitations_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Index('team_invitations_person_id_idx')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'text' })
  role!: 'PI' | 'CO_PI';

  @Column({ type: 'text' })
  email!: string;

  /** signs the link; a new one (sent again) voids the earlier links */
  @Column({ type: 'text' })
  nonce!: string;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;

  @Column({ name: 'link_used_at', type: 'timestamptz', nullable: true })
  linkUsedAt!: Date | null;

  /** the lead's account once made by the link, or the account they already had */
  @Index('team_invitations_user_id_idx')
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity | null;

  @Index('team_invitations_created_by_idx')
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A target's progress as the team reports it. */
export interface TargetProgress {
  key: string;
  achieved: number | null;
  evidence: string;
}

/** 深圳转化落地方案: for a project that committed to landing in Shenzhen, years 3–5. */
export interface LandingPlan {
  partner: string;
  site: string;
  milestones: string;
  requestedAmount: number | null;
}

export type ReportStatus = 'DRAFT' | 'SUBMITTED' | 'RETURNED';

/**
 * 中期进展报告: a funded team's report in a mid-term round — per target of its direction the
 * value achieved and the evidence, a narrative, the landing plan where committed. A draft with a
 * version like a review; submitted by the team; returned by an officer with a note, which reopens it.
 */
@Entity('progress_reports')
@Unique('progress_reports_application_round_key', ['applicationId', 'roundId'])
@Check('progress_reports_status_check', `status IN ('DRAFT','SUBMITTED','RETURNED')`)
export class ProgressReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('progress_reports_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Index('progress_reports_round_id_idx')
  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Column({ type: 'text', default: 'DRAFT' })
  status!: ReportStatus;

  @Column({ type: 'text', default: '' })
  summary!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  targets!: TargetProgress[];

  @Column({ type: 'jsonb', nullable: true })
  landing!: LandingPlan | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  /** submitted after the round's due date */
  @Column({ type: 'boolean', default: false })
  late!: boolean;

  @Column({ name: 'return_note', type: 'text', nullable: true })
  returnNote!: string | null;

  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt!: Date | null;

  @Index('progress_reports_updated_by_idx')
  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by' })
  updater?: UserEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
