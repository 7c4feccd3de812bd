/**
 * Acting on crash detection (crash-detector.ts): the controller removes a broker whose port refuses
 * connections, and any broker removes a controller whose port does, each after checking that the
 * registration is still that incarnation's.
 */

import { ZkError } from '../zk/zk-client.js';
import { BrokerIdZNode, ControllerZNode } from '../zk/znodes.js';
import type { ControllerState } from './controller-state.js';
import type { ProbeTarget } from './crash-detector.js';

export function probeTargets(st: ControllerState): ProbeTarget[] {
  if (!st.active) return [];
  const out: ProbeTarget[] = [];
  for (const [id, info] of st.live) {
    if (id === st.election.brokerId) continue;
    const e = info.endpoints.find((x) => x.listener === st.options.interBrokerListener) ?? info.endpoints[0];
    const epoch = st.brokerEpochs.get(id);
    if (e && epoch !== undefined) out.push({ id, epoch, host: e.host, port: e.port });
  }
  return out;
}

/** The active controller's inter-broker endpoint, read from its registration when it changes. */
export function controllerTarget(st: ControllerState): ProbeTarget[] {
  const id = st.election.activeControllerId;
  if (st.active || id === null || id === st.election.brokerId) return [];
  if (st.controllerProbe?.id === id) return [st.controllerProbe];
  if (!st.fetchingControllerProbe) {
    st.fetchingControllerProbe = true;
    st.zk
      .get(BrokerIdZNode.path(id))
      .then(({ data, stat }) => {
        const info = BrokerIdZNode.decode(id, data);
        const e = info.endpoints.find((x) => x.listener === st.options.interBrokerListener) ?? info.endpoints[0];
        if (e) st.controllerProbe = { id, epoch: stat.czxid, host: e.host, port: e.port };
      })
      .catch(() => {})
      .finally(() => {
        st.fetchingControllerProbe = false;
      });
  }
  return [];
}

/**
 * The controller's port refuses connections: that process is gone. Removing its /controller
 * (and its registration) starts the next election now rather than at its session expiry; the
 * checks make sure it is still that incarnation's.
 */
export async function onControllerRefused(st: ControllerState, id: number, epoch: bigint): Promise<void> {
  const reg = await st.zk.exists(BrokerIdZNode.path(id));
  const ctl = await st.zk.exists(ControllerZNode.path);
  if (!reg || reg.czxid !== epoch || !ctl) return;
  const current = ControllerZNode.decode((await st.zk.get(ControllerZNode.path)).data).brokerId;
  if (current !== id) return;
  try {
    await st.zk.multi([
      { op: 'delete', path: ControllerZNode.path, version: ctl.version },
      { op: 'delete', path: BrokerIdZNode.path(id), version: reg.version },
    ]);
  } catch (err) {
    if (err instanceof ZkError && (err.code === 'NO_NODE' || err.code === 'BAD_VERSION')) return;
    throw err;
  }
  st.controllerProbe = null;
  st.log.warn({ controller: id }, 'the controller refuses connections: its process is gone; starting a new election');
}

/**
 * A broker's port refuses connections: its process is gone. Its registration is removed (only
 * that incarnation's: the czxid must still be the epoch we probed), and the BrokerChange that
 * follows moves its leaderships, as its session expiry would have later.
 */
export async function onBrokerRefused(st: ControllerState, id: number, epoch: bigint): Promise<void> {
  if (st.brokerEpochs.get(id) !== epoch) return;
  const path = BrokerIdZNode.path(id);
  const stat = await st.zk.exists(path);
  if (!stat || stat.czxid !== epoch) return;
  try {
    await st.zk.delete(path, stat.version);
  } catch (err) {
    if (!(err instanceof ZkError && (err.code === 'NO_NODE' || err.code === 'BAD_VERSION'))) throw err;
    return;
  }
  st.log.warn({ broker: id }, 'broker refuses connections: its process is gone; removed its registration');
}
