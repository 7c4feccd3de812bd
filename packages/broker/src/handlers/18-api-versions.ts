/**
 * ApiVersions (key 18), v0-3.
 * - The advertised ranges come from the handler table: exactly what this broker implements.
 * - An unknown (newer) request version is answered in v0 with UNSUPPORTED_VERSION and our range
 *   (KIP-511); the dispatcher routes that case here through errorResponse.
 * - The response always travels with response header v0 (see protocol/frame.ts).
 */
import { type ApiVersionsResponse, defaultApiVersionsResponse, ErrorCode } from '@samsa/protocol';
import { defineHandler } from './handler.js';
import { advertisedVersions } from './index.js';

function response(errorCode: number): ApiVersionsResponse {
  const r = defaultApiVersionsResponse();
  r.errorCode = errorCode;
  r.apiKeys = advertisedVersions();
  return r;
}

export default defineHandler({
  apiKey: 18,
  minVersion: 0,
  maxVersion: 3,
  handle(_ctx, request) {
    // v3 clients send their software name/version; Kafka validates them as strings of [-.\w]+
    const valid = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;
    if (
      (request.clientSoftwareName && !valid.test(request.clientSoftwareName)) ||
      (request.clientSoftwareVersion && !valid.test(request.clientSoftwareVersion))
    ) {
      return response(ErrorCode.INVALID_REQUEST);
    }
    return response(ErrorCode.NONE);
  },
  errorResponse(_request, errorCode) {
    return response(errorCode);
  },
});
