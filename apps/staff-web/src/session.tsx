import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { components } from './api/handoff';
import { setToken, whenUnauthorized } from './api/clients';

export type Staff = components['schemas']['StaffDto'];
export type Role = Staff['roles'][number];

interface Stored {
  token: string;
  staff: Staff;
  expiresAt: string;
  /** Set when the sign-in answer asks for a new password before anything else. */
  mustChangePassword?: boolean;
}

interface SessionValue {
  session: Stored | null;
  signIn(s: Stored): void;
  signOut(): void;
  passwordChanged(): void;
  has(...roles: Role[]): boolean;
}

const KEY = 'staff.session';
const SessionContext = createContext<SessionValue | null>(null);

function load(): Stored | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Stored | null;
    if (!s || new Date(s.expiresAt).getTime() < Date.now()) return null;
    setToken(s.token);
    return s;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Stored | null>(load);
  const store = useCallback((s: Stored | null) => {
    setToken(s?.token ?? null);
    if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
    else sessionStorage.removeItem(KEY);
    setSession(s);
  }, []);
  useEffect(() => whenUnauthorized(() => store(null)), [store]);
  const value = useMemo<SessionValue>(
    () => ({
      session,
      signIn: (s) => store(s),
      signOut: () => {
        // Revokes the token in every service, not only here; the screen does not wait for it.
        if (session)
          void fetch('/api/handoff/auth/logout', {
            method: 'POST',
            headers: { authorization: `Bearer ${session.token}` },
          }).catch(() => undefined);
        store(null);
      },
      passwordChanged: () => session && store({ ...session, mustChangePassword: false }),
      has: (...roles) => !!session && roles.some((r) => session.staff.roles.includes(r)),
    }),
    [session, store],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
