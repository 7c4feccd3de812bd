/** Produces one record (key, value, headers, partition) through the console's producer. */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Done, ErrorNotice } from '../components/status.js';
import { enc } from '../router.js';

export function ProduceForm({ topic, onProduced }: { topic: string; onProduced: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const headers = String(f.get('headers') ?? '')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => ({ key: l.slice(0, l.indexOf('=')).trim(), value: l.slice(l.indexOf('=') + 1) }));
    const key = String(f.get('key') ?? '');
    const partition = String(f.get('partition') ?? '');
    try {
      const r = await api<{ partition: number; offset: number }>('POST', `/api/topics/${enc(topic)}/records`, {
        key: key === '' ? null : key,
        value: String(f.get('value') ?? ''),
        headers,
        partition: partition === '' ? null : Number(partition),
      });
      setError(null);
      setDone(`Produced to partition ${r.partition} at offset ${r.offset}.`);
      onProduced();
    } catch (err) {
      setDone(null);
      setError((err as Error).message);
    }
  };
  return (
    <details class="panel">
      <summary>Produce a record</summary>
      <form class="form" onSubmit={submit}>
        <label>
          Key <input name="key" autoComplete="off" />
        </label>
        <label>
          Value <textarea name="value" rows={4} />
        </label>
        <label>
          Headers (key=value per line) <textarea name="headers" rows={2} />
        </label>
        <label>
          Partition <input name="partition" type="number" min="0" placeholder="by key" />
        </label>
        <button type="submit">Produce record</button>
        <ErrorNotice message={error} />
        <Done message={done} />
      </form>
    </details>
  );
}
