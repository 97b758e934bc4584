import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { ConflictEntity } from '../conflict.entity';

@ObjectType({ description: '利益冲突（回避）/ one reason of a conflicted project–reviewer pair' })
export class Conflict {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  roundId!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => ID)
  reviewerId!: string;

  @Field({
    description:
      'TEAM_MEMBER, SAME_CALL_APPLICANT, INSTITUTION, EMAIL_DOMAIN, COAUTHOR, ADVISOR, FAMILY, DECLARED, EXCLUDED_BY_APPLICANT',
  })
  rule!: string;

  @Field({ description: 'which person, paper, affiliation and dates (English)' })
  evidence!: string;

  @Field({ description: 'the same evidence in Chinese' })
  evidenceZh!: string;

  @Field({ description: 'DETECTED, DECLARED or EXCLUDED' })
  source!: string;

  @Field({ description: 'an officer cleared this pair for review, with a written reason' })
  overridden!: boolean;

  @Field()
  detectedAt!: Date;
}

/** The GraphQL shape of a stored conflict; every resolver returning a Conflict goes through it. */
export const conflictModel = (c: ConflictEntity & { overridden?: boolean }): Conflict => ({
  id: c.id,
  roundId: c.roundId,
  projectId: c.applicationId,
  reviewerId: c.reviewerId,
  rule: c.rule,
  evidence: c.evidence,
  evidenceZh: c.evidenceZh || c.evidence,
  source: c.source,
  overridden: Boolean(c.overridden),
  detectedAt: c.detectedAt,
});
