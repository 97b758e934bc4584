import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { RoundEntity } from '../rounds/round.entity';
import { UserEntity } from '../users/user.entity';

@Entity('assignments')
@Check('assignments_status_check', `status IN ('ACTIVE','DECLINED','WITHDRAWN')`)
@Check('assignments_source_check', `source IN ('SOLVER','MANUAL','REPLACEMENT')`)
@Index('assignments_active_pair_key', ['roundId', 'applicationId', 'reviewerId'], {
  unique: true,
  where: `status = 'ACTIVE'`,
})
export class AssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('assignments_round_id_idx')
  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Index('assignments_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Index('assignments_reviewer_id_idx')
  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: UserEntity;

  /** The required discipline this reviewer is designated for on this project, if any. */
  @Column({ type: 'text', nullable: true })
  covers!: string | null;

  /** Manual assignments stay on re-runs of the solver. */
  @Column({ type: 'boolean', default: false })
  locked!: boolean;

  @Column({ type: 'text', default: 'SOLVER' })
  source!: 'SOLVER' | 'MANUAL' | 'REPLACEMENT';

  @Column({ type: 'text', default: 'ACTIVE' })
  status!: 'ACTIVE' | 'DECLINED' | 'WITHDRAWN';

  @Column({ type: 'double precision', nullable: true })
  affinity!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
