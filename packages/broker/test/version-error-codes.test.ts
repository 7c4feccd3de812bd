/**
 * Error codes by request version (errors/version-error-codes.ts): every entry of the table through
 * the raw protocol, at the last version that gets the older code and at a version that gets the
 * current one. The transaction APIs are driven into the real condition (a producer fenced by a
 * later InitProducerId, deletion disabled by config); the storage-error and coordinator-loading
 * entries inject the failure into the real subsystem the handler calls. A unit part checks the
 * rewrite itself: nested fields, no mutation, nothing copied when nothing changes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, encodeRecordBatch, KafkaError } from '@samsa/protocol';
import { StorageError } from '@samsa/storage';
import { KafkaWire } from '../bench/kafka-wire.js';
import { errorCodeForVersion, OLDER_ERROR_CODES, withVersionErrorCodes } from '../src/errors/version-error-codes.js';
import { type Broker, startBroker } from '../src/index.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'vt';
const TXN = 'tx-versions';

describe('the per-version table', () => {
  it('gives the older code through the last old version and the current code after it', () => {
    for (const e of OLDER_ERROR_CODES) {
      assert.equal(errorCodeForVersion(e.apiKey, 0, e.code), e.olderCode, `api ${e.apiKey} v0`);
      assert.equal(errorCodeForVersion(e.apiKey, e.throughVersion, e.code), e.olderCode);
      assert.equal(errorCodeForVersion(e.apiKey, e.throughVersion + 1, e.code), e.code);
      assert.equal(errorCodeForVersion(e.apiKey, 0, ErrorCode.NONE), ErrorCode.NONE);
    }
  });

  it('rewrites nested errorCode and *ErrorCode fields without touching the original', () => {
    const records = Buffer.from([1, 2, 3]);
    const response = {
      throttleTimeMs: 0,
      resultsByTopicV3AndBelow: [
        { name: 't', resultsByPartition: [{ partitionIndex: 0, partitionErrorCode: ErrorCode.PRODUCER_FENCED }] },
        { name: 'u', resultsByPartition: [{ partitionIndex: 0, partitionErrorCode: ErrorCode.NONE }] },
      ],
      records,
    };
    const before = JSON.stringify(response.resultsByTopicV3AndBelow);
    const v1 = withVersionErrorCodes(24, 1, response);
    assert.equal(v1.resultsByTopicV3AndBelow[0]?.resultsByPartition[0]?.partitionErrorCode, 47);
    assert.equal(JSON.stringify(response.resultsByTopicV3AndBelow), before, 'the original is not mutated');
    assert.equal(v1.resultsByTopicV3AndBelow[1], response.resultsByTopicV3AndBelow[1], 'untouched parts are shared');
    assert.equal(v1.records, records);
    assert.equal(withVersionErrorCodes(24, 2, response), response, 'nothing to change: the same object');
    assert.equal(withVersionErrorCodes(18, 0, response), response, 'an API without entries');
  });
});

describe('error codes by request version, on the wire', () => {
  let dir: string;
  let broker: Broker;
  let wire: KafkaWire;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-version-codes-'));
    broker = await startBroker({
      logDirs: dir,
      config: { 'transaction.state.log.num.partitions': 1, 'offsets.topic.num.partitions': 1 },
    });
    wire = await KafkaWire.open(broker.bootstrapServers);
    const created = await wire.send(19, 4, {
      topics: [{ name: TOPIC, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
    });
    assert.equal(created.topics[0]?.errorCode, ErrorCode.NONE);
    await waitFor(
      'the transaction coordinator',
      async () => (await wire.send(10, 4, { keyType: 1, coordinatorKeys: [TXN] })).coordinators[0]?.errorCode === 0,
    );
    await waitFor(
      'the group coordinator',
      async () => (await wire.send(10, 4, { keyType: 0, coordinatorKeys: ['g'] })).coordinators[0]?.errorCode === 0,
    );
  });
  after(async () => {
    wire.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A transactional producer that a later InitProducerId of the same id has fenced (twice). */
  async function fencedProducer(): Promise<{ transactionalId: string; producerId: bigint; producerEpoch: number }> {
    const init = () =>
      wire.send(22, 4, { transactionalId: TXN, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
    const first = await init();
    assert.equal(first.errorCode, ErrorCode.NONE);
    for (let i = 0; i < 2; i++) assert.equal((await init()).errorCode, ErrorCode.NONE);
    return { transactionalId: TXN, producerId: first.producerId, producerEpoch: first.producerEpoch };
  }

  it('EndTxn: a fenced producer gets INVALID_PRODUCER_EPOCH at v0-1, PRODUCER_FENCED from v2', async () => {
    const stale = await fencedProducer();
    const end = async (v: number) => (await wire.send(26, v, { ...stale, committed: true })).errorCode;
    assert.equal(await end(0), ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal(await end(1), ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal(await end(2), ErrorCode.PRODUCER_FENCED);
    assert.equal(await end(3), ErrorCode.PRODUCER_FENCED);
  });

  it('AddPartitionsToTxn: INVALID_PRODUCER_EPOCH at v0-1, PRODUCER_FENCED from v2', async () => {
    const stale = await fencedProducer();
    const add = async (v: number) => {
      const r = await wire.send(24, v, {
        v3AndBelowTransactionalId: stale.transactionalId,
        v3AndBelowProducerId: stale.producerId,
        v3AndBelowProducerEpoch: stale.producerEpoch,
        v3AndBelowTopics: [{ name: TOPIC, partitions: [0] }],
      });
      return r.resultsByTopicV3AndBelow[0]?.resultsByPartition[0]?.partitionErrorCode;
    };
    assert.equal(await add(0), ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal(await add(1), ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal(await add(2), ErrorCode.PRODUCER_FENCED);
    assert.equal(await add(3), ErrorCode.PRODUCER_FENCED);
  });

  it('AddOffsetsToTxn: INVALID_PRODUCER_EPOCH at v0-1, PRODUCER_FENCED from v2', async () => {
    const stale = await fencedProducer();
    const add = async (v: number) => (await wire.send(25, v, { ...stale, groupId: 'g' })).errorCode;
    assert.equal(await add(1), ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal(await add(2), ErrorCode.PRODUCER_FENCED);
    assert.equal(await add(3), ErrorCode.PRODUCER_FENCED);
  });

  it('InitProducerId naming a fenced epoch: INVALID_PRODUCER_EPOCH at v3, PRODUCER_FENCED from v4', async () => {
    const stale = await fencedProducer();
    const reinit = async (v: number) => (await wire.send(22, v, { ...stale, transactionTimeoutMs: 60_000 })).errorCode;
    assert.equal(await reinit(3), ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal(await reinit(4), ErrorCode.PRODUCER_FENCED);
  });

  it('TxnOffsetCommit: a fenced producer gets INVALID_PRODUCER_EPOCH at every version, as from Kafka', async () => {
    const stale = await fencedProducer();
    const commit = async (v: number) => {
      const r = await wire.send(28, v, {
        ...stale,
        groupId: 'g',
        generationId: -1,
        memberId: '',
        groupInstanceId: null,
        topics: [
          {
            name: TOPIC,
            partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: '' }],
          },
        ],
      });
      return r.topics[0]?.partitions[0]?.errorCode;
    };
    assert.equal(await commit(0), ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal(await commit(3), ErrorCode.INVALID_PRODUCER_EPOCH);
  });

  it('TxnOffsetCommit: COORDINATOR_NOT_AVAILABLE for a loading coordinator at v0-1, and INVALID_TXN_STATE for TRANSACTION_ABORTABLE at v0-3', async () => {
    const txns = broker.txns;
    const original = txns.txnOffsetCommit;
    const commit = async (v: number, answer: number) => {
      txns.txnOffsetCommit = (_c, _g, offsets) => offsets.map(() => answer);
      try {
        const r = await wire.send(28, v, {
          transactionalId: TXN,
          producerId: 1n,
          producerEpoch: 0,
          groupId: 'g',
          topics: [
            {
              name: TOPIC,
              partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: '' }],
            },
          ],
        });
        return r.topics[0]?.partitions[0]?.errorCode;
      } finally {
        txns.txnOffsetCommit = original;
      }
    };
    assert.equal(await commit(1, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS), ErrorCode.COORDINATOR_NOT_AVAILABLE);
    assert.equal(await commit(2, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS), ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    assert.equal(await commit(3, ErrorCode.TRANSACTION_ABORTABLE), ErrorCode.INVALID_TXN_STATE);
    assert.equal(await commit(4, ErrorCode.TRANSACTION_ABORTABLE), ErrorCode.TRANSACTION_ABORTABLE);
  });

  /** Runs `fn` with the partition log's `method` replaced by one that throws `err`. */
  async function withFailingLog<T>(method: 'appendAsLeader' | 'read', err: Error, fn: () => Promise<T>): Promise<T> {
    const log = broker.replicas.getPartition(TOPIC, 0)?.log;
    assert.ok(log, 'the partition is hosted here');
    const original = log[method];
    log[method] = () => {
      throw err;
    };
    try {
      return await fn();
    } finally {
      log[method] = original as never;
    }
  }

  const produce = async (v: number) => {
    const records = encodeRecordBatch({ records: [{ value: Buffer.from('v'), timestamp: Date.now() }] });
    const r = await wire.send(0, v, {
      transactionalId: null,
      acks: 1,
      timeoutMs: 5000,
      topicData: [{ name: TOPIC, partitionData: [{ index: 0, records }] }],
    });
    return r.responses[0]?.partitionResponses[0]?.errorCode;
  };

  it('Produce: KAFKA_STORAGE_ERROR is NOT_LEADER_OR_FOLLOWER at v0-3 (KIP-112)', async () => {
    const disk = new StorageError('KAFKA_STORAGE_ERROR', 'injected: disk failed');
    await withFailingLog('appendAsLeader', disk, async () => {
      assert.equal(await produce(3), ErrorCode.NOT_LEADER_OR_FOLLOWER);
      assert.equal(await produce(4), ErrorCode.KAFKA_STORAGE_ERROR);
      assert.equal(await produce(9), ErrorCode.KAFKA_STORAGE_ERROR);
    });
    assert.equal(await produce(9), ErrorCode.NONE, 'the log works again');
  });

  it('Produce: TRANSACTION_ABORTABLE is INVALID_TXN_STATE through v10 (KIP-890)', async () => {
    const abortable = new KafkaError(ErrorCode.TRANSACTION_ABORTABLE);
    await withFailingLog('appendAsLeader', abortable, async () => {
      assert.equal(await produce(10), ErrorCode.INVALID_TXN_STATE);
      assert.equal(await produce(11), ErrorCode.TRANSACTION_ABORTABLE);
    });
  });

  it('Fetch: KAFKA_STORAGE_ERROR is NOT_LEADER_OR_FOLLOWER at v0-5', async () => {
    const fetch = async (v: number) => {
      const r = await wire.send(1, v, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 1 << 20,
        topics: [
          {
            topic: TOPIC,
            topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
            partitions: [
              {
                partition: 0,
                fetchOffset: 0n,
                partitionMaxBytes: 1 << 20,
                currentLeaderEpoch: -1,
                lastFetchedEpoch: -1,
                logStartOffset: -1n,
              },
            ],
          },
        ],
      });
      return r.responses[0]?.partitions[0]?.errorCode;
    };
    const disk = new StorageError('KAFKA_STORAGE_ERROR', 'injected: disk failed');
    await withFailingLog('read', disk, async () => {
      assert.equal(await fetch(5), ErrorCode.NOT_LEADER_OR_FOLLOWER);
      assert.equal(await fetch(6), ErrorCode.KAFKA_STORAGE_ERROR);
      assert.equal(await fetch(11), ErrorCode.KAFKA_STORAGE_ERROR);
    });
    assert.equal(await fetch(11), ErrorCode.NONE, 'the log reads again');
  });

  it('ListOffsets: OFFSET_NOT_AVAILABLE is LEADER_NOT_AVAILABLE at v0-4', async () => {
    const replicas = broker.replicas;
    const original = replicas.listOffset;
    replicas.listOffset = () => ({
      errorCode: ErrorCode.OFFSET_NOT_AVAILABLE,
      offset: -1,
      timestamp: -1,
      leaderEpoch: -1,
    });
    try {
      const list = async (v: number) => {
        const r = await wire.send(2, v, {
          replicaId: -1,
          topics: [
            {
              name: TOPIC,
              partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n, maxNumOffsets: 1 }],
            },
          ],
        });
        return r.topics[0]?.partitions[0]?.errorCode;
      };
      assert.equal(await list(4), ErrorCode.LEADER_NOT_AVAILABLE);
      assert.equal(await list(5), ErrorCode.OFFSET_NOT_AVAILABLE);
    } finally {
      replicas.listOffset = original;
    }
  });

  it('Metadata: a topic auto-created elsewhere meanwhile is LEADER_NOT_AVAILABLE, not TOPIC_ALREADY_EXISTS', async () => {
    // A restarted cluster broker whose cache lacks a topic that ZooKeeper already has: its
    // auto-creation finds the topic existing. Clients must retry, not give up.
    const topics = broker.topics;
    const original = topics.autoCreate;
    topics.autoCreate = async () => {
      throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic 'raced' already exists.");
    };
    try {
      for (const v of [1, 4, 12]) {
        const r = await wire.send(3, v, {
          topics: [{ name: 'raced', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
          allowAutoTopicCreation: true,
        });
        assert.equal(r.topics[0]?.errorCode, ErrorCode.LEADER_NOT_AVAILABLE, `v${v}`);
      }
    } finally {
      topics.autoCreate = original;
    }
  });

  it('Metadata: LISTENER_NOT_FOUND is LEADER_NOT_AVAILABLE at v0-5', async () => {
    const metadata = broker.metadata;
    const original = metadata.topic;
    metadata.topic = () => {
      throw new KafkaError(ErrorCode.LISTENER_NOT_FOUND);
    };
    try {
      const md = async (v: number) => (await wire.send(3, v, { topics: [{ name: TOPIC, topicId: '' }] })).topics[0];
      assert.equal((await md(5))?.errorCode, ErrorCode.LEADER_NOT_AVAILABLE);
      assert.equal((await md(6))?.errorCode, ErrorCode.LISTENER_NOT_FOUND);
    } finally {
      metadata.topic = original;
    }
  });
});

describe('DeleteTopics with delete.topic.enable=false', () => {
  it('answers INVALID_REQUEST at v0-2 and TOPIC_DELETION_DISABLED from v3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-version-codes-delete-'));
    const broker = await startBroker({ logDirs: dir, config: { 'delete.topic.enable': false } });
    const wire = await KafkaWire.open(broker.bootstrapServers);
    try {
      await wire.send(19, 4, {
        topics: [{ name: 'kept', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
        timeoutMs: 5000,
      });
      const del = async (v: number) =>
        (await wire.send(20, v, { topicNames: ['kept'], timeoutMs: 5000 })).responses[0]?.errorCode;
      assert.equal(await del(2), ErrorCode.INVALID_REQUEST);
      assert.equal(await del(3), ErrorCode.TOPIC_DELETION_DISABLED);
      const md = await wire.send(3, 9, { topics: [{ name: 'kept', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }] });
      assert.equal(md.topics[0]?.errorCode, ErrorCode.NONE, 'the topic is still there');
    } finally {
      wire.close();
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
