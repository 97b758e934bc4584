import { Field, Int, ObjectType } from '@nestjs/graphql';
import { User } from '../../users/models/user.model';

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Bearer token for the Authorization header; short-lived' })
  accessToken!: string;

  @Field({ description: 'Single-use token for refreshToken(); rotates on every use' })
  refreshToken!: string;

  @Field(() => Int, { description: 'Seconds until accessToken expires' })
  expiresIn!: number;

  @Field(() => User)
  user!: User;
}
