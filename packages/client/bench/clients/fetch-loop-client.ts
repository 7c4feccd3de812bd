/**
 * The ceiling the consumers are measured against: Fetch requests for the next offset in a loop on
 * one connection, one in flight (as every consumer of one partition keeps), nothing decoded beyond
 * the batch headers that give the next offset. It produces like @samsa/client (sendBatch), so it
 * reads the same layout of batches.
 */
import { silentLogger } from '@samsa/common';
import { ApiKey } from '@samsa/protocol';
import { nextOffsetAfter } from '../../src/consumer/completed-fetch.js';
import { Connection } from '../../src/network/connection.js';
import { samsaClient } from './samsa-client.js';
import { type ClientWorkload, seconds } from './workload.js';

/** The per-partition fetch size every consumer in this benchmark asks for. */
const PARTITION_MAX_BYTES = 4 * 1_048_576;

export const fetchLoopClient: ClientWorkload = {
  description: 'Fetch v12 for the next offset in a loop, one in flight, 4 MiB per partition, records not decoded',
  produce: samsaClient.produce,
  async consume(bootstrap, topic, count) {
    const [host, port] = bootstrap.split(':') as [string, string];
    const conn = new Connection({
      host,
      port: Number(port),
      nodeId: -1,
      clientId: 'fetch-loop',
      requestTimeoutMs: 30_000,
      connectTimeoutMs: 10_000,
      reconnectBackoffMs: 50,
      reconnectBackoffMaxMs: 1_000,
      maxInFlight: 1,
      logger: silentLogger,
    });
    try {
      let offset = 0n;
      let start = 0;
      while (offset < BigInt(count)) {
        const res = await conn.request(
          ApiKey.Fetch,
          {
            clusterId: null,
            replicaId: -1,
            replicaState: { replicaId: -1, replicaEpoch: -1n },
            maxWaitMs: 500,
            minBytes: 1,
            maxBytes: 52_428_800,
            isolationLevel: 0,
            sessionId: 0,
            sessionEpoch: -1,
            topics: [
              {
                topic,
                topicId: '00000000-0000-0000-0000-000000000000',
                partitions: [
                  {
                    partition: 0,
                    currentLeaderEpoch: -1,
                    fetchOffset: offset,
                    lastFetchedEpoch: -1,
                    logStartOffset: -1n,
                    partitionMaxBytes: PARTITION_MAX_BYTES,
                  },
                ],
              },
            ],
            forgottenTopicsData: [],
            rackId: '',
          },
          { maxVersion: 12 },
        );
        const records = res.responses[0]?.partitions[0]?.records;
        if (!records || records.length === 0) continue;
        if (start === 0) start = performance.now();
        offset = nextOffsetAfter(records, offset);
      }
      return seconds(start);
    } finally {
      conn.close();
    }
  },
};
