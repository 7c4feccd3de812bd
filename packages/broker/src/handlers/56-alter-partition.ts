/**
 * AlterPartition (key 56), v0-3 (KIP-497): a partition leader asks the controller to change the
 * ISR. The controller accepts it only from the current leader, in the current leader epoch, and
 * against the current partition epoch (the state znode's version), and writes it to ZooKeeper with
 * a conditional write before answering with the new state.
 * - Not the controller: NOT_CONTROLLER. v2+ name topics by id; unknown ids are UNKNOWN_TOPIC_ID.
 * - Needs CLUSTER_ACTION on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka (a broker request).
 */
import {
  type AlterPartitionResponsePartitionData,
  defaultAlterPartitionResponse,
  defaultAlterPartitionResponsePartitionData,
  defaultAlterPartitionResponseTopicData,
  ErrorCode,
} from '@samsa/protocol';
import type { AlterPartitionItem } from '../controller/cluster-controller.js';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

export default defineHandler({
  apiKey: 56,
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, request) {
    requireCluster(ctx, AclOperation.CLUSTER_ACTION);
    const response = defaultAlterPartitionResponse();
    const controller = ctx.broker.controller;
    if (!controller?.isActive) {
      response.errorCode = ErrorCode.NOT_CONTROLLER;
      return response;
    }
    const byId = ctx.apiVersion >= 2;
    const items: AlterPartitionItem[] = [];
    const unknown = new Set<string>();
    for (const t of request.topics) {
      const name = byId ? ctx.broker.metadata.topicNameById(t.topicId) : t.topicName;
      if (name === undefined) {
        unknown.add(t.topicId);
        continue;
      }
      for (const p of t.partitions) {
        const newIsr = ctx.apiVersion >= 3 ? p.newIsrWithEpochs.map((b) => b.brokerId) : p.newIsr;
        items.push({
          topic: name,
          partition: p.partitionIndex,
          leaderEpoch: p.leaderEpoch,
          newIsr,
          partitionEpoch: p.partitionEpoch,
        });
      }
    }
    const result = await controller.alterPartition(request.brokerId, request.brokerEpoch, items);
    if (typeof result === 'number') {
      response.errorCode = result;
      return response;
    }
    let i = 0;
    for (const t of request.topics) {
      const topic = defaultAlterPartitionResponseTopicData();
      topic.topicName = t.topicName;
      topic.topicId = t.topicId;
      for (const p of t.partitions) {
        const out: AlterPartitionResponsePartitionData = defaultAlterPartitionResponsePartitionData();
        out.partitionIndex = p.partitionIndex;
        if (unknown.has(t.topicId) && byId) out.errorCode = ErrorCode.UNKNOWN_TOPIC_ID;
        else {
          const r = result[i++];
          if (r) {
            out.errorCode = r.errorCode;
            out.leaderId = r.leaderId;
            out.leaderEpoch = r.leaderEpoch;
            out.isr = r.isr;
            out.partitionEpoch = r.partitionEpoch;
          }
        }
        topic.partitions.push(out);
      }
      response.topics.push(topic);
    }
    return response;
  },
  errorResponse(_request, errorCode) {
    const response = defaultAlterPartitionResponse();
    response.errorCode = errorCode;
    return response;
  },
});
