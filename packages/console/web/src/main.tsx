/** The console's single page: loads the session (read-only? CSRF token), then shows the page for the path. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { loadSession, type Session } from './api.js';
import { ErrorNotice } from './components/status.js';
import { Group } from './pages/group.js';
import { Groups } from './pages/groups.js';
import { Messages } from './pages/messages.js';
import { Overview } from './pages/overview.js';
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
  return <Overview />;
}

function App() {
  const path = usePath();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadSession()
      .then(setSession)
      .catch((e: Error) => setError(e.message));
  }, []);
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
        </nav>
        {session?.readOnly && <span class="badge">read-only</span>}
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorNotice message={error} />
        {session && page(path, session)}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
