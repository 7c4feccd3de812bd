/**
 * A full disk while the broker runs (the memory file system fails a segment write with ENOSPC):
 * the producer gets KAFKA_STORAGE_ERROR, the log dir goes offline as in Kafka (no later write
 * lands there, reads of it and DescribeLogDirs answer KAFKA_STORAGE_ERROR, no clean-shutdown marker is
 * left so the next start recovers it), and the process keeps running and stops cleanly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apis, ErrorCode } from '@samsa/protocol';
import { MemoryFileSystem } from '@samsa/storage';
import { Kafka, logLevel } from 'kafkajs';
import { type Broker, startBroker } from '../src/index.js';
import { RawClient } from './support/raw-client.js';

const listOffsets = apis[2] as (typeof apis)[2];
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
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      await producer.send({ topic: 'full', messages: [{ value: 'before' }] });
      const segment = join(dir, 'full-0', '00000000000000000000.log');
      const sizeBefore = fs.statSync(segment).size;
      fs.failNext('write', 1, '/full-0/', 'ENOSPC');
      for (const attempt of ['the failing write', 'a write after it']) {
        await assert.rejects(
          producer.send({ topic: 'full', messages: [{ value: 'lost' }] }),
          (err: Error & { cause?: { type?: string } }) => {
            // KafkaJS gives up after its retries (none here) with the broker's error as the cause.
            assert.equal(err.cause?.type, 'KAFKA_STORAGE_ERROR', `${attempt}: ${err.message}`);
            return true;
          },
        );
      }
      assert.equal(fs.statSync(segment).size, sizeBefore, 'nothing written after the failure');
    } finally {
      await producer.disconnect();
    }
    const client = await RawClient.open(broker.port);
    try {
      const res = await client.request(describeLogDirs, 1, { topics: null });
      assert.equal(res.results.length, 1);
      assert.equal(res.results[0]?.errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
      assert.equal(res.results[0]?.logDir, dir);
      // Reads of its partitions fail the same way.
      const offsets = await client.request(listOffsets, 1, {
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
      client.close();
    }
  });

  it('stops cleanly without marking the offline dir as cleanly shut down', async () => {
    await broker.stop();
    assert.equal(fs.existsSync(join(dir, '.kafka_cleanshutdown')), false);
  });
});
