import { transactionOrPreview } from '../common/database/dry-run';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import GraphQLJSON from 'graphql-type-json';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import type { GqlContext } from '../common/graphql/loaders';
import { notFound } from '../common/graphql/errors';
import { exportCallOf, importCallInto } from './calls';
import { CallPhaseModel, Direction, Program } from './models/program.model';
import { DirectionEntity, ProgramEntity } from './program.entity';

@Resolver(() => Program)
export class ProgramsResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

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

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Mutation(() => Program, {
    description:
      '导入资助指南 / a call as data (docs/contract/call.md): all or nothing, every problem by its JSON path; a known code is updated only while no round of it has opened; dryRun validates only',
  })
  async importCall(
    @Args('definition', { type: () => GraphQLJSON }) definition: unknown,
    @Args('dryRun', { type: () => Boolean, nullable: true }) dryRun: boolean | null,
    @CurrentUser() user: AuthUser,
  ): Promise<ProgramEntity> {
    // a dry run writes it all in a transaction that is rolled back, and answers what it wrote
    return transactionOrPreview(this.db, !!dryRun, async (m) => {
      const p = await importCallInto(m, definition, user.id, this.audit);
      if (!dryRun) return p;
      const directions = await m.find(DirectionEntity, { where: { programId: p.id }, order: { number: 'ASC' } });
      return Object.assign(p, { preview: directions });
    });
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => GraphQLJSON, {
    description: '导出资助指南 / the call as importCall takes it (to copy it to a new year)',
  })
  async exportCall(@Args('programId', { type: () => ID }) programId: string) {
    const def = await exportCallOf(this.db.manager, programId);
    if (!def) throw notFound('program', programId);
    return def;
  }

  @ResolveField(() => [Direction])
  directions(@Parent() program: ProgramEntity & { preview?: DirectionEntity[] }, @Context() ctx: GqlContext) {
    // a dry run's directions were read before its transaction rolled back
    return program.preview ?? ctx.loaders.directionsByProgram.load(program.id);
  }

  @ResolveField(() => [CallPhaseModel])
  phases(@Parent() program: ProgramEntity): CallPhaseModel[] {
    return (program.phases ?? []).map((p) => ({
      phase: p.phase,
      years: p.years,
      start: p.start ?? null,
      end: p.end ?? null,
      funders: p.funders,
      defaultAmount: p.defaultAmount ?? null,
      minAmount: p.minAmount ?? null,
      requires: p.requires ?? [],
    }));
  }

  @ResolveField(() => Boolean)
  async editable(@Parent() program: ProgramEntity & { preview?: unknown }, @Context() ctx: GqlContext) {
    if (program.preview) return true;
    return (await ctx.loaders.roundsByProgram.load(program.id)).every((r) => r.status === 'DRAFT');
  }
}
