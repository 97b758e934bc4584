import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { GqlContext } from '../common/graphql/loaders';
import { notFound } from '../common/graphql/errors';
import { Direction, Program } from './models/program.model';
import { ProgramEntity } from './program.entity';

@Resolver(() => Program)
export class ProgramsResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Query(() => [Program], { description: '资助计划 / every call, newest first' })
  programs(): Promise<ProgramEntity[]> {
    return this.db.getRepository(ProgramEntity).find({ order: { year: 'DESC', code: 'ASC' } });
  }

  @Query(() => Program)
  async program(@Args('id', { type: () => ID }) id: string): Promise<ProgramEntity> {
    const p = await this.db.getRepository(ProgramEntity).findOneBy({ id });
    if (!p) throw notFound('program', id);
    return p;
  }

  @ResolveField(() => [Direction])
  directions(@Parent() program: ProgramEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.directionsByProgram.load(program.id);
  }
}
