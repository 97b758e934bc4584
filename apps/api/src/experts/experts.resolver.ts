import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Discipline, Role } from '../common/auth/role.enum';
import { Institution } from '../people/models/people.model';
import { User } from '../users/models/user.model';
import { Expert, ExpertInput, ExpertPage } from './experts.models';
import { ExpertsService } from './experts.service';
import { InstitutionsService } from './institutions.service';

/** 专家库 and 单位库 for programme officers. */
@Resolver()
@Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
export class ExpertsResolver {
  constructor(
    private readonly pool: ExpertsService,
    private readonly registry: InstitutionsService,
  ) {}

  @Query(() => ExpertPage, {
    description: '专家库: search by name, e-mail, keyword or code; filter by discipline, keyword, institution',
  })
  experts(
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('discipline', { type: () => Discipline, nullable: true }) discipline: Discipline | null,
    @Args('keyword', { type: () => String, nullable: true }) keyword: string | null,
    @Args('institution', { type: () => String, nullable: true }) institution: string | null,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
    @Args('limit', { type: () => Int, defaultValue: 50 }) limit: number,
  ) {
    return this.pool.page({ search, discipline, keyword, institution }, offset, limit);
  }

  @Query(() => Expert)
  expert(@Args('id', { type: () => ID }) id: string) {
    return this.pool.get(id);
  }

  @Mutation(() => Expert, { description: 'adds one expert to the pool (checked as the import checks a row)' })
  createExpert(@Args('input') input: ExpertInput, @CurrentUser() user: AuthUser) {
    return this.pool.create(input, user);
  }

  @Mutation(() => Expert, { description: "replaces an expert's record; open rounds are re-detected" })
  updateExpert(
    @Args('personId', { type: () => ID }) personId: string,
    @Args('input') input: ExpertInput,
    @CurrentUser() user: AuthUser,
  ) {
    return this.pool.update(personId, input, user);
  }

  @Mutation(() => Boolean, { description: 'takes an expert out of the pool (the person and any account stay)' })
  removeExpert(@Args('personId', { type: () => ID }) personId: string, @CurrentUser() user: AuthUser) {
    return this.pool.remove(personId, user);
  }

  @Mutation(() => User, {
    description: "a REVIEWER account for the expert, linked to them, from their record's name and e-mail",
  })
  createExpertAccount(
    @Args('personId', { type: () => ID }) personId: string,
    @Args('password') password: string,
    @Args('email', {
      type: () => String,
      nullable: true,
      description: "one of the expert's e-mails; the first when absent",
    })
    email: string | null,
    @CurrentUser() user: AuthUser,
  ) {
    return this.pool.createAccount(personId, password, email, user);
  }

  @Query(() => [Institution], { description: '单位库: by name, English name or alias' })
  institutions(
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('limit', { type: () => Int, defaultValue: 200 }) limit: number,
  ) {
    return this.registry.list(search, limit);
  }
}
