/**
 * Framing and headers: every request and response is an int32 size, a header, then the body.
 * Which header version applies depends on the API key and version (KIP-482), with two exceptions
 * kept here so nobody else needs to know them: ControlledShutdown v0 uses request header v0, and
 * ApiVersions responses always use response header v0 so that any client can read them.
 */
import { ProtocolError } from './errors/protocol-error.js';
import { type ApiDefinition, ApiKey, apiDefinition } from './generated/api-table.js';
import {
  decodeRequestHeader,
  decodeResponseHeader,
  encodeRequestHeader,
  encodeResponseHeader,
  type RequestHeader,
} from './generated/headers.js';
import { Reader } from './io/reader.js';
import type { Writer } from './io/writer.js';

export function isFlexible(def: ApiDefinition, version: number): boolean {
  return def.firstFlexibleVersion >= 0 && version >= def.firstFlexibleVersion;
}

export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === ApiKey.ControlledShutdown && apiVersion === 0) return 0;
  const def = apiDefinition(apiKey);
  return def && isFlexible(def, apiVersion) ? 2 : 1;
}

export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === ApiKey.ApiVersions) return 0;
  const def = apiDefinition(apiKey);
  return def && isFlexible(def, apiVersion) ? 1 : 0;
}

/** Writes size + request header + body. Returns the frame size including the 4-byte prefix. */
export function encodeRequestFrame<Req>(
  w: Writer,
  def: ApiDefinition<Req, unknown>,
  version: number,
  correlationId: number,
  clientId: string | null,
  body: Req,
): number {
  const start = w.length;
  const sizeAt = w.reserveInt32();
  const header: RequestHeader = {
    requestApiKey: def.apiKey,
    requestApiVersion: version,
    correlationId,
    clientId,
  };
  encodeRequestHeader(w, header, requestHeaderVersion(def.apiKey, version));
  def.encodeRequest(w, body, version);
  const size = w.length - start;
  w.patchInt32(sizeAt, size - 4);
  return size;
}

/** Writes size + response header + body. Returns the frame size including the 4-byte prefix. */
export function encodeResponseFrame<Res>(
  w: Writer,
  def: ApiDefinition<unknown, Res>,
  version: number,
  correlationId: number,
  body: Res,
): number {
  const start = w.length;
  const sizeAt = w.reserveInt32();
  encodeResponseHeader(w, { correlationId }, responseHeaderVersion(def.apiKey, version));
  def.encodeResponse(w, body, version);
  const size = w.length - start;
  w.patchInt32(sizeAt, size - 4);
  return size;
}

/**
 * Peeks at the api key and version of a request frame's payload (the bytes after the size) without
 * decoding anything else, so the broker can refuse unknown keys or versions before the header.
 */
export function peekRequestKey(payload: Buffer): { apiKey: number; apiVersion: number } {
  if (payload.length < 4) throw new ProtocolError('TRUNCATED', 'request shorter than its api key and version');
  return { apiKey: payload.readInt16BE(0), apiVersion: payload.readInt16BE(2) };
}

export interface DecodedRequest<Req = unknown> {
  header: RequestHeader;
  body: Req;
}

/** Decodes a request header from a frame payload; the reader is left at the start of the body. */
export function decodeRequestHeaderFrom(r: Reader): RequestHeader {
  const { apiKey, apiVersion } = peekRequestKey(r.buf.subarray(r.pos, r.end));
  return decodeRequestHeader(r, requestHeaderVersion(apiKey, apiVersion));
}

/**
 * Decodes a whole request payload (after the size prefix). Unknown keys and versions raise
 * ProtocolError('UNKNOWN_API_KEY' / 'UNSUPPORTED_VERSION'); leftover bytes are an error too,
 * because a body that does not end where the frame ends was not what the client meant.
 */
export function decodeRequest(payload: Buffer): DecodedRequest {
  const r = new Reader(payload);
  const header = decodeRequestHeaderFrom(r);
  const def = apiDefinition(header.requestApiKey);
  if (!def) throw new ProtocolError('UNKNOWN_API_KEY', `unknown api key ${header.requestApiKey}`);
  const body = def.decodeRequest(r, header.requestApiVersion);
  if (r.remaining !== 0) {
    throw new ProtocolError(
      'INVALID_LENGTH',
      `${r.remaining} bytes left after ${def.name} v${header.requestApiVersion}`,
    );
  }
  return { header, body };
}

/** Decodes a response payload (after the size prefix) for a request the caller sent. */
export function decodeResponse<Res>(
  payload: Buffer,
  def: ApiDefinition<unknown, Res>,
  version: number,
): { correlationId: number; body: Res } {
  const r = new Reader(payload);
  const { correlationId } = decodeResponseHeader(r, responseHeaderVersion(def.apiKey, version));
  const body = def.decodeResponse(r, version);
  return { correlationId, body };
}
