import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountConfig, loadAccountConfig } from './account-config';
import { Account } from './account.entity';
import { AccountResolver } from './account.resolver';
import { AccountService } from './account.service';
import { LoginService } from './login.service';

/** Users of the nodes this host serves: login, token renewal, and their administration per node. */
@Module({
  imports: [TypeOrmModule.forFeature([Account])],
  providers: [LoginService, AccountService, AccountResolver, { provide: AccountConfig, useFactory: () => loadAccountConfig() }],
  exports: [LoginService],
})
export class AccountModule {}
