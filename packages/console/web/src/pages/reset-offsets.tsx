/** Reset a group's offsets (kafka-consumer-groups --reset-offsets): preview with a dry run, then apply. */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Done, ErrorNotice } from '../components/status.js';
import { count } from '../format.js';
import { enc } from '../router.js';

interface Plan {
  dryRun: boolean;
  partitions: Array<{ topic: string; partition: number; current: number | null; target: number }>;
}

export function ResetOffsets({ groupId, onReset }: { groupId: string; onReset: () => void }) {
  const [to, setTo] = useState('earliest');
  const [value, setValue] = useState('');
  const [topic, setTopic] = useState('');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (dryRun: boolean) => {
    try {
      const body = {
        to,
        topic: topic || undefined,
        dryRun,
        ...(to === 'offset' ? { offset: value } : {}),
        ...(to === 'timestamp' ? { timestamp: new Date(value).toISOString() } : {}),
      };
      const p = await api<Plan>('POST', `/api/groups/${enc(groupId)}/reset-offsets`, body);
      setPlan(p);
      setError(null);
      setDone(dryRun ? 'Dry run: nothing was changed. Review and apply.' : 'Offsets reset.');
      if (!dryRun) onReset();
    } catch (err) {
      setDone(null);
      setError((err as Error).message);
    }
  };
  return (
    <>
      <h2>Reset offsets</h2>
      <form
        class="form inline"
        onSubmit={(e) => {
          e.preventDefault();
          run(true);
        }}
      >
        <label>
          Topic{' '}
          <input
            value={topic}
            onInput={(e) => setTopic((e.target as HTMLInputElement).value)}
            placeholder="all topics of the group"
          />
        </label>
        <label>
          Reset to
          <select value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value)}>
            <option value="earliest">Earliest</option>
            <option value="latest">Latest</option>
            <option value="offset">Offset</option>
            <option value="timestamp">Time</option>
          </select>
        </label>
        {to === 'offset' && (
          <label>
            Offset{' '}
            <input
              type="number"
              min="0"
              required
              value={value}
              onInput={(e) => setValue((e.target as HTMLInputElement).value)}
            />
          </label>
        )}
        {to === 'timestamp' && (
          <label>
            Time{' '}
            <input
              type="datetime-local"
              step="1"
              required
              value={value}
              onInput={(e) => setValue((e.target as HTMLInputElement).value)}
            />
          </label>
        )}
        <button type="submit">Preview (dry run)</button>
        <button type="button" disabled={!plan?.dryRun} onClick={() => run(false)}>
          Apply reset
        </button>
      </form>
      <ErrorNotice message={error} />
      <Done message={done} />
      {plan && (
        <table>
          <caption>{plan.dryRun ? 'Planned offsets (dry run)' : 'New offsets'}</caption>
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col">Partition</th>
              <th scope="col" class="num">
                Current
              </th>
              <th scope="col" class="num">
                New
              </th>
            </tr>
          </thead>
          <tbody>
            {plan.partitions.map((p) => (
              <tr key={`${p.topic}-${p.partition}`}>
                <td>{p.topic}</td>
                <td>{p.partition}</td>
                <td class="num">{p.current === null ? '–' : count(p.current)}</td>
                <td class="num">{count(p.target)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
