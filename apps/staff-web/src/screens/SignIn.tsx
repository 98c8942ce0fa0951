import { FormEvent, useState } from 'react';
import { handoff, problem } from '../api/clients';
import { useI18n } from '../i18n';
import { useSession } from '../session';

export function SignInScreen() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    const {
      data,
      error: refused,
      response,
    } = await handoff.POST('/auth/login', { body: { email, password } });
    if (!data) return setError(`${t('signInFailed')}: ${problem(refused, response.status)}`);
    // A new account, or one whose password an admin reset, must choose its own first: the API
    // refuses everything else with this token, and the app shows only the password screen.
    signIn({
      token: data.token,
      staff: data.staff,
      expiresAt: data.expiresAt,
      mustChangePassword: data.mustChangePassword,
    });
  };
  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signIn')}</h1>
      <label>
        {t('email')}
        <input
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label>
        {t('password')}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <p className="error" role="alert">
        {error}
      </p>
      <button type="submit" className="primary">
        {t('signIn')}
      </button>
    </form>
  );
}
