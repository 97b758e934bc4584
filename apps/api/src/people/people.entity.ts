import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

@Entity('institutions')
export class InstitutionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('institutions_name_key', { unique: true })
  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases!: string[];

  @Column({ name: 'email_domains', type: 'text', array: true, default: () => "'{}'" })
  emailDomains!: string[];

  @Column({ type: 'text', nullable: true })
  city!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('persons')
@Index('persons_emails_gin', { synchronize: false })
@Index('persons_in_pool_idx', { synchronize: false })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** External identifier from an import (e.g. the applicant system's person id). */
  @Index('persons_external_id_key', { unique: true })
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn!: string | null;

  /** Lower-case; one person across records shares an e-mail or an ORCID (libs/conflicts `identityGroups`). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  emails!: string[];

  @Index('persons_orcid_idx')
  @Column({ type: 'text', nullable: true })
  orcid!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  disciplines!: string[];

  /** Professional title, e.g. 教授 / 研究员 / 主任医师. */
  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords!: string[];

  /** 申请代码 the expert reviews under, e.g. A0116, H18. */
  @Column({ name: 'application_codes', type: 'text', array: true, default: () => "'{}'" })
  applicationCodes!: string[];

  /** In the expert pool (专家库): may be made a reviewer account and invited. */
  @Column({ name: 'in_pool', type: 'boolean', default: false })
  inPool!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('affiliations')
export class AffiliationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('affiliations_person_id_idx')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Index('affiliations_institution_id_idx')
  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;

  @ManyToOne(() => InstitutionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institution_id' })
  institution?: InstitutionEntity;

  @Column({ name: 'from_date', type: 'date', nullable: true })
  fromDate!: string | null;

  /** null: current. */
  @Column({ name: 'to_date', type: 'date', nullable: true })
  toDate!: string | null;
}
