/**
 * ApiVersions (key 18), v0-3.
 * - The advertised ranges come from the handler table: exactly what this broker implements —
 *   less ConsumerGroupHeartbeat and ConsumerGroupDescribe when group.coordinator.rebalance.protocols
 *   leaves out "consumer", as Kafka.
 * - An unknown (newer) request version is answered in v0 with UNSUPPORTED_VERSION and our range
 *   (KIP-511); the dispatcher routes that case here through errorResponse.
 * - The response always travels with response header v0 (see protocol/frame.ts).
 */
import { type ApiVersionsResponse, defaultApiVersionsResponse, ErrorCode } from '@samsa/protocol';
import type { RequestContext } from '../request-context.js';
import { defineHandler } from './handler.js';
import { advertisedVersions } from './index.js';

/** The KIP-848 consumer protocol's APIs. */
const CONSUMER_PROTOCOL_APIS: ReadonlySet<number> = new Set([68, 69]);

function response(errorCode: number, ctx: RequestContext): ApiVersionsResponse {
  const r = defaultApiVersionsResponse();
  r.errorCode = errorCode;
  const consumerProtocol = ctx.broker.groups.consumer.config.enabled;
  r.apiKeys = advertisedVersions().filter((k) => consumerProtocol || !CONSUMER_PROTOCOL_APIS.has(k.apiKey));
  return r;
}

export default defineHandler({
  apiKey: 18,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, request) {
    // v3 clients send their software name/version; Kafka validates them as strings of [-.\w]+
    const valid = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;
    if (
      (request.clientSoftwareName && !valid.test(request.clientSoftwareName)) ||
      (request.clientSoftwareVersion && !valid.test(request.clientSoftwareVersion))
    ) {
      return response(ErrorCode.INVALID_REQUEST, ctx);
    }
    return response(ErrorCode.NONE, ctx);
  },
  errorResponse(_request, errorCode, ctx) {
    return response(errorCode, ctx);
  },
});
