import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: '通知 / something the platform told the user (also sent by e-mail)' })
export class Notice {
  @Field(() => ID)
  id!: string;

  @Field({
    description: 'ASSIGNED, WITHDRAWN, DEADLINE, INVITED, INVITATION_REMINDER, INVITATION_ANSWERED, INVITATION_EXPIRED',
  })
  kind!: string;

  @Field(() => ID, { nullable: true })
  roundId!: string | null;

  @Field()
  titleZh!: string;

  @Field()
  titleEn!: string;

  @Field()
  bodyZh!: string;

  @Field()
  bodyEn!: string;

  @Field(() => String, { nullable: true, description: 'where in the web it leads, e.g. /reviews' })
  link!: string | null;

  @Field(() => Date, { nullable: true })
  readAt!: Date | null;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class NoticePage {
  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  unread!: number;

  @Field(() => Int)
  offset!: number;

  @Field(() => [Notice])
  items!: Notice[];
}
