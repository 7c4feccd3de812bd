/** One topic: partitions (leader, replicas, ISR, offsets, size), configs (with source and default), consuming groups, and its writes. */
import { useState } from 'preact/hooks';
import { api, type Session } from '../api.js';
import { Pager } from '../components/pager.js';
import { Done, ErrorNotice, Loading } from '../components/status.js';
import { bytes, count } from '../format.js';
import { useLoad } from '../hooks.js';
import { enc, navigate } from '../router.js';

interface TopicDetail {
  name: string;
  topicId: string;
  partitionCount: number;
  partitions: Array<{
    partition: number;
    leader: number;
    replicas: number[];
    isr: number[];
    startOffset: number;
    endOffset: number;
    sizeBytes: number;
  }>;
  configs: Array<{
    name: string;
    value: string | null;
    source: string;
    default: string | null;
    defaultName: string | null;
    readOnly: boolean;
    sensitive: boolean;
  }>;
  groups: Array<{ groupId: string; state: string; lag: number }>;
}

const PAGE = 100;

export function Topic({ name, session }: { name: string; session: Session }) {
  // Partitions are paged on the server: a topic with 10,000 partitions renders one page of rows.
  const [offset, setOffset] = useState(0);
  const t = useLoad(
    () => api<TopicDetail>('GET', `/api/topics/${enc(name)}?partitionOffset=${offset}&partitionLimit=${PAGE}`),
    [name, offset],
  );
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = async (what: () => Promise<unknown>, message: string) => {
    try {
      await what();
      setError(null);
      setDone(message);
      t.reload();
    } catch (err) {
      setDone(null);
      setError((err as Error).message);
    }
  };
  const d = t.data;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Topic {name}</h1>
      <p>
        <a href={`/topics/${enc(name)}/messages`}>Browse messages</a>
      </p>
      <Loading when={t.loading && !d} />
      <ErrorNotice message={t.error ?? error} />
      <Done message={done} />
      {d && (
        <>
          <h2>Partitions</h2>
          <table>
            <caption class="sr-only">Partitions of {name}</caption>
            <thead>
              <tr>
                <th scope="col">Partition</th>
                <th scope="col">Leader</th>
                <th scope="col">Replicas</th>
                <th scope="col">ISR</th>
                <th scope="col" class="num">
                  Log start
                </th>
                <th scope="col" class="num">
                  Log end
                </th>
                <th scope="col" class="num">
                  Size
                </th>
              </tr>
            </thead>
            <tbody>
              {d.partitions.map((p) => (
                <tr key={p.partition} class={p.isr.length < p.replicas.length ? 'warn' : ''}>
                  <td>{p.partition}</td>
                  <td>{p.leader < 0 ? 'none' : p.leader}</td>
                  <td>{p.replicas.join(', ')}</td>
                  <td>{p.isr.join(', ')}</td>
                  <td class="num">{count(p.startOffset)}</td>
                  <td class="num">{count(p.endOffset)}</td>
                  <td class="num">{bytes(p.sizeBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.partitionCount > PAGE && (
            <Pager
              label="Partition pages"
              text={`${offset + 1}–${Math.min(offset + PAGE, d.partitionCount)} of ${count(d.partitionCount)} partitions`}
              onPrev={offset > 0 ? () => setOffset(Math.max(0, offset - PAGE)) : null}
              onNext={offset + PAGE < d.partitionCount ? () => setOffset(offset + PAGE) : null}
            />
          )}
          {!session.readOnly && (
            <form
              class="form inline"
              onSubmit={(e) => {
                e.preventDefault();
                const count = Number(new FormData(e.target as HTMLFormElement).get('count'));
                act(
                  () => api('POST', `/api/topics/${enc(name)}/partitions`, { count }),
                  `Partitions raised to ${count}.`,
                );
              }}
            >
              <label>
                New partition count <input name="count" type="number" min={d.partitionCount + 1} required />
              </label>
              <button type="submit">Add partitions</button>
            </form>
          )}
          <h2>Consumer groups</h2>
          {d.groups.length === 0 ? (
            <p class="muted">No group has committed offsets on this topic.</p>
          ) : (
            <ul>
              {d.groups.map((g) => (
                <li key={g.groupId}>
                  <a href={`/groups/${enc(g.groupId)}`}>{g.groupId}</a> — {g.state}, lag {count(g.lag)}
                </li>
              ))}
            </ul>
          )}
          <h2>Configs</h2>
          {!session.readOnly && (
            <form
              class="form inline"
              onSubmit={(e) => {
                e.preventDefault();
                const f = new FormData(e.target as HTMLFormElement);
                const key = String(f.get('key'));
                act(
                  () => api('PATCH', `/api/topics/${enc(name)}/configs`, { set: { [key]: String(f.get('value')) } }),
                  `Set ${key}.`,
                );
              }}
            >
              <label>
                Config name <input name="key" list="config-names" required autoComplete="off" />
              </label>
              <datalist id="config-names">
                {d.configs.map((c) => (
                  <option key={c.name} value={c.name} />
                ))}
              </datalist>
              <label>
                Value <input name="value" required />
              </label>
              <button type="submit">Set config</button>
            </form>
          )}
          <table>
            <caption class="sr-only">Configs of {name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
                <th scope="col">Source</th>
                <th scope="col">Default</th>
                {!session.readOnly && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {d.configs.map((c) => (
                <tr key={c.name} class={c.source === 'DYNAMIC_TOPIC_CONFIG' ? 'override' : ''}>
                  <td>{c.name}</td>
                  <td class="mono">{c.sensitive ? '(hidden)' : (c.value ?? 'null')}</td>
                  <td>{c.source}</td>
                  <td class="mono">
                    {c.default === null ? '–' : c.defaultName === c.name ? c.default : `${c.defaultName}=${c.default}`}
                  </td>
                  {!session.readOnly && (
                    <td>
                      {c.source === 'DYNAMIC_TOPIC_CONFIG' && (
                        <button
                          type="button"
                          onClick={() =>
                            act(
                              () => api('PATCH', `/api/topics/${enc(name)}/configs`, { delete: [c.name] }),
                              `Reset ${c.name} to its default.`,
                            )
                          }
                        >
                          Reset {c.name}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {!session.readOnly && (
            <>
              <h2>Delete</h2>
              <button
                type="button"
                class="danger"
                onClick={() => {
                  if (!confirm(`Delete topic ${name} and all its records?`)) return;
                  api('DELETE', `/api/topics/${enc(name)}`)
                    .then(() => navigate('/topics'))
                    .catch((err: Error) => setError(err.message));
                }}
              >
                Delete topic {name}
              </button>
            </>
          )}
        </>
      )}
    </section>
  );
}
