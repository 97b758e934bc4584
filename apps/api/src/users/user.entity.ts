import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { PersonEntity } from '../people/people.entity';
import { Role } from '../common/auth/role.enum';

@Entity('users')
@Index('users_email_lower_key', { synchronize: false })
@Check(
  'users_roles_check',
  `roles <@ ARRAY['ADMIN','PROGRAM_OFFICER','REVIEWER','PI']::text[] AND cardinality(roles) > 0`,
)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** Bumped on password change and disable: access tokens carry it and die with it. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;

  @Index('users_person_id_idx')
  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity | null;

  /** when the owner proved the e-mail is theirs (an invitation link set the password) */
  @Column({ name: 'email_confirmed_at', type: 'timestamptz', nullable: true })
  emailConfirmedAt!: Date | null;

  @Column({ type: 'text', default: 'zh-CN' })
  locale!: string;

  /** the owner closed the account: name and e-mail replaced by a code, sign-in impossible */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
