/**
 * Client quotas: AlterClientQuotas and DescribeClientQuotas over the wire (validation with Kafka's
 * error codes, validate_only, filters, persistence across a restart), Kafka's matching order for
 * user/client-id combinations, producer_byte_rate throttling a produce loop (KIP-219:
 * throttle_time_ms in responses, the connection muted) until the quota is removed, and
 * consumer_byte_rate and request_percentage throttles.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AlterClientQuotasRequestEntryData, apis, ErrorCode, encodeRecordBatch } from '@samsa/protocol';
import type { ClientQuotaRecord, MetadataStore, QuotaEntity } from '../src/metadata/metadata-store.js';
import { ClientQuotaManager } from '../src/quota/client-quota-manager.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

type Op = { key: string; value: number; remove?: boolean };

function entry(entity: Record<string, string | null>, ops: Op[]): AlterClientQuotasRequestEntryData {
  return {
    entity: Object.entries(entity).map(([entityType, entityName]) => ({ entityType, entityName })),
    ops: ops.map((o) => ({ key: o.key, value: o.value, remove: o.remove ?? false })),
  };
}

describe('client quotas: admin APIs', () => {
  let fx: TestBroker;
  let c: RawClient;
  before(async () => {
    fx = await startTestBroker();
    c = await RawClient.open(fx.broker.port);
  });
  after(async () => {
    c.close();
    await fx.stop();
  });

  const alter = (entries: AlterClientQuotasRequestEntryData[], validateOnly = false, version = 1) =>
    c.request(apis[49], version, { entries, validateOnly });
  const describeQ = (
    components: Array<{ entityType: string; matchType: number; match: string | null }>,
    strict = false,
    version = 1,
  ) => c.request(apis[48], version, { components, strict });
  /** Entries as `type=name,...` → values, sorted, for easy comparison. */
  const shown = (entries: Awaited<ReturnType<typeof describeQ>>['entries']) =>
    (entries ?? [])
      .map(
        (e) =>
          `${e.entity.map((x) => `${x.entityType}=${x.entityName ?? '<default>'}`).join(',')} ${e.values
            .map((v) => `${v.key}=${v.value}`)
            .sort()
            .join(',')}`,
      )
      .sort();

  it('alters and describes: exact, default and any matches, strict or not', async () => {
    const res = await alter([
      entry({ user: 'userA' }, [{ key: 'producer_byte_rate', value: 1048576 }]),
      entry({ 'client-id': 'clientC' }, [{ key: 'request_percentage', value: 50 }]),
      entry({ user: null }, [{ key: 'consumer_byte_rate', value: 2048 }]),
      entry({ user: 'userA', 'client-id': 'clientC' }, [{ key: 'controller_mutation_rate', value: 1.5 }]),
    ]);
    assert.deepEqual(
      res.entries.map((e) => e.errorCode),
      [0, 0, 0, 0],
    );
    assert.deepEqual(res.entries[3]?.entity, [
      { entityType: 'user', entityName: 'userA' },
      { entityType: 'client-id', entityName: 'clientC' },
    ]);

    let d = await describeQ([{ entityType: 'user', matchType: 0, match: 'userA' }], true);
    assert.equal(d.errorCode, 0);
    assert.deepEqual(shown(d.entries), ['user=userA producer_byte_rate=1048576']);
    d = await describeQ([{ entityType: 'user', matchType: 0, match: 'userA' }], false, 0);
    assert.deepEqual(shown(d.entries), [
      'user=userA producer_byte_rate=1048576',
      'user=userA,client-id=clientC controller_mutation_rate=1.5',
    ]);
    d = await describeQ([{ entityType: 'user', matchType: 1, match: null }]);
    assert.deepEqual(shown(d.entries), ['user=<default> consumer_byte_rate=2048']);
    d = await describeQ([{ entityType: 'user', matchType: 2, match: null }], true);
    assert.deepEqual(shown(d.entries), [
      'user=<default> consumer_byte_rate=2048',
      'user=userA producer_byte_rate=1048576',
    ]);
    d = await describeQ([{ entityType: 'client-id', matchType: 2, match: null }], false);
    assert.deepEqual(shown(d.entries), [
      'client-id=clientC request_percentage=50',
      'user=userA,client-id=clientC controller_mutation_rate=1.5',
    ]);
    d = await describeQ([
      { entityType: 'user', matchType: 0, match: 'userA' },
      { entityType: 'client-id', matchType: 0, match: 'clientC' },
    ]);
    assert.deepEqual(shown(d.entries), ['user=userA,client-id=clientC controller_mutation_rate=1.5']);
    d = await describeQ([], false);
    assert.equal(d.entries?.length, 4, 'an empty non-strict filter matches everything');
    d = await describeQ([{ entityType: 'user', matchType: 0, match: 'nobody' }]);
    assert.deepEqual(d.entries, []);
  });

  it('removes keys, and an entity with none left is gone', async () => {
    await alter([
      entry({ user: 'userB' }, [
        { key: 'producer_byte_rate', value: 100 },
        { key: 'consumer_byte_rate', value: 200 },
      ]),
    ]);
    await alter([entry({ user: 'userB' }, [{ key: 'producer_byte_rate', value: 0, remove: true }])]);
    let d = await describeQ([{ entityType: 'user', matchType: 0, match: 'userB' }]);
    assert.deepEqual(shown(d.entries), ['user=userB consumer_byte_rate=200']);
    await alter([entry({ user: 'userB' }, [{ key: 'consumer_byte_rate', value: 0, remove: true }])]);
    d = await describeQ([{ entityType: 'user', matchType: 0, match: 'userB' }]);
    assert.deepEqual(d.entries, []);
  });

  it('rejects what Kafka rejects with INVALID_REQUEST, each entry alone; validate_only changes nothing', async () => {
    const res = await alter([
      entry({ user: 'u1' }, [{ key: 'no_such_quota', value: 1 }]),
      entry({ group: 'g' }, [{ key: 'producer_byte_rate', value: 1 }]),
      entry({ ip: '10.0.0.1', user: 'u1' }, [{ key: 'connection_creation_rate', value: 1 }]),
      entry({ user: 'u1' }, [{ key: 'producer_byte_rate', value: 1.5 }]),
      entry({ user: 'u1' }, [{ key: 'connection_creation_rate', value: 1 }]),
      entry({}, [{ key: 'producer_byte_rate', value: 1 }]),
      entry({ user: 'u1' }, [
        { key: 'producer_byte_rate', value: 1 },
        { key: 'producer_byte_rate', value: 2 },
      ]),
      entry({ user: 'u2' }, [{ key: 'producer_byte_rate', value: 10 }]),
    ]);
    assert.deepEqual(
      res.entries.map((e) => e.errorCode),
      [...Array(7).fill(ErrorCode.INVALID_REQUEST), 0],
    );
    assert.match(res.entries[0]?.errorMessage ?? '', /no_such_quota/);
    const dry = await alter([entry({ user: 'u3' }, [{ key: 'producer_byte_rate', value: 10 }])], true);
    assert.equal(dry.entries[0]?.errorCode, 0);
    const bad = await alter([entry({ user: 'u3' }, [{ key: 'bogus', value: 10 }])], true);
    assert.equal(bad.entries[0]?.errorCode, ErrorCode.INVALID_REQUEST);
    const d = await describeQ([{ entityType: 'user', matchType: 0, match: 'u3' }]);
    assert.deepEqual(d.entries, [], 'validate_only stored nothing');

    for (const components of [
      [{ entityType: 'group', matchType: 0, match: 'x' }],
      [{ entityType: 'user', matchType: 0, match: null }],
      [{ entityType: 'user', matchType: 1, match: 'x' }],
      [{ entityType: 'user', matchType: 7, match: null }],
      [
        { entityType: 'user', matchType: 2, match: null },
        { entityType: 'user', matchType: 1, match: null },
      ],
      [
        { entityType: 'ip', matchType: 2, match: null },
        { entityType: 'user', matchType: 2, match: null },
      ],
    ]) {
      const r = await describeQ(components);
      assert.equal(r.errorCode, ErrorCode.INVALID_REQUEST, JSON.stringify(components));
      assert.equal(r.entries, null);
      assert.ok(r.errorMessage);
    }
  });

  it('persists quotas in the metadata store across a restart', async () => {
    await alter([entry({ 'client-id': null }, [{ key: 'producer_byte_rate', value: 4096 }])]);
    c.close();
    await fx.restart();
    c = await RawClient.open(fx.port);
    const d = await describeQ([{ entityType: 'client-id', matchType: 1, match: null }]);
    assert.deepEqual(shown(d.entries), ['client-id=<default> producer_byte_rate=4096']);
  });
});

