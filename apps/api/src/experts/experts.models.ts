import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Discipline } from '../common/auth/role.enum';

@ObjectType({ description: '任职经历 / an affiliation with dates (no end: current)' })
export class ExpertAffiliation {
  @Field(() => ID)
  institutionId!: string;

  @Field()
  institution!: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  from!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null while current' })
  to!: string | null;
}

@ObjectType({ description: '评审账号 / the reviewer account linked to an expert' })
export class ExpertAccount {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  disabled!: boolean;
}

@ObjectType({ description: '专家 / a person of the expert pool (专家库)' })
export class Expert {
  @Field(() => ID, { description: 'the person id' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'the id files use for this expert (e.g. in publications)' })
  externalId!: string | null;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  nameEn!: string | null;

  @Field(() => [String])
  emails!: string[];

  @Field(() => String, { nullable: true })
  orcid!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => [Discipline])
  disciplines!: Discipline[];

  @Field(() => [String], { description: '申请代码 such as A0116, H18' })
  applicationCodes!: string[];

  @Field(() => [String])
  keywords!: string[];

  @Field(() => [ExpertAffiliation], { description: 'current first, then past by end date' })
  affiliations!: ExpertAffiliation[];

  @Field(() => ExpertAccount, { nullable: true })
  account!: ExpertAccount | null;
}

@ObjectType({ description: 'one page of the expert pool' })
export class ExpertPage {
  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  offset!: number;

  @Field(() => [Expert])
  items!: Expert[];
}

@InputType()
export class ExpertAffiliationInput {
  @Field({ description: 'institution name or alias, as in the institutions list' })
  @IsString()
  @MaxLength(320)
  institution!: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, YYYY-MM or YYYY' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'empty while current' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  to?: string | null;
}

@InputType({ description: 'an expert as the web form writes it; checked as the import checks a file' })
export class ExpertInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  externalId?: string | null;

  @Field()
  @IsString()
  @MaxLength(320)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  nameEn?: string | null;

  @Field(() => [String])
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(320, { each: true })
  emails!: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  orcid?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  title?: string | null;

  @Field(() => [Discipline])
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(Discipline, { each: true })
  disciplines!: Discipline[];

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(320, { each: true })
  applicationCodes!: string[];

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(320, { each: true })
  keywords!: string[];

  @Field(() => [ExpertAffiliationInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ExpertAffiliationInput)
  affiliations!: ExpertAffiliationInput[];
}
