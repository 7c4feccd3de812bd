/**
 * The login page, shown when the cluster needs SASL credentials and nobody is logged in: user name
 * and password go to POST /api/login in the body (never in a URL); the answer sets an HttpOnly
 * cookie the page cannot read, so only the principal's name comes back to the page.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNotice } from '../components/status.js';

export function Login({ onLoggedIn }: { onLoggedIn: (principal: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    setBusy(true);
    try {
      const r = await api<{ principal: string }>('POST', '/api/login', {
        username: String(f.get('username') ?? ''),
        password: String(f.get('password') ?? ''),
      });
      form.reset();
      setError(null);
      onLoggedIn(r.principal);
    } catch (err) {
      setError((err as Error).message);
      (form.elements.namedItem('password') as HTMLInputElement | null)?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="page-title" class="login">
      <h1 id="page-title">Log in</h1>
      <p class="muted">The cluster asks for SASL credentials: the console acts as the user you log in as.</p>
      <form onSubmit={submit} class="form" method="post" action="/api/login">
        <label>
          User name <input name="username" autocomplete="username" required />
        </label>
        <label>
          Password <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>
          Log in
        </button>
        <ErrorNotice message={error} />
      </form>
    </section>
  );
}
