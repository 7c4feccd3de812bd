/**
 * The controller reacting to topics: new topics and partitions are brought online (state znodes,
 * LeaderAndIsr, UpdateMetadata); requested deletions stop and delete the replicas, tell every
 * broker, and remove the znodes.
 */

import { ZkError, type ZkOp } from '../zk/zk-client.js';
import { DeleteTopicZNode, TopicConfigZNode, TopicZNode } from '../zk/znodes.js';
import { stopReplicaRequest, updateMetadataRequest } from './control-requests.js';
import type { ControllerState } from './controller-state.js';
import { refKey } from './partition-state.js';

export async function onTopicChange(st: ControllerState): Promise<void> {
  const names = await st.zk.children('/brokers/topics', { watch: true });
  const fresh: string[] = [];
  for (const name of names) if (!st.topics.has(name)) fresh.push(...(await st.readTopic(name)));
  await bringUp(st, fresh);
}

export async function onPartitionModification(st: ControllerState, topic: string): Promise<void> {
  if (!st.topics.has(topic)) return;
  await bringUp(st, await st.readTopic(topic));
}

export async function bringUp(st: ControllerState, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const changed = await st.initializeAndElect(keys);
  const infos = st.infos(changed, true);
  st.sendUpdateMetadata([...st.live.keys()], infos);
  for (const id of st.live.keys()) {
    const mine = infos.filter((p) => p.replicas.includes(id));
    if (mine.length > 0) st.sendLeaderAndIsr(id, mine);
  }
}

export async function onTopicDeletion(st: ControllerState): Promise<void> {
  const names = await st.zk.children(DeleteTopicZNode.parent, { watch: true });
  for (const name of names) {
    const t = st.topics.get(name);
    const ops: ZkOp[] = [];
    if (t) {
      const parts = [...t.assignment.keys()];
      const refs = parts.map((partition) => ({ topic: name, partition, leaderEpoch: -2 }));
      for (const id of st.live.keys()) {
        const mine = refs.filter((r) => st.replicasOf(r).includes(id));
        const epoch = st.brokerEpochs.get(id) ?? -1n;
        if (mine.length > 0) st.post(id, (c) => c.send(id, 5, stopReplicaRequest(st.ctx, epoch, mine, true)));
      }
      const deleted = parts.map((partition) => ({ topic: name, topicId: t.topicId, partition }));
      for (const id of st.live.keys()) {
        const epoch = st.brokerEpochs.get(id) ?? -1n;
        st.post(id, (c) => c.send(id, 6, updateMetadataRequest(st.ctx, epoch, [], deleted, st.live)));
      }
      ops.push(...(await subtreeDeletes(st, TopicZNode.path(name))));
      if (await st.zk.exists(TopicConfigZNode.path(name)))
        ops.push({ op: 'delete', path: TopicConfigZNode.path(name), version: -1 });
      for (const p of parts) st.states.delete(refKey(name, p));
      st.topics.delete(name);
    }
    ops.push({ op: 'delete', path: DeleteTopicZNode.path(name), version: -1 });
    await st.election.fencedWrite(ops);
    st.log.info({ topic: name }, 'topic deleted');
  }
}

/** Delete ops for a znode and everything under it, children first. */
export async function subtreeDeletes(st: ControllerState, path: string): Promise<ZkOp[]> {
  const ops: ZkOp[] = [];
  let children: string[] = [];
  try {
    children = await st.zk.children(path);
  } catch (err) {
    if (err instanceof ZkError && err.code === 'NO_NODE') return [];
    throw err;
  }
  for (const c of children) ops.push(...(await subtreeDeletes(st, `${path}/${c}`)));
  ops.push({ op: 'delete', path, version: -1 });
  return ops;
}
