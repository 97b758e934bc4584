import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RoundEntity } from '../rounds/round.entity';
import { UserEntity } from '../users/user.entity';

/** 通知: what the platform told a user (the in-app list; an e-mail goes out through the outbox beside it). */
@Entity('notices')
@Index('notices_user_id_idx', ['userId', 'createdAt'])
export class NoticeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Index('notices_round_id_idx')
  @Column({ name: 'round_id', type: 'uuid', nullable: true })
  roundId!: string | null;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity | null;

  /** ASSIGNED, WITHDRAWN, DEADLINE, INVITED, INVITATION_REMINDER, INVITATION_ANSWERED, INVITATION_EXPIRED */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'title_zh', type: 'text' })
  titleZh!: string;

  @Column({ name: 'title_en', type: 'text' })
  titleEn!: string;

  @Column({ name: 'body_zh', type: 'text' })
  bodyZh!: string;

  @Column({ name: 'body_en', type: 'text' })
  bodyEn!: string;

  /** where in the web the notice leads (a path such as /reviews) */
  @Column({ type: 'text', nullable: true })
  link!: string | null;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
