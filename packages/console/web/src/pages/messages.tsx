/**
 * The message browser: one or all partitions from the newest, the oldest, an offset or a time;
 * pages back and forward with the server's cursors; a filter on key/value/header text; text, JSON or
 * hex rendering; a live tail; the page downloaded as JSON lines; and a form to produce a record.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, live, query, type Session } from '../api.js';
import { Pager } from '../components/pager.js';
import { Done, ErrorNotice, Loading } from '../components/status.js';
import { time } from '../format.js';
import { useLoad } from '../hooks.js';
import { enc } from '../router.js';
import { ProduceForm } from './produce-form.js';

export interface Rendered {
  text: string;
  encoding: string;
}

export interface Rec {
  partition: number;
  offset: number;
  timestamp: number;
  key: Rendered | null;
  value: Rendered | null;
  headers: Array<{ key: string; value: Rendered | null }>;
}

interface Page {
  records: Rec[];
  next: string | null;
  prev: string | null;
  partitions: Array<{ partition: number; start: number; end: number }>;
}

interface Search {
  partition: string;
  start: string;
  offset: string;
  timestamp: string;
  limit: string;
  filter: string;
  filterIn: string;
  render: string;
  cursor?: string;
}

const INITIAL: Search = {
  partition: '',
  start: 'newest',
  offset: '0',
  timestamp: '',
  limit: '50',
  filter: '',
  filterIn: 'any',
  render: 'auto',
};

export function Messages({ topic, session }: { topic: string; session: Session }) {
  const [form, setForm] = useState<Search>(INITIAL);
  const [search, setSearch] = useState<Search>(INITIAL);
  const [tail, setTail] = useState<Rec[] | null>(null);
  const page = useLoad(() => {
    const s = search;
    const q = s.cursor
      ? {
          partition: s.partition,
          cursor: s.cursor,
          limit: s.limit,
          filter: s.filter,
          filterIn: s.filterIn,
          render: s.render,
        }
      : {
          ...s,
          offset: s.start === 'offset' ? s.offset : undefined,
          timestamp: s.start === 'timestamp' && s.timestamp ? new Date(s.timestamp).toISOString() : undefined,
        };
    return api<Page>('GET', `/api/topics/${enc(topic)}/messages${query(q)}`);
  }, [topic, search]);
  useEffect(() => {
    if (tail === null) return;
    const q = query({
      partition: search.partition,
      filter: search.filter,
      filterIn: search.filterIn,
      render: search.render,
    });
    return live<Rec>(`/api/topics/${enc(topic)}/tail${q}`, 'record', (r) =>
      setTail((t) => [...(t ?? []).slice(-199), r]),
    );
  }, [tail === null, topic, search]);
  const set = (k: keyof Search) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  const records = tail ?? page.data?.records ?? [];
  const download = () => {
    const lines = records.map((r) => JSON.stringify(r)).join('\n');
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([lines], { type: 'application/x-ndjson' }));
    a.download = `${topic}-messages.jsonl`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Messages of {topic}</h1>
      <p>
        <a href={`/topics/${enc(topic)}`}>Back to topic {topic}</a>
      </p>
      <form
        class="form grid"
        aria-label="Find messages"
        onSubmit={(e) => {
          e.preventDefault();
          setTail(null);
          setSearch({ ...form });
        }}
      >
        {/* for/id rather than nesting: a nested select's option text would join the label's name. */}
        <div class="field">
          <label for="browse-partition">Partition</label>
          <select id="browse-partition" value={form.partition} onChange={set('partition')}>
            <option value="">All partitions</option>
            {page.data?.partitions.map((p) => (
              <option key={p.partition} value={String(p.partition)}>
                {p.partition} (offsets {p.start}–{p.end})
              </option>
            ))}
          </select>
        </div>
        <label>
          Start at
          <select value={form.start} onChange={set('start')}>
            <option value="newest">Newest</option>
            <option value="oldest">Oldest</option>
            <option value="offset">Offset</option>
            <option value="timestamp">Time</option>
          </select>
        </label>
        {form.start === 'offset' && (
          <label>
            Offset <input type="number" min="0" value={form.offset} onInput={set('offset')} />
          </label>
        )}
        {form.start === 'timestamp' && (
          <label>
            Time <input type="datetime-local" step="1" value={form.timestamp} onInput={set('timestamp')} />
          </label>
        )}
        <label>
          Per page <input type="number" min="1" max="500" value={form.limit} onInput={set('limit')} />
        </label>
        <label>
          Filter text <input type="search" value={form.filter} onInput={set('filter')} />
        </label>
        <label>
          Filter in
          <select value={form.filterIn} onChange={set('filterIn')}>
            <option value="any">Key, value or headers</option>
            <option value="key">Key</option>
            <option value="value">Value</option>
            <option value="headers">Headers</option>
          </select>
        </label>
        <label>
          Show as
          <select value={form.render} onChange={set('render')}>
            <option value="auto">Auto (JSON or text)</option>
            <option value="text">Text</option>
            <option value="json">JSON</option>
            <option value="hex">Hex</option>
          </select>
        </label>
        <button type="submit">Find messages</button>
      </form>
      <div class="toolbar">
        <button type="button" aria-pressed={tail !== null} onClick={() => setTail(tail === null ? [] : null)}>
          {tail === null ? 'Start live tail' : 'Stop live tail'}
        </button>
        <button type="button" onClick={download} disabled={records.length === 0}>
          Download as JSON lines
        </button>
      </div>
      <Loading when={page.loading && tail === null} />
      <ErrorNotice message={page.error} />
      {tail !== null && <Done message={`Live: ${tail.length} new record(s) since the tail started.`} />}
      <RecordTable records={records} />
      {tail === null && page.data && (
        <Pager
          label="Message pages"
          text={`${page.data.records.length} record(s)`}
          onPrev={page.data.prev ? () => setSearch({ ...search, cursor: page.data?.prev ?? undefined }) : null}
          onNext={page.data.next ? () => setSearch({ ...search, cursor: page.data?.next ?? undefined }) : null}
        />
      )}
      {!session.readOnly && <ProduceForm topic={topic} onProduced={() => setSearch({ ...search })} />}
    </section>
  );
}

function RecordTable({ records }: { records: Rec[] }) {
  if (records.length === 0) return <p class="muted">No records.</p>;
  return (
    <table class="records">
      <caption class="sr-only">Records</caption>
      <thead>
        <tr>
          <th scope="col">Partition</th>
          <th scope="col">Offset</th>
          <th scope="col">Timestamp (UTC)</th>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
          <th scope="col">Headers</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={`${r.partition}-${r.offset}`}>
            <td>{r.partition}</td>
            <td>{r.offset}</td>
            <td class="mono">{time(r.timestamp)}</td>
            <td>
              <Value v={r.key} />
            </td>
            <td>
              <Value v={r.value} />
            </td>
            <td>
              {r.headers.map((h) => (
                <div key={h.key} class="mono">
                  {h.key}: {h.value?.text ?? 'null'}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Value({ v }: { v: Rendered | null }) {
  if (v === null) return <span class="muted">null</span>;
  return (
    <pre class={`value ${v.encoding}`} title={v.encoding}>
      {v.text}
    </pre>
  );
}
