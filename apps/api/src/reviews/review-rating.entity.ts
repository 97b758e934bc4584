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
import { UserEntity } from '../users/user.entity';
import { ReviewEntity } from './review.entity';

export const RATINGS = ['HELPFUL', 'NEEDS_WORK', 'TOO_SHORT', 'TOO_VAGUE', 'NOT_CONSTRUCTIVE'] as const;
export type Rating = (typeof RATINGS)[number];

/** 评审质量: an officer's rating of one submitted review (never shown to applicants; reviewers see aggregates). */
@Entity('review_ratings')
@Unique('review_ratings_review_rater_key', ['reviewId', 'ratedBy'])
@Check('review_ratings_rating_check', `rating IN ('HELPFUL','NEEDS_WORK','TOO_SHORT','TOO_VAGUE','NOT_CONSTRUCTIVE')`)
export class ReviewRatingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('review_ratings_review_id_idx')
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @ManyToOne(() => ReviewEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review?: ReviewEntity;

  @Index('review_ratings_rated_by_idx')
  @Column({ name: 'rated_by', type: 'uuid' })
  ratedBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rated_by' })
  rater?: UserEntity;

  @Column({ type: 'text' })
  rating!: Rating;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
