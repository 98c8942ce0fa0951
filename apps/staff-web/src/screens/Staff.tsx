import { FormEvent, useCallback, useEffect, useState } from 'react';
import type { components } from '../api/handoff';
import { handoff, ok } from '../api/clients';
import { useI18n } from '../i18n';
import { useToast } from '../toast';

type Account = components['schemas']['StaffAccountDto'];
type Role = Account['roles'][number];
const ROLES: Role[] = ['operator', 'supervisor', 'editor', 'official', 'admin'];

export function StaffScreen() {
  const { t } = useI18n();
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

  const run = async (call: Promise<{ response: Response; error?: unknown }>) => {
    try {
      await ok(call as never);
      toast(t('done'));
    } catch (e) {
      toast((e as Error).message);
    }
    await load();
  };
  const departments = (s: string) =>
    s
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    await run(
      handoff.POST('/staff', {
        body: {
          name: form.name,
          email: form.email,
          password: form.password,
          roles: form.roles,
          departments: departments(form.departments),
        },
      }),
    );
    setForm({ name: '', email: '', password: '', departments: '', roles: [] });
  };

  return (
    <div className="staff">
      <h1>{t('staff')}</h1>
      <table>
        <caption className="sr-only">{t('staff')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('email')}</th>
            <th scope="col">{t('roles')}</th>
            <th scope="col">{t('departments')}</th>
            <th scope="col">
              <span className="sr-only">actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <AccountRow key={`${a.id}-${a.updatedAt}`} account={a} run={run} />
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
            {t('password')}
            <input
              type="password"
              autoComplete="new-password"
              required
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          </label>
          <label>
            {t('departments')}
            <input
              value={form.departments}
              onChange={(e) => setForm({ ...form, departments: e.target.value })}
            />
          </label>
        </div>
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

function AccountRow({
  account,
  run,
}: {
  account: Account;
  run(call: Promise<{ response: Response }>): Promise<void>;
}) {
  const { t } = useI18n();
  const [roles, setRoles] = useState<Role[]>(account.roles);
  const [depts, setDepts] = useState(account.departments.join(', '));
  const [password, setPassword] = useState('');
  const id = account.id;
  return (
    <tr className={account.active ? '' : 'inactive'}>
      <td>
        {account.name} {account.active ? '' : `(${t('inactive')})`}
      </td>
      <td>{account.email}</td>
      <td>
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
          onClick={() =>
            void run(
              handoff.PATCH('/staff/{id}', {
                params: { path: { id } },
                body: {
                  roles,
                  departments: depts
                    .split(',')
                    .map((d) => d.trim())
                    .filter(Boolean),
                },
              }),
            )
          }
        >
          {t('save')}
        </button>
        <button
          type="button"
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
          disabled={!password}
          onClick={() =>
            void run(
              handoff.POST('/staff/{id}/password', { params: { path: { id } }, body: { password } }),
            ).then(() => setPassword(''))
          }
        >
          {t('resetPassword')}
        </button>
      </td>
    </tr>
  );
}
