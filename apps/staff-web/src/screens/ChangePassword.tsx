import './account/account.css';
import { FormEvent, useState } from 'react';
import { handoff, problem } from '../api/clients';
import { useI18n } from '../i18n';
import { useRoute } from '../router';
import { useSession } from '../session';
import { useToast } from '../toast';
import { accountMessages } from './account/messages';
import { ViberLink } from './account/ViberLink';
import { useMessages } from './messages';

/**
 * The staff member's own account: a new password (forced at the first sign-in, or after an admin's
 * reset: every other screen waits until it is done) and, for those who write notices, their Viber
 * account for test sends.
 */
export function ChangePasswordScreen({ forced }: { forced: boolean }) {
  const { t } = useI18n();
  const m = useMessages(accountMessages);
  const { session, signIn, has } = useSession();
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
    const staff = session!.staff;
    const { error: refused, response } = await handoff.POST('/staff/{id}/password', {
      params: { path: { id: staff.id } },
      body: { currentPassword: current, password: next },
    });
    if (!response.ok) return setError(problem(refused, response.status));
    // The change revoked every token of the account, this one too: sign in again with the new password.
    toast(m('signInAgain'));
    const {
      data,
      error: loginRefused,
      response: loginAnswer,
    } = await handoff.POST('/auth/login', {
      body: { email: staff.email, password: next },
    });
    if (!data) return setError(problem(loginRefused, loginAnswer.status));
    signIn({
      token: data.token,
      staff: data.staff,
      expiresAt: data.expiresAt,
      mustChangePassword: data.mustChangePassword,
    });
    toast(t('passwordChanged'));
    go('/');
  };
  return (
    <div className="account">
      <form className="card narrow" onSubmit={submit} aria-labelledby="password-title">
        <h1 id="password-title">{t('changePassword')}</h1>
        {forced ? (
          <p role="status" className="notice">
            {t('mustChangePassword')} {m('forcedIntro')}
          </p>
        ) : null}
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
            minLength={10}
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
      {!forced && has('editor', 'supervisor', 'official') ? <ViberLink /> : null}
    </div>
  );
}
