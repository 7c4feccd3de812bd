/**
 * DescribeCluster (key 60), v0-1.
 * - Brokers with their endpoint on the request's listener, the cluster id and the controller.
 * - endpoint_type (v1): 1 = brokers (the only kind a ZooKeeper-mode cluster exposes); 2 =
 *   controllers gets UNSUPPORTED_ENDPOINT_TYPE as Kafka's brokers answer.
 */
import {
  defaultDescribeClusterResponse,
  defaultDescribeClusterResponseDescribeClusterBroker,
  ErrorCode,
} from '@samsa/protocol';
import { defineHandler } from './handler.js';

export default defineHandler({
  apiKey: 60,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const { metadata } = ctx.broker;
    const response = defaultDescribeClusterResponse();
    response.endpointType = ctx.apiVersion >= 1 ? request.endpointType : 1;
    if (ctx.apiVersion >= 1 && request.endpointType !== 1) {
      response.errorCode = ErrorCode.UNSUPPORTED_ENDPOINT_TYPE;
      response.errorMessage = 'The broker only handles broker endpoints';
      return response;
    }
    response.clusterId = metadata.clusterId;
    response.controllerId = metadata.controllerId();
    for (const b of metadata.brokers(ctx.connection.listener)) {
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
