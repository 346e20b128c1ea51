import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, MfaStep, Public, RequestContext, SelfService } from '@daicho/access';
import { UserPasswordService } from '../user/user-password.service';
import { UserService } from '../user/user.service';
import { toUserModel, UserModel } from '../user/user.model';
import { ChangePasswordInput } from './dto/change-password.input';
import { LoginInput } from './dto/login.input';
import { LoginResultModel } from './login-result.model';
import { SessionService, clientLeft } from './session.service';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly sessions: SessionService,
    private readonly users: UserService,
    private readonly passwords: UserPasswordService,
  ) {}

  @Public()
  @Mutation(() => LoginResultModel)
  login(
    @Args('input') input: LoginInput,
    @Context('req') req: { id?: unknown; ip?: string; socket?: { destroyed?: boolean } },
  ): Promise<LoginResultModel> {
    const requestId = typeof req.id === 'string' ? req.id : '';
    return this.sessions.login(input.email, input.password, requestId, req.ip, () =>
      clientLeft(req),
    );
  }

  @SelfService()
  @MfaStep()
  @Mutation(() => Boolean)
  async logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    await this.sessions.logout(ctx);
    return true;
  }

  @SelfService()
  @Query(() => UserModel, { description: 'The logged-in user' })
  async me(@Ctx() ctx: RequestContext): Promise<UserModel> {
    return toUserModel(await this.users.me(ctx));
  }

  @SelfService()
  @Mutation(() => Boolean)
  async changePassword(
    @Ctx() ctx: RequestContext,
    @Args('input') input: ChangePasswordInput,
    @Context('req') req: { ip?: string },
  ): Promise<boolean> {
    await this.passwords.changePassword(ctx, input.currentPassword, input.newPassword, req.ip);
    return true;
  }
}
