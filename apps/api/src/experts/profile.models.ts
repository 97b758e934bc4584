import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Expert, ExpertAffiliationInput } from './experts.models';

@ObjectType({ description: 'a relation the expert declared or an officer imported, seen from the expert' })
export class ProfileRelation {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'ADVISOR (the other is my advisor), ADVISEE (my student) or FAMILY' })
  type!: string;

  @Field()
  otherName!: string;
}

@ObjectType({ description: 'a publication of the expert (co-authors count for conflicts)' })
export class ProfilePublication {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => [String], { description: 'the other authors' })
  coauthors!: string[];
}

@ObjectType({ description: '评审质量: officers’ ratings of one’s reviews, counted only once there are at least 3' })
export class ReviewQuality {
  @Field(() => Int, { description: 'ratings received' })
  ratings!: number;

  @Field({ description: 'whether the counts are shown (3 ratings or more)' })
  shown!: boolean;

  @Field(() => Int, { nullable: true })
  helpful!: number | null;

  @Field(() => Int, { nullable: true })
  needsWork!: number | null;

  @Field(() => Int, { nullable: true })
  tooShort!: number | null;

  @Field(() => Int, { nullable: true })
  tooVague!: number | null;

  @Field(() => Int, { nullable: true })
  notConstructive!: number | null;
}

@ObjectType({ description: '个人资料: the signed-in expert’s own record' })
export class MyProfile {
  @Field(() => Expert)
  expert!: Expert;

  @Field(() => [ProfileRelation])
  relations!: ProfileRelation[];

  @Field(() => [ProfilePublication])
  publications!: ProfilePublication[];

  @Field(() => ReviewQuality)
  reviewQuality!: ReviewQuality;
}

@InputType({
  description: 'what an expert keeps up to date themselves (name, e-mails and disciplines are the office’s)',
})
export class ProfileInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  title?: string | null;

  @Field(() => [String])
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(320, { each: true })
  keywords!: string[];

  @Field(() => [String])
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(320, { each: true })
  applicationCodes!: string[];

  @Field(() => [ExpertAffiliationInput])
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ExpertAffiliationInput)
  affiliations!: ExpertAffiliationInput[];
}

@InputType({ description: 'another person, named with an e-mail or ORCID so that they can be found among applicants' })
export class PersonRefInput {
  @Field()
  @IsString()
  @MaxLength(200)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  orcid?: string | null;
}

@ObjectType({ description: 'an expert’s record with the programme: to choose next year’s panel' })
export class ExpertHistory {
  @Field(() => Int, { description: 'rounds with work assigned' })
  rounds!: number;

  @Field(() => Int)
  assigned!: number;

  @Field(() => Int)
  submitted!: number;

  @Field(() => Int, { description: 'submitted before the round’s closing time' })
  onTime!: number;

  @Field(() => Int, { description: 'invitations declined' })
  invitationsDeclined!: number;

  @Field(() => Int, { description: 'invitations left unanswered until they expired' })
  invitationsExpired!: number;

  @Field(() => Int, { description: 'projects declined after assignment' })
  projectsDeclined!: number;

  @Field(() => Int, { description: 'officers’ ratings of the expert’s reviews' })
  ratings!: number;

  @Field(() => Int)
  helpful!: number;

  @Field(() => Int, { description: 'needs work, too short, too vague or not constructive' })
  critical!: number;
}
