import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Discipline } from '../../common/auth/role.enum';
import { Person } from '../../people/models/people.model';
import { ApplicationStatus, EmploymentStatus, MemberRole } from '../application-status';
import { CursorPageOf } from '../../common/graphql/page-type';

@ObjectType()
export class EligibilityFailure {
  @Field({ description: 'Rule code, e.g. BUDGET (docs/contract/eligibility.md)' })
  rule!: string;

  @Field({ description: 'Bilingual reason, Chinese first' })
  message!: string;

  @Field({ description: 'The reason in Chinese alone' })
  messageZh!: string;

  @Field({ description: 'The reason in English alone' })
  messageEn!: string;
}

@ObjectType({ description: '形式审查结果 / screening result' })
export class Eligibility {
  @Field(() => Boolean, { nullable: true, description: 'null until screened; an override wins over the rules' })
  eligible!: boolean | null;

  @Field(() => [EligibilityFailure])
  failures!: EligibilityFailure[];

  @Field(() => Date, { nullable: true })
  screenedAt!: Date | null;

  @Field({ description: 'true when an officer overrode the rules' })
  overridden!: boolean;

  @Field(() => String, { nullable: true })
  overrideReason!: string | null;
}

@ObjectType({ description: '团队成员 / a team member' })
export class TeamMember {
  @Field(() => ID)
  id!: string;

  @Field(() => Person)
  person!: Person;

  @Field(() => MemberRole)
  role!: MemberRole;

  @Field(() => Discipline)
  discipline!: Discipline;

  @Field()
  seniorTitle!: boolean;

  @Field()
  ledBasicResearch!: boolean;

  @Field(() => EmploymentStatus)
  employmentStatus!: EmploymentStatus;
}

@ObjectType({ description: '申请/项目 / an application, which becomes a project when funded' })
export class Project {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Application number from the submission system' })
  externalId!: string;

  @Field()
  titleEn!: string;

  @Field(() => [String])
  keywords!: string[];

  @Field()
  applicationCode1!: string;

  @Field(() => Float)
  budgetDirect!: number;

  @Field(() => Float)
  budgetIndirect!: number;

  @Field()
  submittedAt!: Date;

  @Field(() => [String])
  conditionsMet!: string[];

  @Field({ description: 'commits to transfer/landing in Shenzhen (深圳转化落地)' })
  shenzhenLanding!: boolean;

  @Field(() => ApplicationStatus)
  status!: ApplicationStatus;

  @Field(() => Eligibility)
  eligibility!: Eligibility;
}

@ObjectType()
export class ScreeningSummary {
  @Field(() => Int)
  screened!: number;

  @Field(() => Int)
  eligible!: number;

  @Field(() => Int)
  ineligible!: number;

  @Field(() => Int, { description: 'applications whose override kept them from the rules’ result' })
  overridden!: number;
}

@ObjectType({ description: '申请/项目（分页）/ one page of a call’s applications' })
export class ProjectPage extends CursorPageOf(Project, 'applications') {}
