import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { checkSlice } from '../common/graphql/page';
import { AssignmentsService } from './assignments.service';
import { AssignmentPreviewModel, PreviewPair, ProjectCoverage, ReviewerLoad } from './models/assignment.model';

/**
 * A run's preview is stored whole with its job; its lists are read a page at a time, sliced in
 * SQL (a round of 20,000 projects proposes some 60,000 pairs), and its counts and chart figures
 * come with the run ({@link AssignmentsService.runView}), so that no answer carries the whole solution.
 */
@Resolver(() => AssignmentPreviewModel)
export class PreviewResolver {
  constructor(private readonly assignments: AssignmentsService) {}

  private slice(
    p: AssignmentPreviewModel,
    list: 'added' | 'removed' | 'coverage' | 'loads',
    first: number | null,
    offset: number,
    incomplete = false,
  ) {
    checkSlice(first, offset);
    return this.assignments.previewSlice(p.runId, list, first, offset, incomplete);
  }

  @ResolveField(() => [PreviewPair], { description: 'pairs the run adds; `first` and `offset` read a page' })
  added(
    @Parent() p: AssignmentPreviewModel,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ) {
    return this.slice(p, 'added', first ?? null, offset);
  }

  @ResolveField(() => [PreviewPair], { description: 'pairs the run removes; `first` and `offset` read a page' })
  removed(
    @Parent() p: AssignmentPreviewModel,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ) {
    return this.slice(p, 'removed', first ?? null, offset);
  }

  @ResolveField(() => [ProjectCoverage], {
    description: 'each project’s panel; `incomplete: true` keeps those lacking a discipline',
  })
  coverage(
    @Parent() p: AssignmentPreviewModel,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
    @Args('incomplete', { type: () => Boolean, defaultValue: false }) incomplete: boolean,
  ) {
    return this.slice(p, 'coverage', first ?? null, offset, incomplete);
  }

  @ResolveField(() => [ReviewerLoad], { description: 'each reviewer’s load; `first` and `offset` read a page' })
  loads(
    @Parent() p: AssignmentPreviewModel,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ) {
    return this.slice(p, 'loads', first ?? null, offset);
  }
}
