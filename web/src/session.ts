import { useEffect, useState } from 'preact/hooks';

/**
 * The signed-in session: a bearer token (a JWT from Sign in, or a portal session token from an embedding
 * link) kept in sessionStorage, so that it survives a reload of this tab but no other tab, and is gone when
 * the tab closes. Nothing of it ever goes into a URL.
 */
export interface Session {
  token: string;
  /** `portal`: opened from an embedding link; Sign out ends it on the server too. */
  kind: 'login' | 'portal';
  expiresAt: number;
}

const KEY = 'herald.portal.session';
const listeners = new Set<() => void>();
let session: Session | null = load();
/** Why the last session ended, shown on the Sign in page. */
let notice: string | null = null;
let expiryTimer: ReturnType<typeof setTimeout> | undefined;
scheduleExpiry();

function load(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return stored && stored.expiresAt > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

function changed(): void {
  scheduleExpiry();
  for (const listener of listeners) listener();
}

function scheduleExpiry(): void {
  clearTimeout(expiryTimer);
  if (!session) return;
  // setTimeout's delay is a 32-bit number of ms; sessions are far shorter than that.
  expiryTimer = setTimeout(
    () => endSession('Your session has ended; sign in again'),
    session.expiresAt - Date.now(),
  );
}

export function startSession(next: Session): void {
  session = next;
  notice = null;
  sessionStorage.setItem(KEY, JSON.stringify(next));
  changed();
}

/** Forgets the session in this browser; `reason` is shown on the Sign in page. */
export function endSession(reason: string | null = null): void {
  session = null;
  notice = reason;
  sessionStorage.removeItem(KEY);
  changed();
}

export const currentSession = () => session;
export const currentToken = () => session?.token ?? null;
export const sessionNotice = () => notice;

/** Re-renders the caller when the session starts or ends. */
export function useSession(): Session | null {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((v) => v + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return session;
}
