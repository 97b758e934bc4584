import { Field, ID, ObjectType } from '@nestjs/graphql';
import { CursorPageOf } from '../../common/graphql/page-type';
import { Role } from '../../common/auth/role.enum';

@ObjectType({ description: '用户 / a signed-in account' })
export class User {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field()
  disabled!: boolean;

  @Field()
  locale!: string;

  @Field(() => ID, { nullable: true })
  personId!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: 'one page of the accounts' })
export class UserPage extends CursorPageOf(User, 'accounts') {}
