import {
  generateStaffSigningKey,
  loadStaffSigningKey,
  StaffTokenIssuer,
  StaffTokenVerifier,
} from '@citizen-desk/auth';
import { ConfigError, HandoffConfig } from '@citizen-desk/config';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Provider, Type } from '@nestjs/common';
import { ActiveStaffGuard } from './active-staff.guard';
import { AuthController } from './auth.controller';
import { SharedLoginThrottle } from './shared-login-throttle';
import { RecordedRevocations } from './recorded-revocations';
import { StaffAccountStore } from './staff-account.store';
import { StaffController } from './staff.controller';
import { StaffAccountsRepository } from './staff-accounts.repository';
import { BootstrapAdmin } from './usecases/bootstrap-admin/bootstrap-admin.usecase';
import { ChangeStaffPassword } from './usecases/change-staff-password/change-staff-password.usecase';
import { CreateStaffAccount } from './usecases/create-staff-account/create-staff-account.usecase';
import { GetStaffAccount } from './usecases/get-staff-account/get-staff-account.usecase';
import { ListStaffAccounts } from './usecases/list-staff-accounts/list-staff-accounts.usecase';
import { ListStaffNames } from './usecases/list-staff-names/list-staff-names.usecase';
import { Login } from './usecases/login/login.usecase';
import { Logout } from './usecases/logout/logout.usecase';
import { EraseStaffAccounts } from './usecases/erase-staff-accounts/erase-staff-accounts.usecase';
import { UpdateStaffAccount } from './usecases/update-staff-account/update-staff-account.usecase';

/** The staff accounts' read model and use cases, which tests may also drive without HTTP. */
export interface StaffUseCases {
  repo: StaffAccountsRepository;
  login: Login;
  logout: Logout;
  getAccount: GetStaffAccount;
  listAccounts: ListStaffAccounts;
  listNames: ListStaffNames;
  createAccount: CreateStaffAccount;
  updateAccount: UpdateStaffAccount;
  changePassword: ChangeStaffPassword;
  bootstrapAdmin: BootstrapAdmin;
  eraseAccounts: EraseStaffAccounts;
}

export interface Staff {
  usecases: StaffUseCases;
  /** Verifies staff tokens here as everywhere (the guard's), and the issuer that signs and revokes them. */
  tokens: { verifier: StaffTokenVerifier; issuer: StaffTokenIssuer };
  controllers: Type<unknown>[];
  providers: Provider[];
  stop(): void;
}

/**
 * Staff accounts and sign-in inside the handoff service; the guard on its own routes reads the accounts.
 * The signing key comes from STAFF_TOKEN_PRIVATE_KEY; outside production, without one, a key is made
 * at start (its public half reaches the other services through NATS KV like any other).
 */
export async function setUpStaff(
  runtime: ServiceRuntime,
  config: HandoffConfig,
  now: () => Date = () => new Date(),
): Promise<Staff> {
  if (!config.STAFF_TOKEN_PRIVATE_KEY && config.NODE_ENV === 'production')
    throw new ConfigError(['STAFF_TOKEN_PRIVATE_KEY: required in production']);
  const signingKey = config.STAFF_TOKEN_PRIVATE_KEY
    ? await loadStaffSigningKey(config.STAFF_TOKEN_PRIVATE_KEY)
    : await generateStaffSigningKey();
  if (!config.STAFF_TOKEN_PRIVATE_KEY)
    runtime.logger.info(
      { kid: signingKey.kid },
      'STAFF_TOKEN_PRIVATE_KEY is not set: signing staff tokens with a key made at start',
    );
  const verifier = await StaffTokenVerifier.open(runtime.messaging, runtime.logger);
  const issuer = await StaffTokenIssuer.open(
    verifier,
    signingKey,
    config.STAFF_TOKEN_TTL_SECONDS,
    runtime.logger,
  );
  // Counted in PostgreSQL, so that the limits hold for every replica together.
  const throttle = new SharedLoginThrottle(runtime.dataSource, {
    perIpPerMinute: config.STAFF_LOGIN_PER_IP_PER_MINUTE,
    globalPerMinute: config.STAFF_LOGIN_GLOBAL_PER_MINUTE,
  });
  const revocations = new RecordedRevocations(issuer, runtime.eventStore);
  const repo = new StaffAccountsRepository(runtime.dataSource);
  const store = new StaffAccountStore(runtime.dataSource, runtime.eventStore, repo);
  const getAccount = new GetStaffAccount(repo, now);
  const createAccount = new CreateStaffAccount(store, getAccount, now);
  const usecases: StaffUseCases = {
    repo,
    login: new Login(repo, store, issuer, throttle, runtime.logger, now),
    logout: new Logout(revocations, now),
    getAccount,
    listAccounts: new ListStaffAccounts(repo, now),
    listNames: new ListStaffNames(repo),
    createAccount,
    updateAccount: new UpdateStaffAccount(repo, store, getAccount, revocations, now),
    changePassword: new ChangeStaffPassword(repo, store, revocations, now),
    bootstrapAdmin: new BootstrapAdmin(repo, createAccount, runtime.logger),
    eraseAccounts: new EraseStaffAccounts(runtime.dataSource, store, now),
  };
  return {
    usecases,
    tokens: { verifier, issuer },
    controllers: [AuthController, StaffController],
    providers: [
      { provide: StaffAccountsRepository, useValue: repo },
      { provide: Login, useValue: usecases.login },
      { provide: Logout, useValue: usecases.logout },
      { provide: StaffTokenVerifier, useValue: verifier },
      { provide: GetStaffAccount, useValue: usecases.getAccount },
      { provide: ListStaffAccounts, useValue: usecases.listAccounts },
      { provide: ListStaffNames, useValue: usecases.listNames },
      { provide: CreateStaffAccount, useValue: usecases.createAccount },
      { provide: UpdateStaffAccount, useValue: usecases.updateAccount },
      { provide: ChangeStaffPassword, useValue: usecases.changePassword },
      ActiveStaffGuard,
    ],
    stop() {
      issuer.stop();
      verifier.stop();
    },
  };
}