describe('client quotas: matching order', () => {
  class MemoryQuotaStore {
    records: ClientQuotaRecord[] = [];
    clientQuotas() {
      return this.records;
    }
    async setClientQuotas(entity: QuotaEntity, quotas: Record<string, number>) {
      this.records.push({ entity, quotas });
    }
  }

  it("follows Kafka's user/client-id precedence, per quota key", async () => {
    const q = new ClientQuotaManager(new MemoryQuotaStore() as unknown as MetadataStore, {
      samples: 2,
      windowMs: 1000,
    });
    let now = 0;
    // 1000 bytes over a fresh 1 s span (earlier samples have expired): throttled iff the quota is
    // below 1000 B/s, for (1000 - quota) / quota seconds, so the throttle time reveals the quota.
    const limitFor = (user: string, client: string) =>
      q.recordAndGetThrottleTimeMs('producer_byte_rate', `User:${user}`, client, 1000, (now += 10_000));
    assert.equal(q.enforces('producer_byte_rate'), false);
    assert.equal(q.recordAndGetThrottleTimeMs('producer_byte_rate', 'User:ANONYMOUS', 'c', 1e9, 0), 0);
    const set = (entity: QuotaEntity, value: number) => q.alter(entity, () => ({ producer_byte_rate: value }));
    await set({ 'client-id': null }, 800); // (1000-800)/800 × 1000 = 250 ms
    await set({ 'client-id': 'c1' }, 500); // 1000 ms
    await q.alter({ 'client-id': 'c2' }, () => ({ consumer_byte_rate: 1 })); // another key: ignored
    assert.equal(limitFor('alice', 'c0'), 250);
    assert.equal(limitFor('alice', 'c1'), 1000);
    assert.equal(limitFor('alice', 'c2'), 250);
    await set({ user: null }, 400); // 1500 ms
    assert.equal(limitFor('bob', 'c1'), 1500, 'the default user outranks any client-id quota');
    await set({ user: null, 'client-id': 'c1' }, 250); // capped at samples × window = 2000 ms
    assert.equal(limitFor('carol', 'c1'), 2000);
    await set({ user: 'dave' }, 1000);
    assert.equal(limitFor('dave', 'c1'), 0, 'user quota outranks default-user entities');
    await set({ user: 'dave', 'client-id': null }, 800);
    assert.equal(limitFor('dave', 'c9'), 250);
    await set({ user: 'dave', 'client-id': 'c9' }, 500);
    assert.equal(limitFor('dave', 'c9'), 1000);
    assert.equal(q.enforces('producer_byte_rate'), true);
  });
});

