/**
 * A bounded first contact for the streaming tools (console producer and consumer, perf tests),
 * whose clients otherwise retry connecting for as long as they live: one admin call, so that a
 * wrong --bootstrap-server fails within the timeout with a message naming the address.
 */
import { Admin, type ClusterDescription } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { CliError, EXIT, rootMessage } from './errors.js';
import type { ClientSecurity } from './security-config.js';

export async function probe(
  bootstrapServers: string,
  timeoutMs: number,
  security: ClientSecurity = {},
): Promise<ClusterDescription> {
  const admin = new Admin({
    ...security,
    bootstrapServers,
    clientId: 'samsa-cli-probe',
    defaultApiTimeoutMs: timeoutMs,
    requestTimeoutMs: timeoutMs,
    socketConnectionSetupTimeoutMs: timeoutMs,
    logger: silentLogger,
  });
  try {
    return await admin.describeCluster();
  } catch (err) {
    const cause = rootMessage(err);
    throw new CliError(
      `could not reach a broker at ${bootstrapServers} within ${timeoutMs} ms (${cause}). ` +
        'Check that a broker is running there and that --bootstrap-server names it.',
      EXIT.unreachable,
    );
  } finally {
    await admin.close();
  }
}
