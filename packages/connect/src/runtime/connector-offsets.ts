/**
 * KIP-875's offset management for one connector: read its offsets at any time; alter (PATCH) or
 * reset (DELETE) them only while it is STOPPED. Source offsets live in the worker's offset store,
 * keyed by source partition; sink offsets are the consumer group `connect-<name>`'s committed
 * offsets, written as {"kafka_topic","kafka_partition"} → {"kafka_offset"}.
 */
import type { SourceConnector } from '../api/connector.js';
import type { OffsetMap } from '../api/records.js';
import type { Herder } from './herder-api.js';
import { HerderError } from './herder-error.js';

export interface ConnectorOffset {
  partition: OffsetMap;
  offset: OffsetMap | null;
}

export async function connectorOffsets(herder: Herder, name: string): Promise<{ offsets: ConnectorOffset[] }> {
  const type = herder.connectorType(name);
  if (type === 'source') return { offsets: herder.worker.offsets.list(name) };
  const committed = await herder.worker.admin.listGroupOffsets(`connect-${name}`).catch(() => []);
  return {
    offsets: committed.map((o) => ({
      partition: { kafka_topic: o.topic, kafka_partition: o.partition },
      offset: { kafka_offset: Number(o.offset) },
    })),
  };
}

function requireStopped(herder: Herder, name: string): void {
  if (herder.targetState(name) !== 'STOPPED') {
    throw new HerderError(
      'BAD_REQUEST',
      `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
    );
  }
}

/** PATCH /connectors/{name}/offsets. Returns Kafka's success message. */
export function alterOffsets(herder: Herder, name: string, offsets: readonly ConnectorOffset[]): Promise<string> {
  return herder.serial(async () => {
    requireStopped(herder, name);
    if (herder.connectorType(name) === 'source') {
      const connector = herder.worker.plugins
        .connector(herder.config(name)['connector.class'] as string)
        .create() as SourceConnector;
      let managed: boolean;
      try {
        managed = connector.alterOffsets(herder.config(name), offsets);
      } catch (err) {
        throw new HerderError(
          'BAD_REQUEST',
          `Failed to alter offsets for connector ${name}: ${(err as Error).message}`,
          { cause: err },
        );
      }
      await herder.worker.offsets.set(name, offsets);
      return managed
        ? 'The offsets for this connector have been altered successfully'
        : 'The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.';
    }
    const group = `connect-${name}`;
    const toSet: Array<{ topic: string; partition: number; offset: bigint }> = [];
    const toDelete: Array<{ topic: string; partition: number }> = [];
    for (const { partition, offset } of offsets) {
      const topic = partition.kafka_topic;
      const p = partition.kafka_partition;
      if (typeof topic !== 'string' || typeof p !== 'number' || !Number.isInteger(p)) {
        throw new HerderError(
          'BAD_REQUEST',
          "Partitions must contain the keys 'kafka_topic' (a string) and 'kafka_partition' (an integer)",
        );
      }
      if (offset === null) {
        toDelete.push({ topic, partition: p });
        continue;
      }
      const o = offset.kafka_offset;
      if (typeof o !== 'number' || !Number.isInteger(o) || o < 0) {
        throw new HerderError(
          'BAD_REQUEST',
          "Offsets must contain the key 'kafka_offset' with a non-negative integer value",
        );
      }
      toSet.push({ topic, partition: p, offset: BigInt(o) });
    }
    if (toSet.length > 0) await herder.worker.admin.alterGroupOffsets(group, toSet);
    if (toDelete.length > 0) await herder.worker.admin.deleteGroupOffsets(group, toDelete);
    return 'The offsets for this connector have been altered successfully';
  });
}

/** DELETE /connectors/{name}/offsets. */
export function resetOffsets(herder: Herder, name: string): Promise<string> {
  return herder.serial(async () => {
    requireStopped(herder, name);
    if (herder.connectorType(name) === 'source') {
      const tombstones = herder.worker.offsets.list(name).map((s) => ({ partition: s.partition, offset: null }));
      const connector = herder.worker.plugins
        .connector(herder.config(name)['connector.class'] as string)
        .create() as SourceConnector;
      const managed = connector.alterOffsets(herder.config(name), tombstones);
      await herder.worker.offsets.set(name, tombstones);
      if (managed) return 'The offsets for this connector have been reset successfully';
      return 'The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.';
    }
    await herder.worker.admin.deleteGroups([`connect-${name}`]).catch((err: unknown) => {
      // A group that never committed does not exist: nothing to reset.
      if (!(err instanceof Error && /GROUP_ID_NOT_FOUND|does not exist/i.test(err.message))) throw err;
    });
    return 'The offsets for this connector have been reset successfully';
  });
}
