/**
 * A full disk while the broker runs (the memory file system fails a segment write with ENOSPC):
 * the producer gets KAFKA_STORAGE_ERROR, the log dir goes offline as in Kafka (no later write
 * lands there, reads of it and DescribeLogDirs answer KAFKA_STORAGE_ERROR, Metadata lists the
 * replica offline with no leader, as a one-broker Kafka cluster does, no clean-shutdown marker is
 * left so the next start recovers it), and the process keeps running and stops cleanly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  apis,
  defaultFetchRequest,
  defaultFetchRequestFetchPartition,
  defaultFetchRequestFetchTopic,
  ErrorCode,
  encodeRecordBatch,
  type ProduceRequest,
} from '@samsa/protocol';
import { MemoryFileSystem } from '@samsa/storage';
import { Kafka, logLevel } from 'kafkajs';
import { type Broker, startBroker } from '../src/index.js';
import { ZERO_UUID } from '../src/metadata/topic-name.js';
import { RawClient } from './support/raw-client.js';

const listOffsets = apis[2] as (typeof apis)[2];
const metadata = apis[3] as (typeof apis)[3];
const describeLogDirs = apis[35] as (typeof apis)[35];

describe('a full disk under a running broker', () => {
  let dir = '';
  let fs: MemoryFileSystem;
  let broker: Broker;
  let kafka: Kafka;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-full-'));
    fs = new MemoryFileSystem([dir]);
    broker = await startBroker({ logDirs: dir, logFileSystem: fs });
    kafka = new Kafka({
      clientId: 'full-disk',
      brokers: [broker.bootstrapServers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'full', numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers KAFKA_STORAGE_ERROR, takes the dir offline and keeps running', async () => {
    const segment = join(dir, 'full-0', '00000000000000000000.log');
    const client = await RawClient.open(broker.port);
    const produce = async (value: string) => {
      const req: ProduceRequest = {
        transactionalId: null,
        acks: -1,
        timeoutMs: 5000,
        topicData: [
          {
            name: 'full',
            partitionData: [{ index: 0, records: encodeRecordBatch({ records: [{ value: Buffer.from(value) }] }) }],
          },
        ],
      };
      const res = await client.request(apis[0], 9, req);
      return res.responses[0]?.partitionResponses[0]?.errorCode;
    };
    try {
      assert.equal(await produce('before'), ErrorCode.NONE);
      const sizeBefore = fs.statSync(segment).size;
      fs.failNext('write', 1, '/full-0/', 'ENOSPC');
      assert.equal(await produce('lost'), ErrorCode.KAFKA_STORAGE_ERROR, 'the write that hit the full disk');
      assert.equal(await produce('lost too'), ErrorCode.KAFKA_STORAGE_ERROR, 'a write after it');
      assert.equal(fs.statSync(segment).size, sizeBefore, 'nothing written after the failure');
    } finally {
      client.close();
    }
    // A real client gives up on the partition (no leader is left) instead of hanging.
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      await assert.rejects(producer.send({ topic: 'full', messages: [{ value: 'lost' }], timeout: 2000 }));
    } finally {
      await producer.disconnect();
    }
    const admin = await RawClient.open(broker.port);
    try {
      const res = await admin.request(describeLogDirs, 1, { topics: null });
      assert.equal(res.results.length, 1);
      assert.equal(res.results[0]?.errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
      assert.equal(res.results[0]?.logDir, dir);
      const md = await admin.request(metadata, 9, {
        topics: [{ topicId: ZERO_UUID, name: 'full' }],
        allowAutoTopicCreation: false,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
      });
      const p0 = md.topics[0]?.partitions[0];
      assert.equal(p0?.errorCode, ErrorCode.LEADER_NOT_AVAILABLE);
      assert.equal(p0?.leaderId, -1);
      assert.deepEqual(p0?.offlineReplicas, [broker.brokerId]);
      // Reads of its partitions fail with KAFKA_STORAGE_ERROR: Fetch (v11, by name) and ListOffsets.
      const fetch = defaultFetchRequest();
      fetch.replicaId = -1;
      fetch.maxBytes = 1 << 20;
      const topic = defaultFetchRequestFetchTopic();
      topic.topic = 'full';
      const partition = defaultFetchRequestFetchPartition();
      partition.partitionMaxBytes = 1 << 20;
      topic.partitions.push(partition);
      fetch.topics.push(topic);
      const fetched = await admin.request(apis[1], 11, fetch);
      assert.equal(fetched.responses[0]?.partitions[0]?.errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
      const offsets = await admin.request(listOffsets, 1, {
        replicaId: -1,
        isolationLevel: 0,
        topics: [
          {
            name: 'full',
            partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n, maxNumOffsets: 1 }],
          },
        ],
      });
      assert.equal(offsets.topics[0]?.partitions[0]?.errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
    } finally {
      admin.close();
    }
  });

  it('stops cleanly without marking the offline dir as cleanly shut down', async () => {
    await broker.stop();
    assert.equal(fs.existsSync(join(dir, '.kafka_cleanshutdown')), false);
  });
});
