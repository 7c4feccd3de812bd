/**
 * Client quotas of user and client-id entities (Kafka's keys: producer_byte_rate, ...), a form to
 * set or remove one (hidden when read-only), and the partition reassignments in progress.
 */
import { useState } from 'preact/hooks';
import { api, type Session } from '../api.js';
import { Done, ErrorNotice, Loading } from '../components/status.js';
import { useLoad } from '../hooks.js';

interface EntityQuotas {
  entity: Record<string, string | null>;
  quotas: Record<string, number>;
}
interface Reassignment {
  topic: string;
  partition: number;
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
}

const entityText = (e: Record<string, string | null>) =>
  Object.entries(e)
    .map(([k, v]) => `${k}=${v ?? '<default>'}`)
    .join(', ');

export function Quotas({ session }: { session: Session }) {
  const list = useLoad(() => api<{ quotas: EntityQuotas[]; keys: string[] }>('GET', '/api/quotas'), []);
  const moves = useLoad(() => api<{ reassignments: Reassignment[] }>('GET', '/api/reassignments'), []);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const entity: Record<string, string | null> = {};
    for (const k of ['user', 'client-id']) {
      const v = String(f.get(k) ?? '').trim();
      if (v === '<default>') entity[k] = null;
      else if (v) entity[k] = v;
    }
    const value = String(f.get('value') ?? '').trim();
    const key = String(f.get('key'));
    try {
      await api('PUT', '/api/quotas', { entity, quotas: { [key]: value === '' ? null : Number(value) } });
      setError(null);
      setDone(
        value === '' ? `Removed ${key} of ${entityText(entity)}.` : `Set ${key}=${value} for ${entityText(entity)}.`,
      );
      list.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Quotas</h1>
      {!session.readOnly && list.data && (
        <details class="panel">
          <summary>Set or remove a quota</summary>
          <form onSubmit={submit} class="form">
            <label>
              User <input name="user" placeholder="alice, or <default>" />
            </label>
            <label>
              Client id <input name="client-id" placeholder="etl, or <default>" />
            </label>
            <label>
              Quota{' '}
              <select name="key">
                {list.data.keys.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </label>
            <label>
              Value (empty removes it) <input name="value" type="number" min="0" step="any" />
            </label>
            <button type="submit">Save quota</button>
          </form>
        </details>
      )}
      <Loading when={list.loading && !list.data} />
      <ErrorNotice message={list.error ?? error} />
      <Done message={done} />
      {list.data && list.data.quotas.length === 0 && <p class="muted">No client quotas.</p>}
      {list.data && list.data.quotas.length > 0 && (
        <table>
          <caption class="sr-only">Client quotas</caption>
          <thead>
            <tr>
              <th scope="col">Entity</th>
              <th scope="col">Quotas</th>
            </tr>
          </thead>
          <tbody>
            {list.data.quotas.map((q) => (
              <tr key={entityText(q.entity)}>
                <td>{entityText(q.entity)}</td>
                <td>
                  {Object.entries(q.quotas)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Reassignments in progress</h2>
      <ErrorNotice message={moves.error} />
      {moves.data && moves.data.reassignments.length === 0 && <p class="muted">No reassignment in progress.</p>}
      {moves.data && moves.data.reassignments.length > 0 && (
        <table>
          <caption class="sr-only">Reassignments in progress</caption>
          <thead>
            <tr>
              <th scope="col">Partition</th>
              <th scope="col">Replicas</th>
              <th scope="col">Adding</th>
              <th scope="col">Removing</th>
            </tr>
          </thead>
          <tbody>
            {moves.data.reassignments.map((r) => (
              <tr key={`${r.topic}-${r.partition}`}>
                <td>
                  {r.topic}-{r.partition}
                </td>
                <td>{r.replicas.join(', ')}</td>
                <td>{r.addingReplicas.join(', ')}</td>
                <td>{r.removingReplicas.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
