import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { CreateUserInput, UpdateUserInput } from './dto/user.input';
import { User, UserPage } from './models/user.model';
import { UsersService } from './users.service';

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly service: UsersService) {}

  @Roles(Role.ADMIN)
  @Query(() => [User], { name: 'users', description: '用户列表 / all accounts (admins)' })
  listUsers(
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
    @Args('limit', { type: () => Int, defaultValue: 100 }) limit: number,
  ): Promise<User[]> {
    return this.service.list(Math.max(0, offset), Math.max(1, limit));
  }

  @Roles(Role.ADMIN)
  @Query(() => UserPage, {
    description:
      '用户列表 / accounts a page at a time in e-mail order, found by name or e-mail, narrowed by role (admins)',
  })
  userPage(
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('role', { type: () => Role, nullable: true }) role: Role | null,
  ): Promise<UserPage> {
    return this.service.page({ search: search ?? null, role: role ?? null }, first, after ?? null);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => User, { description: '创建用户 / create an account (admins)' })
  createUser(@Args('input') input: CreateUserInput, @CurrentUser() actor: AuthUser): Promise<User> {
    return this.service.create(input, actor);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => User, { description: '修改用户：姓名、角色、停用 / update name, roles, disabled (admins)' })
  updateUser(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateUserInput,
    @CurrentUser() actor: AuthUser,
  ): Promise<User> {
    return this.service.update(id, input, actor);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Boolean, { description: '重置密码 / set a user’s password; signs them out everywhere (admins)' })
  async setUserPassword(
    @Args('id', { type: () => ID }) id: string,
    @Args('password') password: string,
    @CurrentUser() actor: AuthUser,
  ): Promise<boolean> {
    await this.service.setPassword(id, password, actor);
    return true;
  }
}
