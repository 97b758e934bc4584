import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { CallTargetModel } from '../programs/models/program.model';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export enum MeetingKind {
  SELECTION = 'SELECTION',
  DEFENCE = 'DEFENCE',
}
registerEnumType(MeetingKind, { name: 'MeetingKind', description: '会议评审 / 中期答辩' });
export enum PanelRole {
  CHAIR = 'CHAIR',
  VICE_CHAIR = 'VICE_CHAIR',
  MEMBER = 'MEMBER',
  SUBSTITUTE = 'SUBSTITUTE',
}
registerEnumType(PanelRole, { name: 'PanelRole', description: '组长 / 副组长 / 成员 / 候补（同等权利）' });
export enum Vote {
  YES = 'YES',
  NO = 'NO',
  ABSTAIN = 'ABSTAIN',
}
registerEnumType(Vote, { name: 'Vote', description: '赞成 / 反对 / 弃权' });

@ObjectType()
export class PanelMember {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  userId!: string;

  @Field()
  name!: string;

  @Field(() => PanelRole)
  role!: PanelRole;

  @Field()
  present!: boolean;
}

@ObjectType({ description: '无记名投票: counts are shown only once it is closed; how a member voted is never stored' })
export class Ballot {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field({ description: 'OPEN or CLOSED' })
  status!: string;

  @Field(() => Int, { description: 'members present and without a conflict when it opened' })
  eligible!: number;

  @Field(() => Int, { description: 'members without a conflict (the quorum’s base)' })
  unconflicted!: number;

  @Field(() => Int, { description: 'how many have voted (not how)' })
  votesCast!: number;

  @Field(() => Int, { nullable: true, description: 'null while open' })
  yes!: number | null;

  @Field(() => Int, { nullable: true })
  no!: number | null;

  @Field(() => Int, { nullable: true })
  abstain!: number | null;

  @Field(() => Boolean, { nullable: true })
  quorumMet!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  passed!: boolean | null;

  @Field(() => [String], { description: 'the names of the members recused from it' })
  recused!: string[];

  @Field({ description: 'the viewer may vote in it now' })
  canVote!: boolean;

  @Field({ description: 'the viewer has voted in it' })
  hasVoted!: boolean;

  @Field({ description: 'the viewer has voted and may still change the vote (with the receipt of their device)' })
  canChange!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'mid-term: the grade put to the vote; carried, it becomes the panel’s grade',
  })
  proposedGrade!: string | null;

  @Field()
  openedAt!: Date;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;
}

@ObjectType({ description: 'one mail review as the panel reads it: a code, never the reviewer' })
export class PanelMailReview {
  @Field({ description: 'R1, R2 … within the project' })
  code!: string;

  @Field(() => Float, { nullable: true })
  total!: number | null;

  @Field(() => String, { nullable: true })
  rating!: string | null;

  @Field(() => String, { nullable: true })
  recommendation!: string | null;

  @Field({ description: 'the comment to the applicant (confidential comments stay with officers)' })
  comment!: string;
}

@ObjectType({ description: 'a project on the agenda' })
export class PanelItem {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field()
  externalId!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  titleEn!: string | null;

  @Field(() => Int)
  position!: number;

  @Field(() => Date, { nullable: true, description: 'the team’s defence slot (mid-term)' })
  slotStart!: Date | null;

  @Field(() => Int, { nullable: true })
  slotMinutes!: number | null;

  @Field(() => String, { nullable: true, description: 'PASSED, FAILED or NO_QUORUM (the last closed ballot)' })
  result!: string | null;

  @Field(() => [PanelMember], { description: 'members recused from this project (they leave the room for it)' })
  recused!: PanelMember[];

  @Field({ description: 'the viewer is recused: no material, no vote' })
  recusedMe!: boolean;

  @Field(() => Int, { nullable: true, description: 'submitted mail reviews (hidden from a recused viewer)' })
  reviews!: number | null;

  @Field(() => Float, { nullable: true, description: 'their mean total (hidden from a recused viewer)' })
  meanTotal!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'rank in the round’s calibrated ranking (hidden from a recused viewer)',
  })
  rank!: number | null;

  @Field(() => Float, { nullable: true, description: 'calibrated score (reviewer bias removed)' })
  calibrated!: number | null;

  @Field(() => Float, { nullable: true, description: 'its 95% interval, low end' })
  ciLow!: number | null;

  @Field(() => Float, { nullable: true })
  ciHigh!: number | null;

  @Field(() => [String], {
    description: 'the ranking’s flags (FEW_REVIEWS, HIGH_DISAGREEMENT …); empty for a recused viewer',
  })
  flags!: string[];

  @Field(() => [PanelMailReview], { description: 'the anonymised mail reviews (empty for a recused viewer)' })
  mailReviews!: PanelMailReview[];

  @Field(() => [CallTargetModel], { description: 'what the call asks of the project’s direction (考核指标)' })
  targets!: CallTargetModel[];

  @Field(() => [Ballot])
  ballots!: Ballot[];

  @Field(() => String, { nullable: true, description: 'the chair’s notes (for the minutes)' })
  notes!: string | null;

  @Field(() => String, { nullable: true, description: 'mid-term: the panel’s grade EXCELLENT, PASS or FAIL' })
  panelGrade!: string | null;

  @Field(() => String, { nullable: true })
  panelGradeReason!: string | null;
}

