/** Topics: a server-side searched and paged table, and a form to create a topic (hidden when read-only). */
import { useState } from 'preact/hooks';
import { api, query, type Session } from '../api.js';
import { Pager } from '../components/pager.js';
import { Done, ErrorNotice, Loading } from '../components/status.js';
import { bytes, count } from '../format.js';
import { useLoad } from '../hooks.js';
import { enc, navigate } from '../router.js';

interface TopicRow {
  name: string;
  partitions: number;
  replicationFactor: number;
  underReplicated: number;
  sizeBytes: number;
  messages: number;
}

const PAGE = 25;

export function Topics({ session }: { session: Session }) {
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const list = useLoad(
    () => api<{ total: number; topics: TopicRow[] }>('GET', `/api/topics${query({ search, offset, limit: PAGE })}`),
    [search, offset],
  );
  const total = list.data?.total ?? 0;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Topics</h1>
      {!session.readOnly && <CreateTopic onCreated={(name) => navigate(`/topics/${enc(name)}`)} />}
      <div class="toolbar">
        <label>
          Search topics{' '}
          <input
            type="search"
            value={search}
            onInput={(e) => {
              setSearch((e.target as HTMLInputElement).value);
              setOffset(0);
            }}
          />
        </label>
      </div>
      <Loading when={list.loading && !list.data} />
      <ErrorNotice message={list.error} />
      <table>
        <caption class="sr-only">Topics</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="num">
              Partitions
            </th>
            <th scope="col" class="num">
              Replication
            </th>
            <th scope="col" class="num">
              Under-replicated
            </th>
            <th scope="col" class="num">
              Messages
            </th>
            <th scope="col" class="num">
              Size
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data?.topics.map((t) => (
            <tr key={t.name}>
              <td>
                <a href={`/topics/${enc(t.name)}`}>{t.name}</a>
              </td>
              <td class="num">{t.partitions}</td>
              <td class="num">{t.replicationFactor}</td>
              <td class="num">{t.underReplicated}</td>
              <td class="num">{count(t.messages)}</td>
              <td class="num">{bytes(t.sizeBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        label="Topic pages"
        text={total === 0 ? 'No topics' : `${offset + 1}–${Math.min(offset + PAGE, total)} of ${count(total)}`}
        onPrev={offset > 0 ? () => setOffset(Math.max(0, offset - PAGE)) : null}
        onNext={offset + PAGE < total ? () => setOffset(offset + PAGE) : null}
      />
    </section>
  );
}

function CreateTopic({ onCreated }: { onCreated: (name: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const configs: Record<string, string> = {};
    for (const line of String(f.get('configs') ?? '').split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) configs[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    try {
      const name = String(f.get('name'));
      await api('POST', '/api/topics', {
        name,
        partitions: f.get('partitions') || undefined,
        replicationFactor: f.get('replicationFactor') || undefined,
        configs,
      });
      setError(null);
      setDone(`Created topic ${name}.`);
      onCreated(name);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <details class="panel">
      <summary>Create a topic</summary>
      <form onSubmit={submit} class="form">
        <label>
          Topic name <input name="name" required pattern="[a-zA-Z0-9._\-]+" />
        </label>
        <label>
          Partitions <input name="partitions" type="number" min="1" placeholder="broker default" />
        </label>
        <label>
          Replication factor <input name="replicationFactor" type="number" min="1" placeholder="broker default" />
        </label>
        <label>
          Configs (key=value per line) <textarea name="configs" rows={3} />
        </label>
        <button type="submit">Create topic</button>
        <ErrorNotice message={error} />
        <Done message={done} />
      </form>
    </details>
  );
}
