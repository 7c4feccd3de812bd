/**
 * ControlledShutdown (key 7), v0-3: a broker about to stop asks the controller to move its
 * leaderships away first. The answer lists the partitions it still leads (no other in-sync
 * replica could take them); the broker retries until that list is empty or it gives up.
 * - Not the controller: NOT_CONTROLLER. Unknown broker: BROKER_NOT_AVAILABLE; an older
 *   incarnation of the broker (v2+ broker epoch): STALE_BROKER_EPOCH.
 * - Needs CLUSTER_ACTION on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka (a broker request).
 */
import {
  defaultControlledShutdownResponse,
  defaultControlledShutdownResponseRemainingPartition,
  ErrorCode,
} from '@samsa/protocol';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

export default defineHandler({
  apiKey: 7,
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, request) {
    requireCluster(ctx, AclOperation.CLUSTER_ACTION);
    const response = defaultControlledShutdownResponse();
    const controller = ctx.broker.controller;
    if (!controller?.isActive) {
      response.errorCode = ErrorCode.NOT_CONTROLLER;
      return response;
    }
    const epoch = ctx.apiVersion >= 2 ? request.brokerEpoch : -1n;
    const result = await controller.controlledShutdown(request.brokerId, epoch);
    if (typeof result === 'number') {
      response.errorCode = result;
      return response;
    }
    for (const r of result) {
      const p = defaultControlledShutdownResponseRemainingPartition();
      p.topicName = r.topic;
      p.partitionIndex = r.partition;
      response.remainingPartitions.push(p);
    }
    return response;
  },
  errorResponse(_request, errorCode) {
    const response = defaultControlledShutdownResponse();
    response.errorCode = errorCode;
    return response;
  },
});
