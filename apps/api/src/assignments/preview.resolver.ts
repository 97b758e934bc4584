import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { badInput } from '../common/graphql/errors';
import { MAX_PAGE } from '../common/graphql/page';
import {
  AssignmentPreviewModel,
  DisciplineCoverage,
  LoadBucket,
  PreviewPair,
  ProjectCoverage,
  ReviewerLoad,
} from './models/assignment.model';

const DISCIPLINES = ['MATH', 'MEDICINE', 'IT'] as const;

/** A slice of a stored list: all of it without `first` (older clients), else `first` rows from `offset`. */
function slice<T>(rows: T[], first: number | null, offset: number): T[] {
  if (!Number.isInteger(offset) || offset < 0) throw badInput('offset', 'must be a whole number ≥ 0 / 须为非负整数');
  if (first === null) return rows.slice(offset);
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw badInput('first', `must be a whole number from 1 to ${MAX_PAGE} / 须为 1 到 ${MAX_PAGE} 之间的整数`);
  return rows.slice(offset, offset + first);
}

const incomplete = (c: ProjectCoverage) => DISCIPLINES.some((d) => !c.covers.includes(d));

/**
 * A run's preview is stored whole with its job; the web reads it a page at a time (a round of
 * 20,000 projects proposes some 60,000 pairs) with the counts and the two charts' figures
 * computed here, so that no page carries the whole solution.
 */
@Resolver(() => AssignmentPreviewModel)
export class PreviewResolver {
  @ResolveField(() => [PreviewPair], { description: 'pairs the run adds; `first` and `offset` read a page' })
  added(
    @Parent() p: AssignmentPreviewModel,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ) {
    return slice(p.added, first ?? null, offset);
  }

  @ResolveField(() => [PreviewPair], { description: 'pairs the run removes; `first` and `offset` read a page' })
  removed(
    @Parent() p: AssignmentPreviewModel,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ) {
    return slice(p.removed, first ?? null, offset);
  }

  @ResolveField(() => [ProjectCoverage], {
    description: 'each project’s panel; `incomplete: true` keeps those lacking a discipline',
  })
  coverage(
    @Parent() p: AssignmentPreviewModel,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
    @Args('incomplete', { type: () => Boolean, defaultValue: false }) onlyIncomplete: boolean,
  ) {
    return slice(onlyIncomplete ? p.coverage.filter(incomplete) : p.coverage, first ?? null, offset);
  }

  @ResolveField(() => [ReviewerLoad], { description: 'each reviewer’s load; `first` and `offset` read a page' })
  loads(
    @Parent() p: AssignmentPreviewModel,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ) {
    return slice(p.loads, first ?? null, offset);
  }

  @ResolveField(() => Int)
  addedCount(@Parent() p: AssignmentPreviewModel) {
    return p.added.length;
  }

  @ResolveField(() => Int)
  removedCount(@Parent() p: AssignmentPreviewModel) {
    return p.removed.length;
  }

  @ResolveField(() => Int, { description: 'projects in the preview' })
  coverageCount(@Parent() p: AssignmentPreviewModel) {
    return p.coverage.length;
  }

  @ResolveField(() => Int, { description: 'projects whose panel lacks a discipline' })
  incompleteCount(@Parent() p: AssignmentPreviewModel) {
    return p.coverage.filter(incomplete).length;
  }

  @ResolveField(() => Int, { description: 'reviewers in the preview' })
  loadsCount(@Parent() p: AssignmentPreviewModel) {
    return p.loads.length;
  }

  @ResolveField(() => [DisciplineCoverage], { description: 'for each discipline, the projects whose panel has it' })
  disciplineCoverage(@Parent() p: AssignmentPreviewModel): DisciplineCoverage[] {
    return DISCIPLINES.map((d) => ({ discipline: d, projects: p.coverage.filter((c) => c.covers.includes(d)).length }));
  }

  @ResolveField(() => [LoadBucket], { description: 'reviewers by load, 0 up to the highest cap (every bucket listed)' })
  loadHistogram(@Parent() p: AssignmentPreviewModel): LoadBucket[] {
    const top = p.loads.reduce((m, l) => Math.max(m, l.maxLoad, l.load), 0);
    const counts = new Array<number>(top + 1).fill(0);
    for (const l of p.loads) counts[l.load]++;
    return counts.map((reviewers, load) => ({ load, reviewers }));
  }
}
