import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Discipline } from '../../common/auth/role.enum';

@ObjectType({ description: '单位 / an institution' })
export class Institution {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  nameEn!: string | null;

  @Field(() => [String])
  aliases!: string[];

  @Field(() => [String])
  emailDomains!: string[];

  @Field(() => String, { nullable: true })
  city!: string | null;
}

@ObjectType({ description: '人员 / a person: applicant, team member or reviewer' })
export class Person {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  externalId!: string | null;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  nameEn!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => [Discipline])
  disciplines!: Discipline[];

  @Field(() => [String])
  keywords!: string[];
}
