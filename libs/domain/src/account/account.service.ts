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
    private readonly dataSource: DataSource,
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
    await this.assertScope(input.nodeId, input.roles, input.organisationId);
    const now = new Date();
    const account: Account = {
      id: randomUUID(),
      nodeId: input.nodeId,
      username: input.username,
      displayName: input.displayName.trim(),
      roles: input.roles,
      organisationId: input.organisationId ?? null,
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
    await this.assertScope(input.nodeId, input.roles, input.organisationId);
    return this.save(account, { roles: input.roles, organisationId: input.organisationId ?? null });
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

  /**
   * A person of an organisation without a node of its own (被巡视巡察党组织) holds that role alone, for
   * one organisation of the node's own register whose rectification is served here.
   */
  private async assertScope(nodeId: string, roles: Role[], organisationId: string | undefined): Promise<void> {
    const scoped = roles.includes(Role.InspectedOrganisation);
    if (!scoped && !organisationId) return;
    if (!scoped || !organisationId || roles.length !== 1) {
      throw new AccountException(AccountErrorCode.OrganisationScope, 'an organisation’s account has the role inspected_organisation alone and names its organisation');
    }
    const [org] = await this.dataSource.query(`SELECT 1 FROM organisation WHERE node_id = $1 AND id = $2 AND inspector_node_id = $1 AND region_node_id IS NULL`, [nodeId, organisationId]);
    if (!org) throw new AccountException(AccountErrorCode.OrganisationScope, `organisation ${organisationId} is not one of ${nodeId}'s register served here`);
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
    organisationId: account.organisationId ?? null,
    disabled: account.disabled,
    failedAttempts: account.failedAttempts,
    lockedUntil: locked,
    lastLoginAt: account.lastLoginAt ?? undefined,
    createdAt: account.createdAt,
  };
}
