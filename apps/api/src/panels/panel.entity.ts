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
import type { VotingRules } from '@app/panels';
import { ApplicationEntity } from '../applications/application.entity';
import { RoundEntity } from '../rounds/round.entity';
import { UserEntity } from '../users/user.entity';

export type MeetingKind = 'SELECTION' | 'DEFENCE';
export type MeetingStatus = 'SCHEDULED' | 'OPEN' | 'CLOSED';
export type PanelRole = 'CHAIR' | 'VICE_CHAIR' | 'MEMBER' | 'SUBSTITUTE';

/** 会议评审 / 答辩: a panel meeting of a round. */
@Entity('panel_meetings')
@Check('panel_meetings_kind_check', `kind IN ('SELECTION','DEFENCE')`)
@Check('panel_meetings_status_check', `status IN ('SCHEDULED','OPEN','CLOSED')`)
export class PanelMeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('panel_meetings_round_id_idx')
  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Column({ name: 'title_zh', type: 'text' })
  titleZh!: string;

  @Column({ name: 'title_en', type: 'text' })
  titleEn!: string;

  @Column({ type: 'text' })
  kind!: MeetingKind;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ type: 'text', default: 'SCHEDULED' })
  status!: MeetingStatus;

  /** the item under discussion (the chair moves it; every member's screen follows) */
  @Column({ name: 'current_item_id', type: 'uuid', nullable: true })
  currentItemId!: string | null;

  @Column({ type: 'jsonb' })
  rules!: VotingRules;

  @Index('panel_meetings_created_by_idx')
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A member of a meeting's panel, and whether they are in the room. */
@Entity('panel_members')
@Unique('panel_members_meeting_user_key', ['meetingId', 'userId'])
@Check('panel_members_role_check', `role IN ('CHAIR','VICE_CHAIR','MEMBER','SUBSTITUTE')`)
export class PanelMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('panel_members_meeting_id_idx')
  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId!: string;

  @ManyToOne(() => PanelMeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: PanelMeetingEntity;

  @Index('panel_members_user_id_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'text' })
  role!: PanelRole;

  @Column({ type: 'boolean', default: false })
  present!: boolean;
}

/** A project on the agenda. */
@Entity('panel_items')
@Unique('panel_items_meeting_application_key', ['meetingId', 'applicationId'])
@Check('panel_items_result_check', `result IS NULL OR result IN ('PASSED','FAILED','NO_QUORUM')`)
export class PanelItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('panel_items_meeting_id_idx')
  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId!: string;

  @ManyToOne(() => PanelMeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: PanelMeetingEntity;

  @Index('panel_items_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Column({ type: 'integer' })
  position!: number;

  /** a team's defence slot (答辩), mid-term meetings */
  @Column({ name: 'slot_start', type: 'timestamptz', nullable: true })
  slotStart!: Date | null;

  @Column({ name: 'slot_minutes', type: 'integer', nullable: true })
  slotMinutes!: number | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** the last closed ballot's result */
  @Column({ type: 'text', nullable: true })
  result!: 'PASSED' | 'FAILED' | 'NO_QUORUM' | null;
}

/**
 * 无记名投票: a secret ballot on one item. The counters are the votes; who may vote (present,
 * unconflicted members when it opened) and who was recused are fixed at opening.
 */
@Entity('ballots')
@Check('ballots_status_check', `status IN ('OPEN','CLOSED')`)
@Check('ballots_proposed_grade_check', `proposed_grade IS NULL OR proposed_grade IN ('EXCELLENT','PASS','FAIL')`)
@Check(
  'ballots_counts_check',
  `yes >= 0 AND no >= 0 AND abstain >= 0 AND yes + no + abstain <= cardinality(eligible_ids)`,
)
@Index('ballots_one_open_key', ['itemId'], { unique: true, where: `status = 'OPEN'` })
export class BallotEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ballots_item_id_idx')
  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => PanelItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: PanelItemEntity;

  @Column({ type: 'text', default: 'OPEN' })
  status!: 'OPEN' | 'CLOSED';

  @Column({ name: 'eligible_ids', type: 'uuid', array: true })
  eligibleIds!: string[];

  @Column({ name: 'recused_ids', type: 'uuid', array: true })
  recusedIds!: string[];

  /** members without a conflict on the item (the quorum's base) */
  @Column({ type: 'integer' })
  unconflicted!: number;

  /** mid-term: the grade put to the vote (it becomes the panel's grade when the ballot passes) */
  @Column({ name: 'proposed_grade', type: 'text', nullable: true })
  proposedGrade!: 'EXCELLENT' | 'PASS' | 'FAIL' | null;

  @Column({ type: 'integer', default: 0 })
  yes!: number;

  @Column({ type: 'integer', default: 0 })
  no!: number;

  @Column({ type: 'integer', default: 0 })
  abstain!: number;

  @Column({ name: 'quorum_met', type: 'boolean', nullable: true })
  quorumMet!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  passed!: boolean | null;

  @Index('ballots_opened_by_idx')
  @Column({ name: 'opened_by', type: 'uuid', nullable: true })
  openedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'opened_by' })
  opener?: UserEntity | null;

  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}

/**
 * That a member has voted in a ballot (never how, never when): a second vote is refused. Where
 * votes may be changed, `commitment` is sha-256(ballot, member, choice, secret) with a 256-bit
 * secret that only the member's device keeps: it hides the choice from anyone reading the row and
 * lets that device prove its old vote to change it; it is erased when the ballot closes.
 */
@Entity('ballot_voters')
export class BallotVoterEntity {
  @PrimaryColumn({ name: 'ballot_id', type: 'uuid' })
  ballotId!: string;

  @ManyToOne(() => BallotEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ballot_id' })
  ballot?: BallotEntity;

  @Index('ballot_voters_user_id_idx')
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'text', nullable: true })
  commitment!: string | null;
}
