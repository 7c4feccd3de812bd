/**
 * What every console route works with: one Admin and one Producer of @samsa/client, shared by all
 * requests, and the connection settings to open a short-lived Consumer for each browse or tail
 * (a consumer's assignment and position are per reader, so readers never share one). The console
 * owns these clients: created by startConsole, closed by its close().
 */
import { Admin, type CommonConfig, Consumer, type Logger, Producer } from '@samsa/client';
import { SseStreams } from './sse.js';

export interface ConsoleContext {
  readonly admin: Admin;
  readonly producer: Producer;
  /** A consumer with no group (assign/seek only), for one browse or tail; the caller closes it. */
  newReader(): Consumer;
  readonly readOnly: boolean;
  readonly logger: Logger;
  /** Open SSE streams, ended when the server closes. */
  readonly streams: SseStreams;
}

export function createConsoleContext(
  client: CommonConfig,
  readOnly: boolean,
  logger: Logger,
  streams: SseStreams = new SseStreams(),
): ConsoleContext {
  const clientId = client.clientId ?? 'samsa-console';
  const admin = new Admin({ ...client, clientId, defaultApiTimeoutMs: 15_000 });
  // Lazily connects on the first send; idempotence stays the client's default.
  const producer = new Producer({ ...client, clientId });
  return {
    admin,
    producer,
    newReader: () =>
      new Consumer({ ...client, clientId: `${clientId}-reader`, enableAutoCommit: false, fetchMaxWaitMs: 100 }),
    readOnly,
    logger,
    streams,
  };
}

export async function closeConsoleContext(ctx: ConsoleContext): Promise<void> {
  await Promise.allSettled([ctx.producer.close(), ctx.admin.close()]);
}
