/**
 * Turns a request payload into a response frame: peeks the api key and version, finds the handler
 * in the one table, decodes, runs the handler, and encodes the response with the same version.
 *
 * Failure policy, as Kafka's: an api key we do not serve, a version beyond what the codec knows, or
 * bytes that do not decode close the connection (logged); a version the codec knows but we do not
 * implement gets the handler's error response with UNSUPPORTED_VERSION (ApiVersions answers v0 with
 * its own range, KIP-511); a handler that throws gets an error response with the code
 * errors/kafka-failure.ts maps the error to (UNKNOWN_SERVER_ERROR for anything unexpected, logged).
 * The process never dies from a request. Every response, error response or not, passes through
 * errors/version-error-codes.ts on its way to the encoder, so a client on an older version never
 * gets a code that version cannot decode.
 *
 * With a request_percentage quota configured anywhere, the synchronous time spent on each request
 * is recorded against it and a throttle lands in the response's throttle_time_ms (quota/).
 */
import type { Logger } from '@samsa/common';
import {
  type ApiDefinition,
  ApiKey,
  apiDefinition,
  decodeRequestHeaderFrom,
  ErrorCode,
  encodeResponseFrame,
  ProtocolError,
  peekRequestKey,
  Reader,
  Writer,
} from '@samsa/protocol';
import type { BrokerServices } from '../broker-services.js';
import { kafkaCodeOf } from '../errors/kafka-failure.js';
import { withVersionErrorCodes } from '../errors/version-error-codes.js';
import { type Handler, NO_RESPONSE } from '../handlers/handler.js';
import { handlerFor } from '../handlers/index.js';
import { RequestProbe } from '../metrics/request-probe.js';
import { REQUEST_PERCENTAGE } from '../quota/quota-entity.js';
import { throttleForRequestTime, withThrottleTime } from '../quota/throttle.js';
import type { RequestContext } from '../request-context.js';
import { gateSaslRequest, legacySaslToken } from '../security/sasl/sasl-gate.js';
import type { Connection, ResponseChunks } from './connection.js';

export class RequestDispatcher {
  constructor(
    private readonly broker: BrokerServices,
    private readonly logger: Logger,
    /** Requests, total time and throttle time per API, for the metrics endpoint. */
    private readonly probe: RequestProbe = new RequestProbe(),
  ) {}

  dispatch(conn: Connection, payload: Buffer): ResponseChunks | Promise<ResponseChunks> {
    const sasl = conn.sasl;
    if (sasl?.expectsRawTokens) return legacySaslToken(conn, sasl, payload);
    const { apiKey, apiVersion } = peekRequestKey(payload);
    if (sasl) gateSaslRequest(sasl, apiKey, Date.now());
    const def = apiDefinition(apiKey);
    const handler = handlerFor(apiKey);
    if (!def || !handler) {
      throw new ProtocolError('UNKNOWN_API_KEY', `api key ${apiKey} is not served by this broker`);
    }
    // request_percentage counts the event loop's time on this request; measured only when set.
    const timed = this.broker.quotas.enforces(REQUEST_PERCENTAGE);
    const started = timed ? performance.now() : 0;
    const r = new Reader(payload);
    const header = decodeRequestHeaderFrom(r);
    const clientHost = conn.clientHost;
    const principal =
      this.broker.principalBuilder?.({ clientId: header.clientId, host: clientHost, listener: conn.listener }) ??
      conn.principal;
    const ctx: RequestContext = {
      header,
      apiVersion,
      connection: conn,
      listenerName: conn.listener,
      securityProtocol: conn.securityProtocol,
      broker: this.broker,
      logger: this.logger,
      principal,
      clientHost,
      receivedAt: Date.now(),
    };
    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      return this.unsupportedVersion(ctx, def, handler, r);
    }
    const request = def.decodeRequest(r, apiVersion);
    let result: unknown;
    try {
      result = handler.handle(ctx, request as never);
    } catch (err) {
      result = this.failure(ctx, handler, request, err);
    }
    const throttleMs = timed ? throttleForRequestTime(ctx, performance.now() - started, Date.now()) : 0;
    if (result instanceof Promise) {
      return result.then(
        (response) => this.encode(def, ctx, withThrottleTime(response, throttleMs)),
        (err) => this.encode(def, ctx, withThrottleTime(this.failure(ctx, handler, request, err), throttleMs)),
      );
    }
    return this.encode(def, ctx, withThrottleTime(result, throttleMs));
  }

  private unsupportedVersion(ctx: RequestContext, def: ApiDefinition, handler: Handler, r: Reader): ResponseChunks {
    if (def.apiKey === ApiKey.ApiVersions) {
      // KIP-511: answer in v0, which every client can read, listing our ApiVersions range.
      const response = handler.errorResponse(def.defaultRequest() as never, ErrorCode.UNSUPPORTED_VERSION, ctx);
      return this.encode(def, { ...ctx, apiVersion: 0 }, response);
    }
    if (ctx.apiVersion > def.maxVersion) {
      throw new ProtocolError('UNSUPPORTED_VERSION', `${def.name} v${ctx.apiVersion} is newer than this broker knows`);
    }
    const request = def.decodeRequest(r, ctx.apiVersion);
    return this.encode(def, ctx, handler.errorResponse(request as never, ErrorCode.UNSUPPORTED_VERSION, ctx));
  }

  private failure(ctx: RequestContext, handler: Handler, request: unknown, err: unknown): unknown {
    const where = { api: ctx.header.requestApiKey, version: ctx.apiVersion };
    return handler.errorResponse(request as never, kafkaCodeOf(err, ctx.logger, where), ctx);
  }

  private encode(def: ApiDefinition, ctx: RequestContext, response: unknown): ResponseChunks {
    // Kafka's RequestMetrics: counted once the answer is ready (acks=0 produces included).
    const throttle = response === NO_RESPONSE ? 0 : ((response as { throttleTimeMs?: number }).throttleTimeMs ?? 0);
    this.probe.record(def.apiKey, Date.now() - ctx.receivedAt, throttle);
    if (response === NO_RESPONSE) return null;
    const w = new Writer(1024);
    const body = withVersionErrorCodes(def.apiKey, ctx.apiVersion, response);
    encodeResponseFrame(w, def, ctx.apiVersion, ctx.header.correlationId, body);
    return w.chunks();
  }
}
