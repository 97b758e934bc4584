import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { RoundEntity } from '../rounds/round.entity';

/** One automatic reminder slot of a round ("7 days before", "overdue on 2026-12-03") that went out. */
@Entity('reminder_slots')
export class ReminderSlotEntity {
  @PrimaryColumn({ name: 'round_id', type: 'uuid', primaryKeyConstraintName: 'PK_reminder_slots' })
  roundId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_reminder_slots' })
  slot!: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'FK_reminder_slots_round' })
  round?: RoundEntity;

  @Column({ type: 'integer', default: 0 })
  reminded!: number;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt!: Date;
}
