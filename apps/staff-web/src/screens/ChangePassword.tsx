import { FormEvent, useState } from 'react';
import { handoff, problem } from '../api/clients';
import { useI18n } from '../i18n';
import { useRoute } from '../router';
import { useSession } from '../session';
import { useToast } from '../toast';

export function ChangePasswordScreen({ forced }: { forced: boolean }) {
  const { t } = useI18n();
  const { session, passwordChanged } = useSession();
  const { go } = useRoute();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    if (next !== again) return setError(t('passwordsDiffer'));
    const { error: refused, response } = await handoff.POST('/staff/{id}/password', {
      params: { path: { id: session!.staff.id } },
      body: { currentPassword: current, password: next },
    });
    if (!response.ok) return setError(problem(refused, response.status));
    toast(t('passwordChanged'));
    passwordChanged();
    go('/');
  };
  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="password-title">
      <h1 id="password-title">{t('changePassword')}</h1>
      {forced ? <p>{t('mustChangePassword')}</p> : null}
      <label>
        {t('currentPassword')}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label>
        {t('newPassword')}
        <input
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </label>
      <label>
        {t('repeatPassword')}
        <input
          type="password"
          autoComplete="new-password"
          required
          value={again}
          onChange={(e) => setAgain(e.target.value)}
        />
      </label>
      <p className="error" role="alert">
        {error}
      </p>
      <button type="submit" className="primary">
        {t('save')}
      </button>
    </form>
  );
}
