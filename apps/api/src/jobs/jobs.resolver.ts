import { Args, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { notFound } from '../common/graphql/errors';
import type { JobEntity } from './job.entity';
import { JobsService } from './jobs.service';
import { UUID } from '../common/graphql/ids';

@ObjectType({ description: '后台任务 / a tracked run of long work: its stage, per cent and result' })
export class Run {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'assignment.generate, conflicts.detect, …' })
  kind!: string;

  @Field({ description: 'QUEUED, RUNNING, DONE, FAILED or CANCELLED' })
  status!: string;

  @Field(() => Int)
  progress!: number;

  @Field(() => String, { nullable: true, description: 'the stage (both languages), or why it failed' })
  message!: string | null;

  @Field(() => GraphQLJSON, { nullable: true })
  result!: unknown;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}

export const runOf = (j: JobEntity): Run => ({
  id: j.id,
  kind: j.kind,
  status: j.status,
  progress: j.progress,
  message: j.message,
  result: j.result,
  createdAt: j.createdAt,
  finishedAt: j.finishedAt,
});

@Resolver(() => Run)
export class JobsResolver {
  constructor(private readonly jobs: JobsService) {}

  @Roles(Role.PROGRAM_OFFICER)
  @Query(() => Run, { description: 'a background run: poll it for its stage and per cent' })
  async run(@Args('id', { type: () => ID }) id: string): Promise<Run> {
    const j = UUID.test(id) ? await this.jobs.get(id) : null;
    if (!j) throw notFound('run', id);
    return runOf(j);
  }

  @Roles(Role.PROGRAM_OFFICER)
  @Mutation(() => Run, {
    description: 'stop a queued or running run (it stops at its next stage; nothing it was writing is kept)',
  })
  async cancelRun(@Args('id', { type: () => ID }) id: string, @CurrentUser() user: AuthUser): Promise<Run> {
    const j = UUID.test(id) ? await this.jobs.cancel(id, user.id) : null;
    if (!j) throw notFound('run', id);
    return runOf(j);
  }
}
