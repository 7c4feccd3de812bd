/**
 * The shape of a request handler: one per API key, each in its own file, all listed in
 * handlers/index.ts. The version range a handler declares is what ApiVersions advertises.
 *
 * Handlers are thin: they decode nothing themselves (the dispatcher did), delegate to the broker's
 * subsystems, and map outcomes to Kafka error codes in the response.
 */
import type { ApiKeyNumber, RequestOf, ResponseOf } from '@samsa/protocol';
import type { RequestContext } from '../request-context.js';

/** Returned by a handler when the request gets no response at all (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol('no response');
export type NoResponse = typeof NO_RESPONSE;

export type HandlerResult<K extends ApiKeyNumber> = ResponseOf<K> | NoResponse;

export interface Handler<K extends ApiKeyNumber = ApiKeyNumber> {
  readonly apiKey: K;
  readonly minVersion: number;
  readonly maxVersion: number;
  handle(ctx: RequestContext, request: RequestOf<K>): HandlerResult<K> | Promise<HandlerResult<K>>;
  /**
   * The response that reports `errorCode` for everything the request asked about; sent when the
   * handler threw, or when the version is known to the codec but not implemented here.
   */
  errorResponse(request: RequestOf<K>, errorCode: number, ctx: RequestContext): ResponseOf<K>;
}

export function defineHandler<K extends ApiKeyNumber>(handler: Handler<K>): Handler<K> {
  return handler;
}
