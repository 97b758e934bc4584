import { Field, ID, ObjectType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';

@ObjectType({ description: '审计记录 / one entry of the append-only audit trail' })
export class AuditEntry {
  @Field(() => ID)
  id!: string;

  @Field()
  at!: Date;

  @Field(() => ID, { nullable: true })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  actorEmail!: string | null;

  @Field()
  action!: string;

  @Field()
  entity!: string;

  @Field(() => String, { nullable: true })
  entityId!: string | null;

  @Field(() => GraphQLJSON, { nullable: true })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  after!: unknown;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}
