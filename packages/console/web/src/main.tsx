/**
 * The console's single page: loads the session (read-only? CSRF token? login needed?), shows the
 * login page while one is needed, then the page for the path. A 401 from any call (an expired
 * session) brings the login page back.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, loadSession, onUnauthorized, type Session } from './api.js';
import { ErrorNotice } from './components/status.js';
import { Acls } from './pages/acls.js';
import { Group } from './pages/group.js';
import { Groups } from './pages/groups.js';
import { Login } from './pages/login.js';
import { Messages } from './pages/messages.js';
import { Overview } from './pages/overview.js';
import { Quotas } from './pages/quotas.js';
import { ScramUsers } from './pages/scram-users.js';
import { Topic } from './pages/topic.js';
import { Topics } from './pages/topics.js';
import { onLinkClick, usePath } from './router.js';
import './styles.css';

function page(path: string, session: Session) {
  const parts = path.split('?')[0]?.split('/').filter(Boolean).map(decodeURIComponent) ?? [];
  const [first, name, sub] = parts;
  if (first === 'topics' && name && sub === 'messages') return <Messages topic={name} session={session} />;
  if (first === 'topics' && name) return <Topic name={name} session={session} />;
  if (first === 'topics') return <Topics session={session} />;
  if (first === 'groups' && name) return <Group id={name} session={session} />;
  if (first === 'groups') return <Groups />;
  if (first === 'acls') return <Acls session={session} />;
  if (first === 'users') return <ScramUsers session={session} />;
  if (first === 'quotas') return <Quotas session={session} />;
  return <Overview />;
}

function App() {
  const path = usePath();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    loadSession()
      .then(setSession)
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    void refresh();
    onUnauthorized(() => void refresh());
  }, []);
  const logout = async () => {
    await api('POST', '/api/logout').catch(() => {});
    await refresh();
  };
  const needLogin = session?.loginRequired === true && session.principal === null;
  const section = path.split('/')[1] ?? '';
  useEffect(() => {
    document.title = `Samsa console — ${section || 'overview'}`;
    document.getElementById('main')?.focus();
  }, [path]);
  const link = (href: string, label: string, key: string) => (
    <a href={href} aria-current={section === key ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: delegates link clicks to the router; links stay links
    // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard activation of a link fires click as well
    <div onClick={onLinkClick}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span class="brand">Samsa console</span>
        <nav aria-label="Main">
          {link('/', 'Overview', '')}
          {link('/topics', 'Topics', 'topics')}
          {link('/groups', 'Consumer groups', 'groups')}
          {link('/acls', 'ACLs', 'acls')}
          {link('/users', 'SCRAM users', 'users')}
          {link('/quotas', 'Quotas', 'quotas')}
        </nav>
        {session?.readOnly && <span class="badge">read-only</span>}
        {session?.principal && (
          <span class="who">
            {session.principal}{' '}
            <button type="button" onClick={logout}>
              Log out
            </button>
          </span>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorNotice message={error} />
        {session && needLogin && <Login onLoggedIn={() => void refresh()} />}
        {session && !needLogin && page(path, session)}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
