import type { CallCondition, CallPhase, CallTarget } from '@app/calls';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { numericTransformer } from '../common/database/transformers';
import type { ProgramRules } from './program-rules';

@Entity('programs')
@Check('programs_materials_retention_check', `materials_retention_years BETWEEN 1 AND 50`)
@Check('programs_reviews_retention_check', `reviews_retention_years BETWEEN 1 AND 50`)
export class ProgramEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable code of the call, e.g. TY-SZ-2023; conflicts treat applicants of the same code as one call. */
  @Index('programs_code_key', { unique: true })
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'name_zh', type: 'text' })
  nameZh!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ type: 'jsonb' })
  rules!: ProgramRules;

  /** The call's phases: years, dates, funders, amounts (docs/contract/call.md). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  phases!: CallPhase[];

  @OneToMany(() => DirectionEntity, (d) => d.program)
  directions?: DirectionEntity[];

  /** years the review materials (documents) are kept after the call's last round is finalized */
  @Column({ name: 'materials_retention_years', type: 'integer', default: 5 })
  materialsRetentionYears!: number;

  /** years the reviews are kept after it (then anonymised summaries remain) */
  @Column({ name: 'reviews_retention_years', type: 'integer', default: 10 })
  reviewsRetentionYears!: number;

  @Column({ name: 'materials_purged_at', type: 'timestamptz', nullable: true })
  materialsPurgedAt!: Date | null;

  @Column({ name: 'reviews_purged_at', type: 'timestamptz', nullable: true })
  reviewsPurgedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('directions')
@Index('directions_program_number_key', ['programId', 'number'], { unique: true })
export class DirectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, (p) => p.directions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'program_id' })
  program?: ProgramEntity;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ name: 'title_zh', type: 'text' })
  titleZh!: string;

  @Column({ name: 'title_en', type: 'text' })
  titleEn!: string;

  @Column({ name: 'funding_amount', type: 'numeric', precision: 14, scale: 2, transformer: numericTransformer })
  fundingAmount!: number;

  /** Condition codes an application must confirm, e.g. MULTI_CENTRE_DATA_QUALIFICATION. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  conditions!: string[];

  @Column({ name: 'conditions_note_zh', type: 'text', nullable: true })
  conditionsNoteZh!: string | null;

  @Column({ name: 'conditions_note_en', type: 'text', nullable: true })
  conditionsNoteEn!: string | null;

  /** The direction's research content, verbatim from the call text. */
  @Column({ name: 'content_zh', type: 'text', default: '' })
  contentZh!: string;

  @Column({ name: 'content_en', type: 'text', nullable: true })
  contentEn!: string | null;

  /** The call's note under the direction (注), e.g. its special funding. */
  @Column({ name: 'note_zh', type: 'text', nullable: true })
  noteZh!: string | null;

  /** Each condition with its wording (the codes are in `conditions`). */
  @Column({ name: 'condition_details', type: 'jsonb', default: () => "'[]'" })
  conditionDetails!: CallCondition[];

  /** What the call commits a funded team to: mid-term reviewers judge progress against these. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  targets!: CallTarget[];
}
