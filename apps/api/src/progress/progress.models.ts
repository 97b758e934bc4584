import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CursorPageOf } from '../common/graphql/page-type';

@ObjectType()
export class ReviewerProgress {
  @Field(() => ID)
  reviewerId!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field(() => Int)
  assigned!: number;

  @Field(() => Int)
  drafts!: number;

  @Field(() => Int)
  submitted!: number;

  @Field({ description: 'past the deadline with reviews not submitted' })
  overdue!: boolean;
}

@ObjectType()
export class ProjectProgress {
  @Field(() => ID)
  projectId!: string;

  @Field()
  externalId!: string;

  @Field()
  title!: string;

  @Field(() => Int)
  direction!: number;

  @Field(() => Int)
  assigned!: number;

  @Field(() => Int)
  drafts!: number;

  @Field(() => Int)
  submitted!: number;
}

@ObjectType({ description: '评审进度 / progress of a round' })
export class RoundProgress {
  @Field(() => Int)
  assigned!: number;

  @Field(() => Int)
  drafts!: number;

  @Field(() => Int)
  submitted!: number;

  /** served page by page by {@link RoundProgressResolver} */
  reviewers!: ReviewerProgress[];

  /** served page by page by {@link RoundProgressResolver} */
  projects!: ProjectProgress[];
}

@ObjectType()
export class ReminderRecipient {
  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field(() => Int, { description: 'reviews not yet submitted' })
  due!: number;
}

@ObjectType({ description: 'what sendReminders would do now' })
export class ReminderPreview {
  @Field({ description: 'SMTP: the messages are sent; OUTBOX: no mail server is configured, they are only kept' })
  delivery!: 'SMTP' | 'OUTBOX';

  @Field(() => [ReminderRecipient])
  recipients!: ReminderRecipient[];

  @Field(() => String, { nullable: true, description: 'the first message, as it would be sent' })
  subject!: string | null;

  @Field(() => String, { nullable: true })
  body!: string | null;
}

@ObjectType()
export class OutboxMessage {
  @Field(() => ID)
  id!: string;

  @Field()
  toAddress!: string;

  @Field()
  subject!: string;

  @Field()
  body!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  sentAt!: Date | null;

  @Field({ description: 'KEPT (no SMTP server configured), PENDING, SENDING, SENT or FAILED' })
  status!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'the SMTP server’s answer to the last failed attempt' })
  error!: string | null;
}

@ObjectType({ description: 'one page of the outbox, newest first' })
export class OutboxPage extends CursorPageOf(OutboxMessage, 'messages') {}
