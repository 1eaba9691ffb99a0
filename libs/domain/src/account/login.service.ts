import { Caller, CallerTokens, HostContext } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-chain';
import { AuditService } from '../audit/audit.service';
import { AccountConfig } from './account-config';
import { Account } from './account.entity';
import { AccountErrorCode, AccountException } from './account.exception';
import { SessionToken, Viewer } from './account.types';
import { ChangeMyPasswordInput, USERNAME } from './dto/account.inputs';
import { DECOY_HASH, hashPassword, verifyPassword } from './password-hasher';

type Attempt =
  | { outcome: 'unknown' }
  | { outcome: 'wrong'; account: Account; failures: number }
  | { outcome: 'locked-now'; account: Account; lockedUntil: Date }
  | { outcome: 'locked'; account: Account }
  | { outcome: 'disabled'; account: Account }
  | { outcome: 'ok'; account: Account };

const LOGIN = 'Mutation.login';

/**
 * Logging in with a username and password, and renewing the token while the console is used.
 * Every attempt is chained in the audit log of the account's node (of the host's first node for an
 * unknown name) before it is answered.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: CallerTokens,
    private readonly host: HostContext,
    private readonly audit: AuditService,
    private readonly config: AccountConfig,
  ) {}

  async login(username: string, password: string): Promise<SessionToken> {
    const name = username.trim().toLowerCase();
    const attempt = await this.attempt(name, password);
    const record = (outcome: AuditOutcome, detail: string, account?: Account) =>
      this.audit.append({
        nodeId: account?.nodeId ?? this.host.servedNodes[0].id,
        // An unknown name is no caller: the name tried is the target.
        caller: account ? { subject: account.username, nodeId: account.nodeId, roles: account.roles } : null,
        action: AuditAction.Login,
        operation: LOGIN,
        target: `username=${name.slice(0, 64)}`,
        outcome,
        detail,
      });
    switch (attempt.outcome) {
      case 'unknown':
        await record(AuditOutcome.Failed, 'unknown username');
        throw new AccountException(AccountErrorCode.InvalidCredentials, 'wrong username or password');
      case 'wrong':
        await record(AuditOutcome.Failed, `wrong password (${attempt.failures} of ${this.config.maxFailures})`, attempt.account);
        throw new AccountException(AccountErrorCode.InvalidCredentials, 'wrong username or password');
      case 'locked-now':
        await record(AuditOutcome.Failed, `wrong password (${this.config.maxFailures} of ${this.config.maxFailures})`, attempt.account);
        await record(AuditOutcome.Locked, `locked until ${attempt.lockedUntil.toISOString()}`, attempt.account);
        throw this.lockedError(attempt.lockedUntil);
      case 'locked':
        await record(AuditOutcome.Denied, `${AccountErrorCode.Locked}: until ${attempt.account.lockedUntil!.toISOString()}`, attempt.account);
        throw this.lockedError(attempt.account.lockedUntil!);
      case 'disabled':
        await record(AuditOutcome.Denied, AccountErrorCode.Disabled, attempt.account);
        throw new AccountException(AccountErrorCode.Disabled, 'this account is disabled');
      case 'ok':
        await record(AuditOutcome.Ok, '', attempt.account);
        return this.session(attempt.account);
    }
  }

  /** A fresh token for the caller's account, with its roles as they are now; refused once the account is disabled or locked. */
  async renew(caller: Caller): Promise<SessionToken> {
    const account = await this.accountOf(caller);
    if (!account) throw new AccountException(AccountErrorCode.NotAnAccount, 'this token was not issued by a login: ask for a new one with the token CLI');
    if (account.disabled) throw new AccountException(AccountErrorCode.Disabled, 'this account is disabled');
    if (account.lockedUntil && account.lockedUntil > new Date()) throw this.lockedError(account.lockedUntil);
    return this.session(account);
  }

  async viewer(caller: Caller): Promise<Viewer> {
    const account = await this.accountOf(caller);
    const node = this.host.registry.node(caller.nodeId);
    return {
      subject: caller.subject,
      nodeId: caller.nodeId,
      nodeName: node.name,
      tier: node.tier,
      roles: caller.roles,
      organisationId: caller.organisationId ?? null,
      hostId: this.host.hostId,
      displayName: account?.displayName ?? null,
      username: account?.username ?? null,
    };
  }

  async changePassword(caller: Caller, input: ChangeMyPasswordInput): Promise<boolean> {
    const account = await this.accountOf(caller);
    if (!account) throw new AccountException(AccountErrorCode.NotAnAccount, 'this token was not issued by a login');
    if (!(await verifyPassword(input.currentPassword, account.passwordHash))) throw new AccountException(AccountErrorCode.WrongCurrentPassword, 'the current password is wrong');
    await this.dataSource.getRepository(Account).update({ id: account.id }, { passwordHash: await hashPassword(input.newPassword), updatedAt: new Date() });
    return true;
  }

  /**
   * Checks the password under a lock on the account's row, so that parallel guesses are counted
   * one after another and cannot slip past the limit together.
   */
  private attempt(name: string, password: string): Promise<Attempt> {
    return this.dataSource.transaction(async (manager): Promise<Attempt> => {
      const plausible = USERNAME.test(name) && password.length <= 256;
      const account = plausible ? await manager.findOne(Account, { where: { username: name }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!account || !this.host.serves(account.nodeId)) {
        await verifyPassword(password.slice(0, 256), DECOY_HASH);
        return { outcome: 'unknown' };
      }
      const now = new Date();
      if (account.lockedUntil && account.lockedUntil > now) return { outcome: 'locked', account };
      if (!(await verifyPassword(password, account.passwordHash))) {
        // A lock that has run out starts a new count.
        const failures = (account.lockedUntil ? 0 : account.failedAttempts) + 1;
        if (failures >= this.config.maxFailures) {
          const lockedUntil = new Date(now.getTime() + this.config.lockSeconds * 1000);
          await manager.update(Account, { id: account.id }, { failedAttempts: 0, lockedUntil, updatedAt: now });
          return { outcome: 'locked-now', account, lockedUntil };
        }
        await manager.update(Account, { id: account.id }, { failedAttempts: failures, lockedUntil: null, updatedAt: now });
        return { outcome: 'wrong', account, failures };
      }
      if (account.disabled) return { outcome: 'disabled', account };
      await manager.update(Account, { id: account.id }, { failedAttempts: 0, lockedUntil: null, lastLoginAt: now });
      return { outcome: 'ok', account };
    });
  }

  private session(account: Account): SessionToken {
    const ttl = this.config.tokenTtlSeconds;
    const token = this.tokens.issue({ subject: account.username, nodeId: account.nodeId, roles: account.roles, ...(account.organisationId ? { organisationId: account.organisationId } : {}) }, ttl);
    const node = this.host.registry.node(account.nodeId);
    return {
      token,
      expiresAt: new Date(Date.now() + ttl * 1000),
      viewer: {
        subject: account.username,
        nodeId: account.nodeId,
        nodeName: node.name,
        tier: node.tier,
        roles: account.roles,
        organisationId: account.organisationId ?? null,
        hostId: this.host.hostId,
        displayName: account.displayName,
        username: account.username,
      },
    };
  }

  /** The account a token was issued for: its subject is the username (token CLI subjects never match one). */
  private accountOf(caller: Caller): Promise<Account | null> {
    if (!USERNAME.test(caller.subject)) return Promise.resolve(null);
    return this.dataSource.getRepository(Account).findOne({ where: { username: caller.subject, nodeId: caller.nodeId } });
  }

  private lockedError(until: Date): AccountException {
    return new AccountException(AccountErrorCode.Locked, `too many wrong passwords: the account is locked until ${until.toISOString()}`, { lockedUntil: until.toISOString() });
  }
}
