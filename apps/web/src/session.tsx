import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { api, connectSession, type Session } from './api';
import { SESSION_STORAGE_KEY as STORAGE_KEY } from './session-key';

interface SessionContext {
  session: Session | null;
  signIn(session: Session): void;
  signOut(): void;
}

// Set when the API stopped taking the session, so the sign-in page can say why it is shown.
const EXPIRED_KEY = 'ledger.session-expired';

/** Whether the last session of this tab ended because it expired (not by signing out). */
export function sessionExpired(): boolean {
  return window.sessionStorage.getItem(EXPIRED_KEY) === '1';
}
const Context = createContext<SessionContext | null>(null);

function restore(): Session | null {
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return stored?.accessToken && stored.user ? stored : null;
  } catch {
    return null;
  }
}

function keep(session: Session | null): void {
  if (session) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else window.sessionStorage.removeItem(STORAGE_KEY);
}

// sessionStorage: each tab has its own sign-in, and closing the browser ends the session on a shared office computer.
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(restore);
  const change = useCallback((next: Session | null) => {
    keep(next);
    setSession(next);
  }, []);
  const signIn = useCallback(
    (next: Session) => {
      window.sessionStorage.removeItem(EXPIRED_KEY);
      change({ accessToken: next.accessToken, refreshToken: next.refreshToken, user: next.user });
    },
    [change],
  );
  const end = useCallback(
    (reason?: 'expired') => {
      if (reason === 'expired' && restore()) window.sessionStorage.setItem(EXPIRED_KEY, '1');
      change(null);
    },
    [change],
  );
  const signOut = useCallback(() => {
    const ending = restore();
    if (ending) api.logout(ending.refreshToken).catch(() => undefined);
    change(null);
  }, [change]);
  // Requests read the stored session, so a refresh done by one page is seen by all.
  connectSession({ current: restore, replace: change, end });
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const context = useContext(Context);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

/** The signed-in user; pages below the shell only render with one. */
export function useUser(): Session['user'] {
  const { session } = useSession();
  if (!session) throw new Error('no signed-in user');
  return session.user;
}