@ObjectType()
export class PanelRules {
  @Field()
  quorum!: string;

  @Field()
  threshold!: string;

  @Field()
  strict!: boolean;

  @Field()
  base!: string;

  @Field({ description: 'members may change their vote until the ballot closes' })
  changeableVotes!: boolean;
}

@ObjectType({ description: '会议评审 / 答辩: a round’s panel meeting' })
export class PanelMeeting {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  roundId!: string;

  @Field()
  titleZh!: string;

  @Field()
  titleEn!: string;

  @Field(() => MeetingKind)
  kind!: MeetingKind;

  @Field()
  startsAt!: Date;

  @Field(() => String, { nullable: true })
  location!: string | null;

  @Field({ description: 'SCHEDULED, OPEN or CLOSED' })
  status!: string;

  @Field(() => ID, { nullable: true, description: 'the project under discussion' })
  currentProjectId!: string | null;

  @Field(() => PanelRules)
  rules!: PanelRules;

  @Field(() => Int, {
    description: 'bumped on every change (attendance, moves, ballots): clients refetch when it moves',
  })
  version!: number;

  @Field(() => [PanelMember])
  members!: PanelMember[];

  @Field(() => [PanelItem])
  items!: PanelItem[];
}

@InputType()
export class PanelMemberInput {
  @Field(() => ID)
  @IsUUID()
  userId!: string;

  @Field(() => PanelRole)
  @IsEnum(PanelRole)
  role!: PanelRole;
}

@InputType({
  description:
    'quorum and threshold as fractions; defaults 2/3 present of the unconflicted, yes > 1/2 of those present',
})
export class VotingRulesInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  quorumNum?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  quorumDen?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  thresholdNum?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  thresholdDen?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'yes must exceed the threshold (true) or reach it' })
  @IsOptional()
  @IsBoolean()
  strict?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'PRESENT (eligible members present) or MEMBERS (all unconflicted)',
  })
  @IsOptional()
  @IsIn(['PRESENT', 'MEMBERS'])
  base?: 'PRESENT' | 'MEMBERS' | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'members may change their vote until the ballot closes (default: no)',
  })
  @IsOptional()
  @IsBoolean()
  changeableVotes?: boolean | null;
}

@InputType()
export class PanelMeetingInput {
  @Field(() => ID)
  @IsUUID()
  roundId!: string;

  @Field()
  @IsString()
  @MaxLength(300)
  titleZh!: string;

  @Field()
  @IsString()
  @MaxLength(300)
  titleEn!: string;

  @Field(() => MeetingKind, {
    nullable: true,
    description: 'default: SELECTION for an initial round, DEFENCE for a mid-term one',
  })
  @IsOptional()
  @IsEnum(MeetingKind)
  kind?: MeetingKind | null;

  @Field()
  @IsDateString()
  startsAt!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  location?: string | null;

  @Field(() => [PanelMemberInput])
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => PanelMemberInput)
  members!: PanelMemberInput[];

  @Field(() => [ID], {
    nullable: true,
    description: 'the agenda; default: the round’s projects by mail-review ranking',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  projectIds?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'order the agenda so that recusals change as rarely as possible',
  })
  @IsOptional()
  @IsBoolean()
  orderByRecusal?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'minutes per team’s defence (mid-term); slots follow startsAt' })
  @IsOptional()
  @IsInt()
  slotMinutes?: number | null;

  @Field(() => VotingRulesInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => VotingRulesInput)
  rules?: VotingRulesInput | null;
}

@ObjectType({ description: 'a project’s last ballot with quorum in a round’s panel meetings' })
export class PanelResult {
  @Field(() => ID)
  projectId!: string;

  @Field()
  passed!: boolean;

  @Field(() => Int)
  yes!: number;

  @Field(() => Int)
  no!: number;

  @Field(() => Int)
  abstain!: number;

  @Field(() => Int)
  eligible!: number;

  @Field()
  closedAt!: Date;

  @Field()
  meetingZh!: string;

  @Field()
  meetingEn!: string;
}
