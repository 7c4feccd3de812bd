/** Consumer groups: every group with its state, members, topics and total lag. */
import { useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { Pager } from '../components/pager.js';
import { ErrorNotice, Loading } from '../components/status.js';
import { count } from '../format.js';
import { useLoad } from '../hooks.js';
import { enc } from '../router.js';

interface GroupRow {
  groupId: string;
  state: string;
  protocolType: string;
  members: number;
  topics: string[];
  totalLag: number | null;
}

const PAGE = 25;

export function Groups() {
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const list = useLoad(
    () => api<{ total: number; groups: GroupRow[] }>('GET', `/api/groups${query({ search, offset, limit: PAGE })}`),
    [search, offset],
  );
  const total = list.data?.total ?? 0;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Consumer groups</h1>
      <div class="toolbar">
        <label>
          Search groups{' '}
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
      {list.data && list.data.groups.length === 0 && <p class="muted">No consumer groups.</p>}
      {list.data && list.data.groups.length > 0 && (
        <table>
          <caption class="sr-only">Consumer groups</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">State</th>
              <th scope="col" class="num">
                Members
              </th>
              <th scope="col">Topics</th>
              <th scope="col" class="num">
                Lag
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.groups.map((g) => (
              <tr key={g.groupId}>
                <td>
                  <a href={`/groups/${enc(g.groupId)}`}>{g.groupId}</a>
                </td>
                <td>{g.state}</td>
                <td class="num">{g.members}</td>
                <td>{g.topics.join(', ')}</td>
                <td class="num">{count(g.totalLag)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        label="Group pages"
        text={total === 0 ? 'No groups' : `${offset + 1}–${Math.min(offset + PAGE, total)} of ${count(total)}`}
        onPrev={offset > 0 ? () => setOffset(Math.max(0, offset - PAGE)) : null}
        onNext={offset + PAGE < total ? () => setOffset(offset + PAGE) : null}
      />
    </section>
  );
}
