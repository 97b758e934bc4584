import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CursorPageOf } from '../common/graphql/page-type';

@ObjectType({ description: '承诺书 / the pledge reviewers of a round sign before any material or score' })
export class RoundPledge {
  @Field({ description: 'reviewers must sign before reading material or scoring' })
  required!: boolean;

  @Field(() => Int, { description: 'bumped whenever the text changes; a signature is for one version' })
  version!: number;

  @Field()
  textZh!: string;

  @Field()
  textEn!: string;
}

@ObjectType({ description: 'a signature of a round’s pledge' })
export class Pledge {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  roundId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => String, { nullable: true, description: 'officers only' })
  userName?: string | null;

  @Field(() => String, { nullable: true, description: 'officers only' })
  userEmail?: string | null;

  @Field(() => Int)
  version!: number;

  @Field({ description: 'the text as signed' })
  textZh!: string;

  @Field()
  textEn!: string;

  @Field()
  signedAt!: Date;
}

@ObjectType({ description: 'one page of a round’s pledge signatures' })
export class PledgePage extends CursorPageOf(Pledge, 'signatures') {}
