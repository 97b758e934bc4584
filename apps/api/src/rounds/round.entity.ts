import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { ProgramEntity } from '../programs/program.entity';

export interface CriterionDef {
  key: string;
  labelZh: string;
  labelEn: string;
  guidanceZh: string;
  guidanceEn: string;
  weight: number;
  min: number;
  max: number;
  step: number;
}

/** What a finalized round froze: the ranking the decisions were made on. */
export interface RoundSnapshot {
  takenAt: string;
  method: string;
  ranking: {
    projectId: string;
    rank: number;
    value: number;
    rawMean: number;
    n: number;
    ciLow: number;
    ciHigh: number;
    flags: string[];
  }[];
  decisions: { projectId: string; decision: string; amount: number | null; grade?: string | null }[];
}

/** Ranking and decision settings of a round (configuration, not code). */
export interface RoundSettings {
  /** initial rounds: the lowest calibrated value that may be funded */
  qualityThreshold?: number;
  /** mid-term: EXCELLENT at or above this value and with at least this share of CONTINUE recommendations */
  excellentThreshold?: number;
  excellentContinueShare?: number;
  /** mid-term: FAIL below this value */
  passThreshold?: number;
  /** largest share of projects that may be graded EXCELLENT (0–1) */
  maxExcellentShare?: number;
  phase2Amount?: number;
  /** reviewers and panel members may download a watermarked copy of the materials (default: read in the page only) */
  reviewerDownload?: boolean;
  /** hours after the round closes that its reviewers may still read the materials (default 0) */
  materialsGraceHours?: number;
  /** 承诺书 (pledges/pledge-text.ts fills the defaults: required, version 1, the default text) */
  pledge?: { required?: boolean; version?: number; textZh?: string; textEn?: string };
}

@Entity('review_rounds')
@Check('review_rounds_kind_check', `kind IN ('INITIAL','MIDTERM')`)
@Check('review_rounds_status_check', `status IN ('DRAFT','OPEN','CLOSED','FINALIZED')`)
@Check('review_rounds_window_check', `closes_at > opens_at`)
export class RoundEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('review_rounds_program_id_idx')
  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id' })
  program?: ProgramEntity;

  @Column({ type: 'text' })
  kind!: 'INITIAL' | 'MIDTERM';

  @Column({ name: 'name_zh', type: 'text' })
  nameZh!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ type: 'text', default: 'DRAFT' })
  status!: 'DRAFT' | 'OPEN' | 'CLOSED' | 'FINALIZED';

  @Column({ name: 'opens_at', type: 'timestamptz' })
  opensAt!: Date;

  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt!: Date;

  /** When an officer closed it (early or late); null while it has not been closed. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'reviewers_per_project', type: 'integer', default: 5 })
  reviewersPerProject!: number;

  @Column({ type: 'jsonb' })
  criteria!: CriterionDef[];

  @Column({ name: 'recommendation_options', type: 'text', array: true })
  recommendationOptions!: string[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: RoundSettings;

  /** For a mid-term round: when the funded teams' progress reports are due. */
  @Column({ name: 'report_due_at', type: 'timestamptz', nullable: true })
  reportDueAt!: Date | null;

  /** For a mid-term round: the initial round whose funded projects it evaluates. */
  @Index('review_rounds_parent_round_id_idx')
  @Column({ name: 'parent_round_id', type: 'uuid', nullable: true })
  parentRoundId!: string | null;

  @ManyToOne(() => RoundEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_round_id' })
  parentRound?: RoundEntity | null;

  /** The ranking the decisions were made on, frozen at finalisation. */
  @Column({ name: 'final_snapshot', type: 'jsonb', nullable: true })
  finalSnapshot!: RoundSnapshot | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('round_projects')
@Check('round_projects_panel_grade_check', `panel_grade IN ('EXCELLENT','PASS','FAIL')`)
export class RoundProjectEntity {
  @Column({ name: 'round_id', type: 'uuid', primary: true })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Index('round_projects_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid', primary: true })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  /** mid-term: the panel's grade when it departs from the thresholds' (with its reason) */
  @Column({ name: 'panel_grade', type: 'text', nullable: true })
  panelGrade!: 'EXCELLENT' | 'PASS' | 'FAIL' | null;

  @Column({ name: 'panel_grade_reason', type: 'text', nullable: true })
  panelGradeReason!: string | null;

  @Column({ name: 'panel_graded_at', type: 'timestamptz', nullable: true })
  panelGradedAt!: Date | null;
}
