import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: '研究方向 / one of the call’s research directions' })
export class Direction {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  number!: number;

  @Field()
  titleZh!: string;

  @Field()
  titleEn!: string;

  @Field(() => Float, { description: 'Phase-1 funding per project, CNY / 第一阶段资助额度（元）' })
  fundingAmount!: number;

  @Field(() => [String], { description: 'Condition codes an application must confirm' })
  conditions!: string[];

  @Field(() => String, { nullable: true })
  conditionsNoteZh!: string | null;

  @Field(() => String, { nullable: true })
  conditionsNoteEn!: string | null;
}

@ObjectType()
export class SubmissionWindow {
  @Field({ description: 'ISO 8601 with offset, e.g. 2023-10-14T00:00:00+08:00' })
  opens!: string;

  @Field()
  closes!: string;
}

@ObjectType()
export class Phase1Rules {
  @Field(() => Int)
  years!: number;

  @Field()
  start!: string;

  @Field()
  end!: string;

  @Field(() => Float)
  defaultAmount!: number;
}

@ObjectType()
export class Phase2Rules {
  @Field(() => Float)
  minAmount!: number;

  @Field(() => Int)
  years!: number;
}

@ObjectType({ description: '项目规则配置 / the programme’s rules as configuration' })
export class ProgramRulesModel {
  @Field(() => SubmissionWindow)
  submissionWindow!: SubmissionWindow;

  @Field(() => Int)
  maxCooperatingInstitutions!: number;

  @Field(() => [String])
  mathCodePrefixes!: string[];

  @Field(() => Int)
  maxAwards!: number;

  @Field(() => Int)
  maxAwardsPerDirection!: number;

  @Field(() => Phase1Rules)
  phase1!: Phase1Rules;

  @Field(() => Phase2Rules)
  phase2!: Phase2Rules;

  @Field(() => [String])
  requiredDisciplines!: string[];

  @Field(() => Int)
  maxApplicantExclusions!: number;
}

@ObjectType({ description: '资助计划（年度指南）/ a yearly call' })
export class Program {
  @Field(() => ID)
  id!: string;

  @Field()
  code!: string;

  @Field(() => Int)
  year!: number;

  @Field()
  nameZh!: string;

  @Field()
  nameEn!: string;

  @Field(() => ProgramRulesModel)
  rules!: ProgramRulesModel;
}
