/** Overview: cluster id, controller, brokers, health alerts and live produce/consume throughput. */
import { useEffect, useState } from 'preact/hooks';
import { api, live } from '../api.js';
import { Chart } from '../components/chart.js';
import { ErrorNotice, Loading } from '../components/status.js';
import { bytes, count } from '../format.js';
import { useLoad } from '../hooks.js';

interface Cluster {
  clusterId: string | null;
  version: string | null;
  controllerId: number;
  brokers: Array<{
    id: number;
    host: string;
    port: number;
    rack: string | null;
    controller: boolean;
    partitionsLed: number;
    diskBytes: number;
  }>;
  topics: number;
  partitions: number;
  underReplicated: number;
  offline: number;
  alerts: Array<{ severity: string; message: string }>;
}

const SERIES = ['produced msg/s', 'consumed msg/s'];

export function Overview() {
  const { data, error, loading } = useLoad(() => api<Cluster>('GET', '/api/cluster'), []);
  const [points, setPoints] = useState<Array<[number, number, number]>>([]);
  useEffect(
    () =>
      live<{ at: number; producedPerSec: number; consumedPerSec: number }>('/api/cluster/live', 'throughput', (t) =>
        setPoints((p) => [...p.slice(-119), [t.at, t.producedPerSec, t.consumedPerSec]]),
      ),
    [],
  );
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Overview</h1>
      <Loading when={loading && !data} />
      <ErrorNotice message={error} />
      {data && (
        <>
          <dl class="stats">
            <div>
              <dt>Cluster id</dt>
              <dd>{data.clusterId ?? '–'}</dd>
            </div>
            <div>
              <dt>Version</dt>
              <dd>{data.version ?? '–'}</dd>
            </div>
            <div>
              <dt>Controller</dt>
              <dd>{data.controllerId < 0 ? 'none' : `broker ${data.controllerId}`}</dd>
            </div>
            <div>
              <dt>Brokers</dt>
              <dd>{data.brokers.length}</dd>
            </div>
            <div>
              <dt>Topics</dt>
              <dd>{count(data.topics)}</dd>
            </div>
            <div>
              <dt>Partitions</dt>
              <dd>{count(data.partitions)}</dd>
            </div>
            <div>
              <dt>Under-replicated</dt>
              <dd>{count(data.underReplicated)}</dd>
            </div>
            <div>
              <dt>Offline</dt>
              <dd>{count(data.offline)}</dd>
            </div>
          </dl>
          <h2>Health</h2>
          {data.alerts.length === 0 ? (
            <p class="notice ok">All partitions have a leader and a full ISR.</p>
          ) : (
            <ul class="alerts">
              {data.alerts.map((a) => (
                <li key={a.message} class={`notice ${a.severity}`}>
                  {a.message}
                </li>
              ))}
            </ul>
          )}
          <h2>Throughput</h2>
          <Chart label="Messages per second, produced and consumed (committed)" series={SERIES} points={points} />
          <h2>Brokers</h2>
          <table>
            <caption class="sr-only">Brokers</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Host</th>
                <th scope="col">Rack</th>
                <th scope="col">Role</th>
                <th scope="col" class="num">
                  Partitions led
                </th>
                <th scope="col" class="num">
                  Disk use
                </th>
              </tr>
            </thead>
            <tbody>
              {data.brokers.map((b) => (
                <tr key={b.id}>
                  <td>{b.id}</td>
                  <td>
                    {b.host}:{b.port}
                  </td>
                  <td>{b.rack ?? '–'}</td>
                  <td>{b.controller ? 'controller' : ''}</td>
                  <td class="num">{count(b.partitionsLed)}</td>
                  <td class="num">{bytes(b.diskBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
