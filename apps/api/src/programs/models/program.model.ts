import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: '考核指标 / what the call commits a funded team to' })
export class CallTargetModel {
  @Field()
  key!: string;

  @Field()
  labelZh!: string;

  @Field()
  labelEn!: string;

  @Field(() => String, { nullable: true })
  unit!: string | null;

  @Field(() => Float, { nullable: true, description: 'at least this many' })
  min!: number | null;

  @Field(() => Float, { nullable: true, description: 'at most this many' })
  max!: number | null;
}

@ObjectType({ description: '申报条件 / a condition of the direction, with its wording' })
export class CallConditionModel {
  @Field()
  key!: string;

  @Field()
  textZh!: string;

  @Field(() => String, { nullable: true })
  textEn!: string | null;
}

@ObjectType({ description: '资助阶段 / one phase of the call: years, dates, funders, amounts' })
export class CallPhaseModel {
  @Field(() => Int)
  phase!: number;

  @Field(() => Int)
  years!: number;

  @Field(() => String, { nullable: true })
  start!: string | null;

  @Field(() => String, { nullable: true })
  end!: string | null;

  @Field(() => [String], { description: 'TIANYUAN, SHENZHEN' })
  funders!: string[];

  @Field(() => Float, { nullable: true })
  defaultAmount!: number | null;

  @Field(() => Float, { nullable: true })
  minAmount!: number | null;

  @Field(() => [String], { description: 'EXCELLENT, SHENZHEN_LANDING' })
  requires!: string[];
}

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

  @Field({ description: 'the research content, verbatim from the call text' })
  contentZh!: string;

  @Field(() => String, { nullable: true })
  contentEn!: string | null;

  @Field(() => String, { nullable: true, description: 'the call’s note under the direction (注)' })
  noteZh!: string | null;

  @Field(() => [CallConditionModel])
  conditionDetails!: CallConditionModel[];

  @Field(() => [CallTargetModel])
  targets!: CallTargetModel[];
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

  @Field(() => [CallPhaseModel])
  phases!: CallPhaseModel[];

  @Field({ description: 'no round of the call has opened yet: it may still be re-imported or edited' })
  editable!: boolean;
}
