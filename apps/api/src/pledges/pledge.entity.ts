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
import { RoundEntity } from '../rounds/round.entity';
import { UserEntity } from '../users/user.entity';

/** 承诺书: who signed which version of a round's pledge, when, from where; the text kept as signed. */
@Entity('pledges')
@Unique('pledges_round_user_version_key', ['roundId', 'userId', 'version'])
export class PledgeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('pledges_round_id_idx')
  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Index('pledges_user_id_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'text_zh', type: 'text' })
  textZh!: string;

  @Column({ name: 'text_en', type: 'text' })
  textEn!: string;

  @CreateDateColumn({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;
}
