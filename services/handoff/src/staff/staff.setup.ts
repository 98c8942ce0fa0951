import { HandoffConfig } from '@citizen-desk/config';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Provider, Type } from '@nestjs/common';
import { ActiveStaffGuard } from './active-staff.guard';
import { AuthController } from './auth.controller';
import { StaffAccountStore } from './staff-account.store';
import { StaffController } from './staff.controller';
import { StaffAccountsRepository } from './staff-accounts.repository';
import { BootstrapAdmin } from './usecases/bootstrap-admin/bootstrap-admin.usecase';
import { ChangeStaffPassword } from './usecases/change-staff-password/change-staff-password.usecase';
import { CreateStaffAccount } from './usecases/create-staff-account/create-staff-account.usecase';
import { GetStaffAccount } from './usecases/get-staff-account/get-staff-account.usecase';
import { ListStaffAccounts } from './usecases/list-staff-accounts/list-staff-accounts.usecase';
import { Login } from './usecases/login/login.usecase';
import { UpdateStaffAccount } from './usecases/update-staff-account/update-staff-account.usecase';

/** The staff accounts' read model and use cases, which tests may also drive without HTTP. */
export interface StaffUseCases {
  repo: StaffAccountsRepository;
  login: Login;
  getAccount: GetStaffAccount;
  listAccounts: ListStaffAccounts;
  createAccount: CreateStaffAccount;
  updateAccount: UpdateStaffAccount;
  changePassword: ChangeStaffPassword;
  bootstrapAdmin: BootstrapAdmin;
}

export interface Staff {
  usecases: StaffUseCases;
  controllers: Type<unknown>[];
  providers: Provider[];
}

/** Staff accounts and sign-in inside the handoff service; the guard on its own routes reads the accounts. */
export function setUpStaff(
  runtime: ServiceRuntime,
  config: HandoffConfig,
  now: () => Date = () => new Date(),
): Staff {
  const repo = new StaffAccountsRepository(runtime.dataSource);
  const store = new StaffAccountStore(runtime.dataSource, runtime.eventStore, repo);
  const getAccount = new GetStaffAccount(repo, now);
  const createAccount = new CreateStaffAccount(store, getAccount, now);
  const usecases: StaffUseCases = {
    repo,
    login: new Login(
      repo,
      { tokenSecret: config.STAFF_TOKEN_SECRET, tokenTtlSeconds: config.STAFF_TOKEN_TTL_SECONDS },
      runtime.logger,
      now,
    ),
    getAccount,
    listAccounts: new ListStaffAccounts(repo, now),
    createAccount,
    updateAccount: new UpdateStaffAccount(repo, store, getAccount, now),
    changePassword: new ChangeStaffPassword(repo, store, now),
    bootstrapAdmin: new BootstrapAdmin(repo, createAccount, runtime.logger),
  };
  return {
    usecases,
    controllers: [AuthController, StaffController],
    providers: [
      { provide: StaffAccountsRepository, useValue: repo },
      { provide: Login, useValue: usecases.login },
      { provide: GetStaffAccount, useValue: usecases.getAccount },
      { provide: ListStaffAccounts, useValue: usecases.listAccounts },
      { provide: CreateStaffAccount, useValue: usecases.createAccount },
      { provide: UpdateStaffAccount, useValue: usecases.updateAccount },
      { provide: ChangeStaffPassword, useValue: usecases.changePassword },
      ActiveStaffGuard,
    ],
  };
}
