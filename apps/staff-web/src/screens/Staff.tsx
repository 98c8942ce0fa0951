import './staff/staff.css';
import { FormEvent, useCallback, useEffect, useState } from 'react';
import type { components } from '../api/handoff';
import { handoff, ok } from '../api/clients';
import { useI18n } from '../i18n';
import { useToast } from '../toast';
import { useMessages } from './messages';
import { staffMessages } from './staff/messages';

type Account = components['schemas']['StaffAccountDto'];
type Role = Account['roles'][number];
const ROLES: Role[] = ['operator', 'supervisor', 'editor', 'official', 'admin'];

const departmentsOf = (s: string) =>
  s
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);

type Run = (call: Promise<{ response: Response; error?: unknown }>, done?: string) => Promise<boolean>;

/**
 * Staff accounts for admins: create (with a temporary password the person replaces at the first
 * sign-in), roles, departments, deactivation, and a password reset (again replaced at the next sign-in).
 */
export function StaffScreen() {
  const { t } = useI18n();
  const m = useMessages(staffMessages);
  const toast = useToast();
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [form, setForm] = useState({
    name: '',
    email: '',
    password: '',
    departments: '',
    roles: [] as Role[],
  });

  const load = useCallback(async () => {
    const r = await handoff.GET('/staff');
    setAccounts((r.data as unknown as Account[]) ?? []);
  }, []);
  useEffect(() => void load(), [load]);

  const run: Run = async (call, done) => {
    let succeeded = false;
    try {
      await ok(call as never);
      toast(done ?? t('done'));
      succeeded = true;
    } catch (e) {
      toast((e as Error).message);
    }
    await load();
    return succeeded;
  };
  const create = async (e: FormEvent) => {
    e.preventDefault();
    const created = await run(
      handoff.POST('/staff', {
        body: {
          name: form.name,
          email: form.email,
          password: form.password,
          roles: form.roles,
          departments: departmentsOf(form.departments),
        },
      }),
      m('created', { name: form.name }),
    );
    if (created) setForm({ name: '', email: '', password: '', departments: '', roles: [] });
  };
  const known = [...new Set(accounts.flatMap((a) => a.departments))].sort();

  return (
    <div className="staff">
      <h1>{t('staff')}</h1>
      <table>
        <caption className="sr-only">{t('staff')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('email')}</th>
            <th scope="col">{m('status')}</th>
            <th scope="col">{t('roles')}</th>
            <th scope="col">{t('departments')}</th>
            <th scope="col">
              <span className="sr-only">actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <AccountRow key={`${a.id}-${a.updatedAt}-${a.mustChangePassword}`} account={a} run={run} />
          ))}
        </tbody>
      </table>
      <form className="card" onSubmit={create} aria-labelledby="create-title">
        <h2 id="create-title">{t('createAccount')}</h2>
        <div className="row wrap">
          <label>
            {t('name')}
            <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          <label>
            {t('email')}
            <input
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          </label>
          <label>
            {m('temporaryPassword')}
            <input
              type="password"
              autoComplete="new-password"
              required
              minLength={10}
              aria-describedby="temporary-hint"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          </label>
          <label>
            {t('departments')}
            <input
              aria-describedby="known-departments"
              value={form.departments}
              onChange={(e) => setForm({ ...form, departments: e.target.value })}
            />
          </label>
        </div>
        <p id="temporary-hint" className="muted">
          {m('temporaryHint')}
        </p>
        <p id="known-departments" className="muted">
          {known.length ? m('knownDepartments', { list: known.join(', ') }) : ''}
        </p>
        <fieldset className="row">
          <legend>{t('roles')}</legend>
          {ROLES.map((r) => (
            <label key={r} className="check">
              <input
                type="checkbox"
                checked={form.roles.includes(r)}
                onChange={(e) =>
                  setForm({
                    ...form,
                    roles: e.target.checked ? [...form.roles, r] : form.roles.filter((x) => x !== r),
                  })
                }
              />
              {r}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary">
          {t('createAccount')}
        </button>
      </form>
    </div>
  );
}

function AccountRow({ account, run }: { account: Account; run: Run }) {
  const { t, dateTime } = useI18n();
  const m = useMessages(staffMessages);
  const [roles, setRoles] = useState<Role[]>(account.roles);
  const [depts, setDepts] = useState(account.departments.join(', '));
  const [password, setPassword] = useState('');
  const id = account.id;
  const lockedUntil = account.lockedUntil as unknown as string | null | undefined;
  const state = [
    account.active ? m('active') : t('inactive'),
    account.mustChangePassword ? m('mustChange') : '',
    lockedUntil ? m('locked', { at: dateTime(lockedUntil) }) : '',
  ].filter(Boolean);
  return (
    <tr className={account.active ? '' : 'inactive'} data-email={account.email}>
      <td>{account.name}</td>
      <td>{account.email}</td>
      <td data-state>{state.join(' · ')}</td>
      <td>
        <fieldset className="plain">
          <legend className="sr-only">{m('rolesOf', { name: account.name })}</legend>
          {ROLES.map((r) => (
            <label key={r} className="check">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
              />
              {r}
            </label>
          ))}
        </fieldset>
      </td>
      <td>
        <input
          aria-label={`${t('departments')}: ${account.name}`}
          value={depts}
          onChange={(e) => setDepts(e.target.value)}
        />
      </td>
      <td className="actions">
        <button
          type="button"
          aria-label={`${t('save')}: ${account.name}`}
          onClick={() =>
            void run(
              handoff.PATCH('/staff/{id}', {
                params: { path: { id } },
                body: { roles, departments: departmentsOf(depts) },
              }),
            )
          }
        >
          {t('save')}
        </button>
        <button
          type="button"
          aria-label={`${account.active ? t('deactivate') : t('activate')}: ${account.name}`}
          onClick={() =>
            void run(
              handoff.PATCH('/staff/{id}', { params: { path: { id } }, body: { active: !account.active } }),
            )
          }
        >
          {account.active ? t('deactivate') : t('activate')}
        </button>
        <input
          type="password"
          autoComplete="new-password"
          aria-label={t('newPasswordFor', { name: account.name })}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button
          type="button"
          aria-label={`${t('resetPassword')}: ${account.name}`}
          disabled={!password}
          onClick={() =>
            void run(
              handoff.POST('/staff/{id}/password', { params: { path: { id } }, body: { password } }),
              m('reset', { name: account.name }),
            ).then(() => setPassword(''))
          }
        >
          {t('resetPassword')}
        </button>
      </td>
    </tr>
  );
}
