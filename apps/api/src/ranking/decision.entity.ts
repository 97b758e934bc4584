import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicationEntity } from '../applications/application.entity';
import { numericTransformer } from '../common/database/transformers';
import { RoundEntity } from '../rounds/round.entity';
import { UserEntity } from '../users/user.entity';

@Entity('funding_decisions')
@Index('funding_decisions_round_project_key', ['roundId', 'applicationId'], { unique: true })
@Check('funding_decisions_decision_check', `decision IN ('FUND','DECLINE','CONTINUE','COMPLETE','TERMINATE')`)
export class DecisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Index('funding_decisions_application_id_idx')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Column({ type: 'text' })
  decision!: 'FUND' | 'DECLINE' | 'CONTINUE' | 'COMPLETE' | 'TERMINATE';

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  amount!: number | null;

  /** mid-term: EXCELLENT, PASS or FAIL at the time of the decision */
  @Column({ type: 'text', nullable: true })
  grade!: string | null;

  /** the officer's note; required for any departure from the rank order or the rules' default */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Index('funding_decisions_decided_by_idx')
  @Column({ name: 'decided_by', type: 'uuid' })
  decidedBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by' })
  officer?: UserEntity;

  @Column({ name: 'decided_at', type: 'timestamptz', default: () => 'now()' })
  decidedAt!: Date;
}
