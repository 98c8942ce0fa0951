import { ReactNode, useEffect } from 'react';
import { I18nProvider, Key, Lang, useI18n } from './i18n';
import { Link, Router, useRoute } from './router';
import { CampaignsScreen } from './screens/Campaigns';
import { ChangePasswordScreen } from './screens/ChangePassword';
import { ContentScreen } from './screens/Content';
import { DashboardScreen } from './screens/Dashboard';
import { InboxScreen } from './screens/Inbox';
import { ReportsScreen } from './screens/Reports';
import { SignInScreen } from './screens/SignIn';
import { StaffScreen } from './screens/Staff';
import { Role, SessionProvider, useSession } from './session';
import { ToastProvider } from './toast';

/** Every screen, who may open it (the same roles the APIs require), and its place in the navigation. */
export const SCREENS: Array<{ path: string; label: Key; roles: Role[]; render: () => ReactNode }> = [
  { path: '/inbox', label: 'inbox', roles: ['operator', 'supervisor'], render: () => <InboxScreen /> },
  {
    path: '/campaigns',
    label: 'campaigns',
    roles: ['editor', 'supervisor', 'official'],
    render: () => <CampaignsScreen />,
  },
  { path: '/content', label: 'content', roles: ['editor', 'admin'], render: () => <ContentScreen /> },
  { path: '/reports', label: 'reports', roles: ['operator', 'supervisor'], render: () => <ReportsScreen /> },
  { path: '/staff', label: 'staff', roles: ['admin'], render: () => <StaffScreen /> },
  { path: '/dashboard', label: 'dashboard', roles: ['official'], render: () => <DashboardScreen /> },
];

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <ToastProvider>
          <Router>
            <Shell />
          </Router>
        </ToastProvider>
      </SessionProvider>
    </I18nProvider>
  );
}

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang">
      <span className="sr-only">{t('language')}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label={t('language')}>
        <option value="cnr">Crnogorski</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

function Shell() {
  const { session, signOut, has } = useSession();
  const { t } = useI18n();
  const { path, go } = useRoute();
  const allowed = session ? SCREENS.filter((s) => has(...s.roles)) : [];
  const landing = allowed[0]?.path;
  // The address shows the screen: an unknown path (or the root) becomes the person's first screen.
  useEffect(() => {
    if (landing && path !== '/password' && !SCREENS.some((s) => path.startsWith(s.path))) go(landing);
  }, [landing, path, go]);
  if (!session) {
    return (
      <div className="center">
        <header className="bar">
          <span className="brand">
            {t('appName')} · {t('municipality')}
          </span>
          <LanguageSwitch />
        </header>
        <main id="main">
          <SignInScreen />
        </main>
      </div>
    );
  }
  // Until a forced password change is done, the API refuses every other screen's calls: show none.
  const mine = session.mustChangePassword ? [] : allowed;
  const screen =
    path === '/password' || session.mustChangePassword
      ? { render: () => <ChangePasswordScreen forced={!!session.mustChangePassword} /> }
      : (mine.find((s) => path.startsWith(s.path)) ?? mine[0]);
  const forbidden =
    !session.mustChangePassword &&
    SCREENS.some((s) => path.startsWith(s.path)) &&
    !mine.some((s) => path.startsWith(s.path));
  return (
    <div className="layout">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="bar">
        <span className="brand">{t('appName')}</span>
        <nav aria-label={t('navigation')}>
          <ul>
            {mine.map((s) => (
              <li key={s.path}>
                <Link to={s.path}>{t(s.label)}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">{session.staff.name}</span>
        <Link to="/password">{t('changePassword')}</Link>
        <LanguageSwitch />
        <button type="button" onClick={signOut}>
          {t('signOut')}
        </button>
      </header>
      <main id="main">
        {forbidden ? <p role="alert">{t('forbidden')}</p> : null}
        {screen ? screen.render() : <p>{t('forbidden')}</p>}
      </main>
    </div>
  );
}
