import { Args, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { Paginated, UuidPipe } from '@daicho/platform';
import { CreateUserInput } from './dto/create-user.input';
import { UpdateUserInput } from './dto/update-user.input';
import { UsersArgs } from './dto/users.args';
import { toUserModel, UserModel } from './user.model';
import { UserPasswordService } from './user-password.service';
import { UserService } from './user.service';

@ObjectType('UserConnection')
class UserConnection extends Paginated(UserModel, 'User') {}

@Resolver(() => UserModel)
export class UserResolver {
  constructor(
    private readonly userService: UserService,
    private readonly passwords: UserPasswordService,
  ) {}

  @Policy('create', 'User')
  @Mutation(() => UserModel)
  async createUser(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateUserInput,
  ): Promise<UserModel> {
    return toUserModel(await this.userService.createUser(ctx, input));
  }

  @Policy('update', 'User')
  @Mutation(() => UserModel)
  async updateUser(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
    @Args('input') input: UpdateUserInput,
  ): Promise<UserModel> {
    return toUserModel(await this.userService.updateUser(ctx, id, input));
  }

  @Policy('resetPassword', 'User')
  @Mutation(() => String, {
    nullable: true,
    description:
      'Sets and returns a one-time password; the user must change it at next login. For a user whose role reads personal data, an ADMIN or the AUDITOR (who checks the administrators) it returns null: the reset waits as an access grant, and its approver receives the password',
  })
  resetPassword(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ): Promise<string | null> {
    return this.passwords.resetPassword(ctx, id);
  }

  @Policy('read', 'User')
  @Query(() => UserConnection)
  async users(@Ctx() ctx: RequestContext, @Args() args: UsersArgs): Promise<UserConnection> {
    const page = await this.userService.listUsers(ctx, args.first, args.after);
    return {
      edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toUserModel(node) })),
      pageInfo: page.pageInfo,
    };
  }
}
