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
} from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { PersonEntity } from '../people/people.entity';
import { RoundEntity } from '../rounds/round.entity';
import { UserEntity } from '../users/user.entity';

@Entity('publications')
export class PublicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** DOI or another stable identifier. */
  @Index('publications_external_id_key', { unique: true })
  @Column({ name: 'external_id', type: 'text' })
  externalId!: string;

  @Column({ type: 'text', default: '' })
  title!: string;

  @Column({ type: 'integer' })
  year!: number;
}

@Entity('publication_authors')
export class PublicationAuthorEntity {
  @Column({ name: 'publication_id', type: 'uuid', primary: true })
  publicationId!: string;

  @ManyToOne(() => PublicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'publication_id' })
  publication?: PublicationEntity;

  @Index('publication_authors_person_id_idx')
  @Column({ name: 'person_id', type: 'uuid', primary: true })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;
}

@Entity('person_relations')
@Check('person_relations_type_check', `type IN ('ADVISOR','FAMILY')`)
@Check('person_relations_distinct_check', `person_a <> person_b`)
@Index('person_relations_key', ['type', 'personA', 'personB'], { unique: true })
export class PersonRelationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  type!: 'ADVISOR' | 'FAMILY';

  /** ADVISOR: the advisor; FAMILY: either person */
  @Index('person_relations_person_a_idx')
  @Column({ name: 'person_a', type: 'uuid' })
  personA!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_a' })
  a?: PersonEntity;

  /** ADVISOR: the advisee */
  @Index('person_relations_person_b_idx')
  @Column({ name: 'person_b', type: 'uuid' })
  personB!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_b' })
  b?: PersonEntity;
}

/** Reviewers an applicant asked to exclude (at most 3 per application). */
@Entity('applicant_exclusions')
@Index('applicant_exclusions_key', ['applicationId', 'personId'], { unique: true })
export class ApplicantExclusionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('applicant_exclusions_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Index('applicant_exclusions_person_id_idx')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}

/** A reviewer's own declaration of a conflict with a project of a round. */
@Entity('declared_conflicts')
@Index('declared_conflicts_key', ['roundId', 'applicationId', 'reviewerId'], { unique: true })
export class DeclaredConflictEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('declared_conflicts_round_id_idx')
  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Index('declared_conflicts_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Index('declared_conflicts_reviewer_id_idx')
  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: UserEntity;

  @Column({ type: 'text' })
  reason!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * One reason of one conflicted (project, reviewer) pair of a round, as last detected. The table is
 * partitioned by round (migration ConflictPartitions): detection swaps in a round's partition whole.
 */
@Entity('conflicts')
@Check('conflicts_source_check', `source IN ('DETECTED','DECLARED','EXCLUDED')`)
@Index('conflicts_pair_idx', ['applicationId', 'reviewerId'])
export class ConflictEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Part of the primary key: a partitioned table's keys hold its partition key. */
  @PrimaryColumn({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Index('conflicts_reviewer_id_idx')
  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: UserEntity;

  @Column({ type: 'text' })
  rule!: string;

  @Column({ type: 'text' })
  evidence!: string;

  /** The evidence in Chinese ('' for detections stored before it existed: read the English). */
  @Column({ name: 'evidence_zh', type: 'text', default: '' })
  evidenceZh!: string;

  @Column({ type: 'text' })
  source!: 'DETECTED' | 'DECLARED' | 'EXCLUDED';

  @Column({ name: 'detected_at', type: 'timestamptz', default: () => 'now()' })
  detectedAt!: Date;
}

/** An officer's decision that a conflicted pair may review after all. Never deleted. */
@Entity('conflict_overrides')
@Index('conflict_overrides_pair_idx', ['roundId', 'applicationId', 'reviewerId'])
export class ConflictOverrideEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Index('conflict_overrides_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Index('conflict_overrides_reviewer_id_idx')
  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: UserEntity;

  @Column({ type: 'text' })
  reason!: string;

  @Index('conflict_overrides_by_idx')
  @Column({ name: 'overridden_by', type: 'uuid' })
  overriddenBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'overridden_by' })
  officer?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
