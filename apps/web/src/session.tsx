import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useAccessToken, type User } from './api';

interface Session {
  user: User;
  accessToken: string;
}

interface SessionContext {
  session: Session | null;
  signIn(session: Session): void;
  signOut(): void;
}

const STORAGE_KEY = 'ledger.session';
const Context = createContext<SessionContext | null>(null);

function restore(): Session | null {
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return stored?.accessToken && stored.user ? stored : null;
  } catch {
    return null;
  }
}

// sessionStorage: closing the browser ends the session on a shared office computer.
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(restore);
  const signOut = useCallback(() => {
    window.sessionStorage.removeItem(STORAGE_KEY);
    setSession(null);
  }, []);
  const signIn = useCallback((next: Session) => {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setSession(next);
  }, []);
  // Set during render so the first requests of the pages below already carry the token.
  useAccessToken(session?.accessToken ?? null, signOut);
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const context = useContext(Context);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

/** The signed-in user; pages below the shell only render with one. */
export function useUser(): User {
  const { session } = useSession();
  if (!session) throw new Error('no signed-in user');
  return session.user;
}
