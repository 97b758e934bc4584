import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Expert } from '../experts/experts.models';
import { RoundPledge } from '../pledges/pledges.models';
import { CursorPageOf } from '../common/graphql/page-type';

export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(InvitationStatus, {
  name: 'InvitationStatus',
  description: '待答复 / 已接受 / 已谢绝 / 已过期 / 已撤回',
});

export enum DeclineReason {
  NO_TIME = 'NO_TIME',
  OUTSIDE_EXPERTISE = 'OUTSIDE_EXPERTISE',
  CONFLICT = 'CONFLICT',
  OTHER = 'OTHER',
}
registerEnumType(DeclineReason, { name: 'DeclineReason', description: '时间冲突 / 不在专业领域 / 利益冲突 / 其他' });

@ObjectType({ description: 'a conflict of an expert with one of the round’s projects, with its evidence' })
export class PersonConflict {
  @Field(() => ID)
  projectId!: string;

  @Field()
  projectTitle!: string;

  @Field()
  rule!: string;

  @Field()
  evidence!: string;

  @Field()
  evidenceZh!: string;
}

@ObjectType({ description: '评审邀请 / an expert invited to review in a round, and their answer' })
export class Invitation {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  roundId!: string;

  @Field()
  roundNameZh!: string;

  @Field()
  roundNameEn!: string;

  @Field({ description: 'when reviews in the round are due' })
  roundClosesAt!: Date;

  @Field(() => ID)
  personId!: string;

  @Field({ description: 'the invited expert' })
  expertName!: string;

  @Field({ description: 'where the invitation was sent' })
  email!: string;

  @Field(() => InvitationStatus)
  status!: InvitationStatus;

  @Field()
  respondBy!: Date;

  @Field(() => String, { nullable: true, description: 'the officer’s message to the expert' })
  message!: string | null;

  @Field(() => Int, { nullable: true, description: 'accepted with at most this many projects' })
  maxLoad!: number | null;

  @Field(() => DeclineReason, { nullable: true })
  reason!: DeclineReason | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => String, { nullable: true, description: 'experts suggested in the invitee’s place' })
  substitutes!: string | null;

  @Field(() => Date, { nullable: true })
  respondedAt!: Date | null;

  @Field(() => Int, { description: 'reminders sent' })
  reminders!: number;

  @Field({ description: 'invited from the round’s alternates' })
  alternate!: boolean;

  @Field({ description: 'when it was sent' })
  invitedAt!: Date;

  @Field({ description: 'whether the invitee has an account (made through the link, or before)' })
  hasAccount!: boolean;

  @Field({ description: 'work has been assigned: the answer can no longer change' })
  answerLocked!: boolean;

  @Field(() => RoundPledge, { description: 'the round’s pledge, signed after accepting and before any material' })
  pledge!: RoundPledge;

  @Field({ description: 'whether the invitee has signed the pledge version in force (or none is required)' })
  pledgeSigned!: boolean;

  @Field(() => [PersonConflict], {
    description: 'conflicts the officer confirmed when inviting (officers only; empty for others)',
  })
  conflictsConfirmed!: PersonConflict[];
}

@ObjectType({ description: 'what an invitation link shows before anyone signs in' })
export class InvitationLink {
  @Field(() => ID)
  invitationId!: string;

  @Field(() => InvitationStatus)
  status!: InvitationStatus;

  @Field()
  roundNameZh!: string;

  @Field()
  roundNameEn!: string;

  @Field()
  roundClosesAt!: Date;

  @Field()
  respondBy!: Date;

  @Field()
  expertName!: string;

  @Field()
  email!: string;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field({ description: 'sign in to answer (true), or set a password through this link (false)' })
  hasAccount!: boolean;
}

@ObjectType({ description: 'an expert of the pool as a candidate for a round' })
export class InvitationCandidate {
  @Field(() => Expert)
  expert!: Expert;

  @Field(() => InvitationStatus, { nullable: true, description: 'their invitation to this round, if any' })
  invitationStatus!: InvitationStatus | null;

  @Field(() => Int, { description: 'active assignments in rounds being prepared or open' })
  workload!: number;

  @Field(() => [PersonConflict], { description: 'conflicts with the round’s projects, detected now' })
  conflicts!: PersonConflict[];
}

@ObjectType()
export class InvitationCandidatePage {
  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  offset!: number;

  @Field(() => [InvitationCandidate])
  items!: InvitationCandidate[];
}

@ObjectType({ description: 'how many of a round’s invitations are in one state' })
export class InvitationStatusCount {
  @Field(() => InvitationStatus)
  status!: InvitationStatus;

  @Field(() => Int)
  count!: number;
}

@ObjectType({
  description:
    'one page of a round’s invitations: unanswered first, then declined, expired, accepted and withdrawn, each in the order sent',
})
export class InvitationPage extends CursorPageOf(Invitation, 'invitations') {
  @Field(() => [InvitationStatusCount], { description: 'the round’s invitations by state, whatever the filters' })
  counts!: InvitationStatusCount[];
}

@ObjectType({ description: 'the round’s alternates in order (候补专家), and whether they are invited automatically' })
export class RoundAlternates {
  @Field(() => ID)
  roundId!: string;

  @Field({ description: 'invite the next alternate after a decline or an expiry' })
  auto!: boolean;

  @Field(() => [Expert])
  experts!: Expert[];

  @Field(() => [InvitationStatus], {
    nullable: 'items',
    description: 'each alternate’s invitation, in the same order (null: not invited)',
  })
  statuses!: (InvitationStatus | null)[];
}

@InputType({ description: 'a decline: the reason (OTHER needs a note), and experts suggested instead' })
export class InvitationAnswerInput {
  @Field(() => DeclineReason, { nullable: true })
  @IsOptional()
  @IsEnum(DeclineReason)
  reason?: DeclineReason | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  substitutes?: string | null;
}
