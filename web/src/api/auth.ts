import { currentSession, endSession, startSession } from '../session';
import { del, post } from './client';

interface TokenAnswer {
  access_token: string;
  expires_in: number;
}

export async function signIn(email: string, password: string): Promise<void> {
  const answer = await post<TokenAnswer>('/auth/login', { email, password });
  startSession({
    token: answer.access_token,
    kind: 'login',
    expiresAt: Date.now() + answer.expires_in * 1000,
  });
}

/**
 * An embedding link (`/portal/#code=…`, from POST /api/portal/sessions) signs this browser in once: the
 * code leaves the address bar and the history at once, then is traded for a session token. A second
 * opening of the same link finds the code used and lands on Sign in.
 */
export async function openEmbeddingLink(): Promise<void> {
  const code = new URLSearchParams(location.hash.slice(1)).get('code');
  if (!code) return;
  history.replaceState(history.state, '', location.pathname + location.search);
  try {
    const answer = await post<TokenAnswer>('/portal/sessions/exchange', { code });
    startSession({
      token: answer.access_token,
      kind: 'portal',
      expiresAt: Date.now() + answer.expires_in * 1000,
    });
  } catch (error) {
    endSession(error instanceof Error ? error.message : String(error));
  }
}

/** Sign out: an embedded session is ended on the server as well; a login token is forgotten here. */
export async function signOut(): Promise<void> {
  if (currentSession()?.kind === 'portal') await del('/portal/sessions/current').catch(() => undefined);
  endSession();
}
