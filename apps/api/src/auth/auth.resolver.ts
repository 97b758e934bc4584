import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser, Public } from '../common/auth/decorators';
import { UsersService } from '../users/users.service';
import { User } from '../users/models/user.model';
import type { UserEntity } from '../users/user.entity';
import { AuthService } from './auth.service';
import { GqlLocalAuthGuard } from './local.guard';
import { AuthPayload } from './models/auth-payload.model';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @UseGuards(GqlLocalAuthGuard)
  @Mutation(() => AuthPayload, { description: '登录 / sign in with e-mail and password' })
  login(
    @Args('email') _email: string,
    @Args('password') _password: string,
    @Context('req') req: FastifyRequest & { user?: UserEntity },
  ): Promise<AuthPayload> {
    return this.auth.issue(req.user as UserEntity);
  }

  @Public()
  @Mutation(() => AuthPayload, { description: 'Exchange a refresh token for new tokens (rotation)' })
  refreshToken(@Args('refreshToken') refreshToken: string): Promise<AuthPayload> {
    return this.auth.refresh(refreshToken);
  }

  @Mutation(() => Boolean, { description: '退出登录 / revoke this session (or all sessions without a token)' })
  logout(
    @CurrentUser() user: AuthUser,
    @Args('refreshToken', { nullable: true, type: () => String }) refreshToken?: string | null,
  ): Promise<boolean> {
    return this.auth.logout(user, refreshToken);
  }

  @Mutation(() => AuthPayload, { description: '修改密码 / change password; every other session is signed out' })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Args('currentPassword') currentPassword: string,
    @Args('newPassword') newPassword: string,
    @Context('req') req: FastifyRequest,
  ): Promise<AuthPayload> {
    return this.auth.changePassword(user, currentPassword, newPassword, req.ip || 'unknown');
  }

  @Mutation(() => Boolean, {
    description:
      '注销账号 / close your own account (reviewers and leads): name and e-mail replaced by a code, reviews kept under it; refused while work is open',
  })
  closeMyAccount(
    @CurrentUser() user: AuthUser,
    @Args('password') password: string,
    @Context('req') req: FastifyRequest,
  ): Promise<boolean> {
    return this.auth.closeAccount(user, password, req.ip || 'unknown');
  }

  @Query(() => User, { description: '当前用户 / who am I' })
  me(@CurrentUser() user: AuthUser): Promise<User> | User {
    // the account row was read (active, current token version) when the token was checked
    if (user.locale !== undefined && user.createdAt !== undefined)
      return { ...user, disabled: false, locale: user.locale, createdAt: user.createdAt };
    return this.users.get(user.id);
  }
}
