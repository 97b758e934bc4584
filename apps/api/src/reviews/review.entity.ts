import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';

@Entity('reviews')
@Check('reviews_status_check', `status IN ('DRAFT','SUBMITTED')`)
export class ReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('reviews_assignment_id_key', { unique: true })
  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId!: string;

  @ManyToOne(() => AssignmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: AssignmentEntity;

  @Column({ type: 'text', default: 'DRAFT' })
  status!: 'DRAFT' | 'SUBMITTED';

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  scores!: Record<string, number>;

  @Column({ type: 'double precision', nullable: true })
  total!: number | null;

  @Column({ type: 'text', nullable: true })
  rating!: string | null;

  @Column({ type: 'text', nullable: true })
  recommendation!: string | null;

  @Column({ name: 'comment_to_applicant', type: 'text', default: '' })
  commentToApplicant!: string;

  @Column({ name: 'confidential_comment', type: 'text', default: '' })
  confidentialComment!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
