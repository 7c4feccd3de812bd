/** Consumer groups: every group with its state, members, topics and total lag. */
import { api } from '../api.js';
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

export function Groups() {
  const list = useLoad(() => api<{ groups: GroupRow[] }>('GET', '/api/groups'), []);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Consumer groups</h1>
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
    </section>
  );
}