describe('client quotas: throttling', () => {
  let fx: TestBroker;
  let admin: RawClient;
  const CLIENT = 'quota-producer';
  const CHUNK = 50 * 1024;
  const TOTAL = 1024 * 1024;

  before(async () => {
    // Two 1 s windows, so the measured rate follows the producer within a second or two.
    fx = await startTestBroker({ config: { 'quota.window.num': 2, 'quota.window.size.seconds': 1 } });
    await fx.broker.topics.create(
      { name: 'q', numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
    admin = await RawClient.open(fx.broker.port);
  });
  after(async () => {
    admin.close();
    await fx.stop();
  });

  /** Produces TOTAL bytes in CHUNK-sized batches, one request at a time, on a fresh connection. */
  async function produceMegabyte(): Promise<{ ms: number; throttles: number[] }> {
    const p = await RawClient.open(fx.broker.port, CLIENT);
    const records = encodeRecordBatch({ records: [{ value: Buffer.alloc(CHUNK, 7) }] });
    const throttles: number[] = [];
    const started = Date.now();
    try {
      for (let sent = 0; sent < TOTAL; sent += records.length) {
        const res = await p.request(apis[0], 9, {
          transactionalId: null,
          acks: 1,
          timeoutMs: 5000,
          topicData: [{ name: 'q', partitionData: [{ index: 0, records }] }],
        });
        assert.equal(res.responses[0]?.partitionResponses[0]?.errorCode, 0);
        throttles.push(res.throttleTimeMs);
      }
    } finally {
      p.close();
    }
    return { ms: Date.now() - started, throttles };
  }

  const setQuota = (ops: Op[]) =>
    admin.request(apis[49], 1, { entries: [entry({ 'client-id': CLIENT }, ops)], validateOnly: false });

  it('throttles a producer over its quota, and removing the quota lifts it', async () => {
    const free = await produceMegabyte();
    assert.ok(free.throttles.every((t) => t === 0));

    const set = await setQuota([{ key: 'producer_byte_rate', value: 100 * 1024 }]);
    assert.equal(set.entries[0]?.errorCode, 0);
    const limited = await produceMegabyte();
    assert.ok(
      limited.throttles.some((t) => t > 0),
      `throttle_time_ms in some responses: ${limited.throttles}`,
    );
    // 1 MB at 100 KB/s is about 9 s once the first window's allowance is spent; assert loosely.
    assert.ok(limited.ms > 4000, `1 MB under a 100 KB/s quota took ${limited.ms} ms`);
    assert.ok(limited.ms > free.ms * 3, `throttled ${limited.ms} ms vs unthrottled ${free.ms} ms`);

    const removed = await setQuota([{ key: 'producer_byte_rate', value: 0, remove: true }]);
    assert.equal(removed.entries[0]?.errorCode, 0);
    const again = await produceMegabyte();
    assert.ok(
      again.throttles.every((t) => t === 0),
      `no throttling once removed: ${again.throttles}`,
    );
    assert.ok(again.ms < 4000, `1 MB without a quota took ${again.ms} ms`);
  });

  it('throttles a consumer over consumer_byte_rate (throttle_time_ms in the Fetch response)', async () => {
    await admin.request(apis[49], 1, {
      entries: [entry({ 'client-id': CLIENT }, [{ key: 'consumer_byte_rate', value: 10 * 1024 }])],
      validateOnly: false,
    });
    const consumer = await RawClient.open(fx.broker.port, CLIENT);
    try {
      const res = await consumer.request(apis[1], 12, {
        clusterId: null,
        replicaId: -1,
        replicaState: { replicaId: -1, replicaEpoch: -1n },
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1024 * 1024,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [
          {
            topic: 'q',
            topicId: '',
            partitions: [
              {
                partition: 0,
                currentLeaderEpoch: -1,
                fetchOffset: 0n,
                lastFetchedEpoch: -1,
                logStartOffset: -1n,
                partitionMaxBytes: 1024 * 1024,
              },
            ],
          },
        ],
        forgottenTopicsData: [],
        rackId: '',
      });
      assert.equal(res.responses[0]?.partitions[0]?.errorCode, 0);
      assert.ok((res.responses[0]?.partitions[0]?.records?.length ?? 0) > 100 * 1024);
      assert.ok(res.throttleTimeMs > 0, `throttle_time_ms ${res.throttleTimeMs}`);
    } finally {
      consumer.close();
      await admin.request(apis[49], 1, {
        entries: [entry({ 'client-id': CLIENT }, [{ key: 'consumer_byte_rate', value: 0, remove: true }])],
        validateOnly: false,
      });
    }
  });

  it('throttles a client over request_percentage, on any request with throttle_time_ms', async () => {
    const BUSY = 'busy-client';
    const setBusy = (ops: Op[]) =>
      admin.request(apis[49], 1, { entries: [entry({ 'client-id': BUSY }, ops)], validateOnly: false });
    await setBusy([{ key: 'request_percentage', value: 0.01 }]);
    const c = await RawClient.open(fx.broker.port, BUSY);
    try {
      // 0.01% of a thread is 0.1 ms of work per second: a few hundred tiny requests exceed it.
      let throttled = 0;
      for (let i = 0; i < 500 && throttled === 0; i++) {
        const r = await c.request(apis[48], 1, { components: [], strict: false });
        throttled = r.throttleTimeMs;
      }
      assert.ok(throttled > 0, 'some response carried throttle_time_ms');
      const other = await admin.request(apis[48], 1, { components: [], strict: false });
      assert.equal(other.throttleTimeMs, 0, 'other client ids are not throttled');
    } finally {
      c.close();
      await setBusy([{ key: 'request_percentage', value: 0, remove: true }]);
    }
  });
});
