import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { RoundEntity } from '../rounds/round.entity';

/**
 * What remains of a project's reviews in a round once they are past the call's retention: how
 * many, the mean total, each criterion's mean and the recommendations counted — no reviewer, no
 * text.
 */
@Entity('review_summaries')
@Unique('review_summaries_round_application_key', ['roundId', 'applicationId'])
export class ReviewSummaryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('review_summaries_round_id_idx')
  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Index('review_summaries_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Column({ type: 'integer' })
  reviews!: number;

  @Column({ type: 'double precision', nullable: true })
  mean!: number | null;

  /** criterion key → mean score */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  criteria!: Record<string, number>;

  /** recommendation → count */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  recommendations!: Record<string, number>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
