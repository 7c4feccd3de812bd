/**
 * One consumer group: state, assignor, members and their assignments, committed offset and lag per
 * partition (live, with a lag chart), offsets reset with a dry-run preview, and delete. Kafka refuses
 * both while the group has members; the page says so instead of offering them.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, live, type Session } from '../api.js';
import { Chart } from '../components/chart.js';
import { Done, ErrorNotice, Loading } from '../components/status.js';
import { count } from '../format.js';
import { useLoad } from '../hooks.js';
import { enc, navigate } from '../router.js';
import { ResetOffsets } from './reset-offsets.js';

export interface Offsets {
  partitions: Array<{ topic: string; partition: number; offset: number; logEndOffset: number; lag: number }>;
  totalLag: number;
}

interface GroupDetail extends Offsets {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: Array<{
    memberId: string;
    clientId: string;
    host: string;
    assignment: Array<{ topic: string; partition: number }>;
  }>;
}

const SERIES = ['total lag'];

export function Group({ id, session }: { id: string; session: Session }) {
  const g = useLoad(() => api<GroupDetail>('GET', `/api/groups/${enc(id)}`), [id]);
  const [offsets, setOffsets] = useState<Offsets | null>(null);
  const [points, setPoints] = useState<Array<[number, number]>>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setPoints([]);
    return live<Offsets & { at: number; members: number }>(
      `/api/groups/${enc(id)}/live?intervalMs=1000`,
      'lag',
      (o) => {
        setOffsets(o);
        setPoints((p) => [...p.slice(-299), [o.at, o.totalLag]]);
      },
    );
  }, [id]);
  const d = g.data;
  const shown = offsets ?? d;
  const active = (d?.members.length ?? 0) > 0;
  // Members joined or left, or the group rebalanced, since the description was loaded: reload it
  // (state, members and their assignments, which actions are offered).
  const liveInfo = offsets as (Offsets & { members?: number; state?: string }) | null;
  useEffect(() => {
    if (!d || liveInfo?.members === undefined) return;
    if (liveInfo.members !== d.members.length || liveInfo.state !== d.state) g.reload();
  }, [liveInfo?.members, liveInfo?.state, d]);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Consumer group {id}</h1>
      <Loading when={g.loading && !d} />
      <ErrorNotice message={g.error ?? error} />
      {d && (
        <>
          <dl class="stats">
            <div>
              <dt>State</dt>
              <dd>{liveInfo?.state ?? d.state}</dd>
            </div>
            <div>
              <dt>Protocol</dt>
              <dd>
                {d.protocolType || '–'} {d.protocol && `(${d.protocol})`}
              </dd>
            </div>
            <div>
              <dt>Members</dt>
              <dd>{d.members.length}</dd>
            </div>
            <div>
              <dt>Total lag</dt>
              <dd data-testid="total-lag">{count(shown?.totalLag ?? 0)}</dd>
            </div>
          </dl>
          <Chart label="Total lag of the group" series={SERIES} points={points} />
          <h2>Members</h2>
          {d.members.length === 0 ? (
            <p class="muted">No active members.</p>
          ) : (
            <table>
              <caption class="sr-only">Members</caption>
              <thead>
                <tr>
                  <th scope="col">Client id</th>
                  <th scope="col">Host</th>
                  <th scope="col">Member id</th>
                  <th scope="col">Assignment</th>
                </tr>
              </thead>
              <tbody>
                {d.members.map((m) => (
                  <tr key={m.memberId}>
                    <td>{m.clientId}</td>
                    <td>{m.host}</td>
                    <td class="mono">{m.memberId}</td>
                    <td>{m.assignment.map((a) => `${a.topic}-${a.partition}`).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Offsets and lag</h2>
          <table>
            <caption class="sr-only">Committed offsets and lag per partition</caption>
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col">Partition</th>
                <th scope="col" class="num">
                  Committed offset
                </th>
                <th scope="col" class="num">
                  Log end offset
                </th>
                <th scope="col" class="num">
                  Lag
                </th>
              </tr>
            </thead>
            <tbody>
              {shown?.partitions.map((p) => (
                <tr key={`${p.topic}-${p.partition}`}>
                  <td>
                    <a href={`/topics/${enc(p.topic)}`}>{p.topic}</a>
                  </td>
                  <td>{p.partition}</td>
                  <td class="num">{count(p.offset)}</td>
                  <td class="num">{count(p.logEndOffset)}</td>
                  <td class="num">{count(p.lag)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!session.readOnly &&
            (active ? (
              <p class="notice warning">
                Offsets can be reset and the group deleted only when it has no active members (state Empty), as in
                Kafka. Stop its consumers first.
              </p>
            ) : (
              <>
                <ResetOffsets groupId={id} onReset={g.reload} />
                <h2>Delete</h2>
                <button
                  type="button"
                  class="danger"
                  onClick={() => {
                    if (!confirm(`Delete consumer group ${id} and its committed offsets?`)) return;
                    api('DELETE', `/api/groups/${enc(id)}`)
                      .then(() => navigate('/groups'))
                      .catch((err: Error) => setError(err.message));
                  }}
                >
                  Delete group {id}
                </button>
              </>
            ))}
          <Done message={null} />
        </>
      )}
    </section>
  );
}
