/**
 * DescribeCluster (key 60), v0-1.
 * - Brokers with their endpoint on the request's listener, the cluster id and the controller.
 * - endpoint_type (v1): 1 = brokers (the only kind a ZooKeeper-mode cluster exposes). As Kafka's
 *   brokers answer (AuthHelper): 2 = controllers is MISMATCHED_ENDPOINT_TYPE, any other value
 *   UNSUPPORTED_ENDPOINT_TYPE, each with Kafka's message; error_message is null on success.
 * - Needs no ACL (as in Kafka); include_cluster_authorized_operations asks for the operations the
 *   principal may perform on the cluster, as a bit field (-2^31 when not asked).
 */
import {
  defaultDescribeClusterResponse,
  defaultDescribeClusterResponseDescribeClusterBroker,
  ErrorCode,
} from '@samsa/protocol';
import { authorizedOperations, ResourceType } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

const BROKER = 1;
const CONTROLLER = 2;

export default defineHandler({
  apiKey: 60,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const { metadata } = ctx.broker;
    const response = defaultDescribeClusterResponse();
    response.endpointType = ctx.apiVersion >= 1 ? request.endpointType : 1;
    if (ctx.apiVersion >= 1 && request.endpointType !== BROKER) {
      const mismatched = request.endpointType === CONTROLLER;
      response.errorCode = mismatched ? ErrorCode.MISMATCHED_ENDPOINT_TYPE : ErrorCode.UNSUPPORTED_ENDPOINT_TYPE;
      response.errorMessage = mismatched
        ? 'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER'
        : `Unsupported endpoint type ${request.endpointType}`;
      return response;
    }
    if (request.includeClusterAuthorizedOperations) {
      response.clusterAuthorizedOperations = authorizedOperations(ctx, ResourceType.CLUSTER, 'kafka-cluster');
    }
    response.clusterId = metadata.clusterId;
    response.controllerId = metadata.controllerId();
    for (const b of metadata.brokers(ctx.listenerName)) {
      const e = defaultDescribeClusterResponseDescribeClusterBroker();
      e.brokerId = b.nodeId;
      e.host = b.host;
      e.port = b.port;
      e.rack = b.rack;
      response.brokers.push(e);
    }
    return response;
  },
  errorResponse(_request, errorCode) {
    const response = defaultDescribeClusterResponse();
    response.errorCode = errorCode;
    return response;
  },
});
