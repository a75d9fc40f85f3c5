import { useState } from 'preact/hooks';
import { signIn } from '../api/auth';
import { ErrorMessage } from '../components/alerts';
import { sessionNotice } from '../session';

/** Email and password, or the notice of why the last session ended (expired, link already used). */
export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(sessionNotice());
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <form class="card sign-in-card" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-heading">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            H
          </span>
          Herald
        </div>
        <h1 id="sign-in-heading">Sign in</h1>
        <p class="muted">Manage your webhooks and watch your events arrive.</p>
        <ErrorMessage error={error} />
        <div class="field">
          <label for="email">Email</label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button primary block" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
