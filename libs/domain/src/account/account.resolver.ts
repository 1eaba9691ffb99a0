import { Access, Caller, CurrentCaller, Public, Role } from '@app/federation';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccountService } from './account.service';
import { AccountView, SessionToken, Viewer } from './account.types';
import { ChangeMyPasswordInput, CreateAccountInput, ResetAccountPasswordInput, SetAccountDisabledInput, SetAccountRolesInput } from './dto/account.inputs';
import { LoginService } from './login.service';

@Resolver()
export class AccountResolver {
  constructor(
    private readonly logins: LoginService,
    private readonly admin: AccountService,
    private readonly access: Access,
  ) {}

  @Public()
  @Mutation(() => SessionToken, { description: 'Log in to this host with an account of one of its nodes; the token expires soon, renewToken extends it' })
  login(@Args('username') username: string, @Args('password') password: string): Promise<SessionToken> {
    return this.logins.login(username, password);
  }

  @Mutation(() => SessionToken, { description: 'A new token for the caller’s account (with its current roles), while it is enabled and not locked' })
  renewToken(@CurrentCaller() caller: Caller): Promise<SessionToken> {
    return this.logins.renew(caller);
  }

  @Query(() => Viewer, { description: 'Who the token is for' })
  me(@CurrentCaller() caller: Caller): Promise<Viewer> {
    return this.logins.viewer(caller);
  }

  @Mutation(() => Boolean)
  changeMyPassword(@CurrentCaller() caller: Caller, @Args('input') input: ChangeMyPasswordInput): Promise<boolean> {
    return this.logins.changePassword(caller, input);
  }

  @Query(() => [AccountView], { description: 'The accounts of the administrator’s own node' })
  accounts(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string): Promise<AccountView[]> {
    this.administers(caller, nodeId);
    return this.admin.list(nodeId);
  }

  @Mutation(() => AccountView)
  createAccount(@CurrentCaller() caller: Caller, @Args('input') input: CreateAccountInput): Promise<AccountView> {
    this.administers(caller, input.nodeId);
    return this.admin.create(input);
  }

  @Mutation(() => AccountView, { description: 'Re-role an account of the administrator’s node' })
  setAccountRoles(@CurrentCaller() caller: Caller, @Args('input') input: SetAccountRolesInput): Promise<AccountView> {
    this.administers(caller, input.nodeId);
    return this.admin.setRoles(caller, input);
  }

  @Mutation(() => AccountView, { description: 'Disable an account, or enable it again (which also lifts a lock)' })
  setAccountDisabled(@CurrentCaller() caller: Caller, @Args('input') input: SetAccountDisabledInput): Promise<AccountView> {
    this.administers(caller, input.nodeId);
    return this.admin.setDisabled(caller, input);
  }

  @Mutation(() => AccountView, { description: 'Set a new password (and lift a lock)' })
  resetAccountPassword(@CurrentCaller() caller: Caller, @Args('input') input: ResetAccountPasswordInput): Promise<AccountView> {
    this.administers(caller, input.nodeId);
    return this.admin.resetPassword(input);
  }

  /** 系统管理员 of that very node: never of a parent's or a child's accounts. */
  private administers(caller: Caller, nodeId: string): void {
    this.access.assertRole(caller, Role.Administrator);
    this.access.assertActsFor(caller, nodeId);
  }
}
