import { randomUUID } from 'node:crypto';
import { Caller, HostContext, Role } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, Repository } from 'typeorm';
import { Account } from './account.entity';
import { AccountErrorCode, AccountException } from './account.exception';
import { AccountView } from './account.types';
import { AccountRef, CreateAccountInput, ResetAccountPasswordInput, SetAccountDisabledInput, SetAccountRolesInput } from './dto/account.inputs';
import { hashPassword } from './password-hasher';

/** What a node's administrator does with the accounts of that node (the resolver checks who may). */
@Injectable()
export class AccountService {
  private readonly accounts: Repository<Account>;

  constructor(
    dataSource: DataSource,
    private readonly host: HostContext,
  ) {
    this.accounts = dataSource.getRepository(Account);
  }

  async list(nodeId: string): Promise<AccountView[]> {
    this.assertServed(nodeId);
    return (await this.accounts.find({ where: { nodeId }, order: { username: 'ASC' } })).map(view);
  }

  async create(input: CreateAccountInput): Promise<AccountView> {
    this.assertServed(input.nodeId);
    const now = new Date();
    const account: Account = {
      id: randomUUID(),
      nodeId: input.nodeId,
      username: input.username,
      displayName: input.displayName.trim(),
      roles: input.roles,
      passwordHash: await hashPassword(input.password),
      disabled: false,
      failedAttempts: 0,
      lockedUntil: null,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.accounts.insert(account);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new AccountException(AccountErrorCode.UsernameTaken, `the username ${input.username} is taken on this host`);
      }
      throw error;
    }
    return view(account);
  }

  async setRoles(caller: Caller, input: SetAccountRolesInput): Promise<AccountView> {
    const account = await this.load(input);
    if (isOwn(caller, account) && !input.roles.includes(Role.Administrator)) {
      throw new AccountException(AccountErrorCode.OwnAccount, 'an administrator cannot take the administrator role from their own account');
    }
    return this.save(account, { roles: input.roles });
  }

  /** Enabling also lifts a lock: the administrator has looked at the account. */
  async setDisabled(caller: Caller, input: SetAccountDisabledInput): Promise<AccountView> {
    const account = await this.load(input);
    if (isOwn(caller, account) && input.disabled) throw new AccountException(AccountErrorCode.OwnAccount, 'an administrator cannot disable their own account');
    return this.save(account, input.disabled ? { disabled: true } : { disabled: false, failedAttempts: 0, lockedUntil: null });
  }

  async resetPassword(input: ResetAccountPasswordInput): Promise<AccountView> {
    const account = await this.load(input);
    return this.save(account, { passwordHash: await hashPassword(input.password), failedAttempts: 0, lockedUntil: null });
  }

  private async load(ref: AccountRef): Promise<Account> {
    this.assertServed(ref.nodeId);
    const account = await this.accounts.findOne({ where: { id: ref.accountId, nodeId: ref.nodeId } });
    if (!account) throw new AccountException(AccountErrorCode.NotFound, `node ${ref.nodeId} has no account ${ref.accountId}`);
    return account;
  }

  private async save(account: Account, changes: Partial<Account>): Promise<AccountView> {
    const updated = { ...account, ...changes, updatedAt: new Date() };
    await this.accounts.update({ id: account.id }, { ...changes, updatedAt: updated.updatedAt });
    return view(updated);
  }

  private assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new AccountException(AccountErrorCode.NodeNotServedHere, `node ${nodeId} keeps its accounts on host ${this.host.hostOf(nodeId)}`);
  }
}

function isOwn(caller: Caller, account: Account): boolean {
  return caller.nodeId === account.nodeId && caller.subject === account.username;
}

function view(account: Account): AccountView {
  const locked = account.lockedUntil && account.lockedUntil > new Date() ? account.lockedUntil : undefined;
  return {
    id: account.id,
    nodeId: account.nodeId,
    username: account.username,
    displayName: account.displayName,
    roles: account.roles,
    disabled: account.disabled,
    failedAttempts: account.failedAttempts,
    lockedUntil: locked,
    lastLoginAt: account.lastLoginAt ?? undefined,
    createdAt: account.createdAt,
  };
}
