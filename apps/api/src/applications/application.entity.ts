import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { numericTransformer } from '../common/database/transformers';
import { InstitutionEntity, PersonEntity } from '../people/people.entity';
import { DirectionEntity, ProgramEntity } from '../programs/program.entity';
import { ApplicationStatus, EmploymentStatus, MemberRole } from './application-status';

export interface StoredFailure {
  rule: string;
  message: string;
}

@Entity('applications')
@Index('applications_program_external_key', ['programId', 'externalId'], { unique: true })
@Check(
  'applications_status_check',
  `status IN ('SUBMITTED','ELIGIBLE','INELIGIBLE','UNDER_REVIEW','FUNDED','DECLINED','MIDTERM','CONTINUED','COMPLETED','TERMINATED')`,
)
@Check('applications_budget_check', `budget_direct >= 0 AND budget_indirect >= 0`)
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('applications_program_id_idx')
  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id' })
  program?: ProgramEntity;

  /** The application number from the submission system, e.g. APP-2023-017. */
  @Column({ name: 'external_id', type: 'text' })
  externalId!: string;

  @Index('applications_direction_id_idx')
  @Column({ name: 'direction_id', type: 'uuid' })
  directionId!: string;

  @ManyToOne(() => DirectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'direction_id' })
  direction?: DirectionEntity;

  @Column({ name: 'title_zh', type: 'text' })
  titleZh!: string;

  @Column({ name: 'title_en', type: 'text', default: '' })
  titleEn!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords!: string[];

  @Column({ name: 'application_code1', type: 'text' })
  applicationCode1!: string;

  @Index('applications_lead_institution_id_idx')
  @Column({ name: 'lead_institution_id', type: 'uuid' })
  leadInstitutionId!: string;

  @ManyToOne(() => InstitutionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_institution_id' })
  leadInstitution?: InstitutionEntity;

  @Column({ name: 'budget_direct', type: 'numeric', precision: 14, scale: 2, transformer: numericTransformer })
  budgetDirect!: number;

  @Column({
    name: 'budget_indirect',
    type: 'numeric',
    precision: 14,
    scale: 2,
    default: 0,
    transformer: numericTransformer,
  })
  budgetIndirect!: number;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  /** The submitted time as written, with its offset, so screening sees exactly what was sent. */
  @Column({ name: 'submitted_at_text', type: 'text' })
  submittedAtText!: string;

  @Column({ name: 'conditions_met', type: 'text', array: true, default: () => "'{}'" })
  conditionsMet!: string[];

  @Column({ name: 'shenzhen_landing', type: 'boolean', default: false })
  shenzhenLanding!: boolean;

  @Index('applications_status_idx')
  @Column({ type: 'text', default: ApplicationStatus.SUBMITTED })
  status!: ApplicationStatus;

  @Column({ type: 'boolean', nullable: true })
  eligible!: boolean | null;

  @Column({ name: 'eligibility_failures', type: 'jsonb', default: () => "'[]'" })
  eligibilityFailures!: StoredFailure[];

  @Column({ name: 'screened_at', type: 'timestamptz', nullable: true })
  screenedAt!: Date | null;

  /** An officer's decision that replaces the screening result; its reason is required and audited. */
  @Column({ name: 'eligibility_override', type: 'boolean', nullable: true })
  eligibilityOverride!: boolean | null;

  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('application_cooperating_institutions')
export class CooperatingInstitutionEntity {
  @Column({ name: 'application_id', type: 'uuid', primary: true })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Index('application_coop_institution_id_idx')
  @Column({ name: 'institution_id', type: 'uuid', primary: true })
  institutionId!: string;

  @ManyToOne(() => InstitutionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institution_id' })
  institution?: InstitutionEntity;

  @Column({ type: 'integer' })
  position!: number;
}

@Entity('team_members')
@Index('team_members_application_person_key', ['applicationId', 'personId'], { unique: true })
@Check('team_members_role_check', `role IN ('PI','CO_PI','MEMBER')`)
@Check('team_members_discipline_check', `discipline IN ('MATH','MEDICINE','IT')`)
@Check('team_members_status_check', `employment_status IN ('EMPLOYED','POSTDOC','STUDENT','NO_EMPLOYER')`)
export class TeamMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('team_members_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Index('team_members_person_id_idx')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'text' })
  role!: MemberRole;

  @Column({ type: 'text' })
  discipline!: string;

  @Column({ name: 'senior_title', type: 'boolean', default: false })
  seniorTitle!: boolean;

  @Column({ name: 'led_basic_research', type: 'boolean', default: false })
  ledBasicResearch!: boolean;

  @Column({ name: 'employment_status', type: 'text', default: EmploymentStatus.EMPLOYED })
  employmentStatus!: EmploymentStatus;

  @Column({ type: 'integer' })
  position!: number;
}
