/**
 * Nullable response strings as Kafka writes them, at the old versions KafkaJS 2.2.4 sends and at
 * the newest. Success carries null (never ""), a failure carries its message when the message says
 * more than the code's default; FindCoordinator and DescribeConfigs keep Kafka's own exceptions
 * ("NONE" at v1-3, "" at v4+; "" on a described resource). See docs/RESPONSE-NULLS.md.
 * Decoding happens at versions where the field is nullable, so null and "" stay apart; two checks
 * read the raw bytes (length -1 versus a string) to be independent of the decoder.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type ApiDefinition,
  apis,
  decodeResponse,
  ErrorCode,
  encodeRecordBatch,
  encodeRequestFrame,
  errorInfo,
  Writer,
} from '@samsa/protocol';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

const TOPIC = 2;
const BROKER = 4;

describe('nullable response fields', () => {
  let fx: TestBroker;
  let c: RawClient;
  let correlation = 1;

  before(async () => {
    fx = await startTestBroker();
    await fx.broker.topics.create(
      { name: 'existing', numPartitions: 2, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
    await fx.broker.topics.create(
      {
        name: 'compacted',
        numPartitions: 1,
        replicationFactor: 1,
        assignments: [],
        configs: { 'cleanup.policy': 'compact' },
      },
      false,
    );
    c = await RawClient.open(fx.broker.port);
  });
  after(async () => {
    c.close();
    await fx.stop();
  });

  /** Sends one request and returns the response payload after the correlation id (v0 header). */
  async function rawBody<Req>(def: ApiDefinition<Req, unknown>, version: number, body: Req): Promise<Buffer> {
    const id = correlation++;
    const w = new Writer();
    encodeRequestFrame(w, def, version, id, 'nullable-test', body);
    c.send(w.toBuffer());
    const reply = await c.next(10_000);
    if (!Buffer.isBuffer(reply)) throw new Error(`no response: ${reply}`);
    assert.equal(reply.readInt32BE(0), id);
    // Decoding must succeed too: the bytes read below are a well-formed response.
    decodeResponse(reply, def, version);
    return reply.subarray(4);
  }

  const createTopics = (version: number, names: string[]) =>
    c.request(apis[19], version, {
      topics: names.map((name) => ({ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] })),
      timeoutMs: 10_000,
      validateOnly: false,
    });

  describe('CreateTopics', () => {
    it('v1 (raw bytes): error_message is length -1 on success', async () => {
      const body = await rawBody(apis[19], 1, {
        topics: [{ name: 'raw-v1', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
        timeoutMs: 10_000,
        validateOnly: false,
      });
      // v1: [topics: int32 count][name: int16 len + bytes][error_code: int16][error_message: int16 len]
      assert.equal(body.readInt32BE(0), 1);
      const nameLen = body.readInt16BE(4);
      assert.equal(body.subarray(6, 6 + nameLen).toString(), 'raw-v1');
      assert.equal(body.readInt16BE(6 + nameLen), ErrorCode.NONE);
      assert.equal(body.readInt16BE(8 + nameLen), -1, 'null error_message');
      assert.equal(body.length, 10 + nameLen);
    });

    for (const version of [3, 7]) {
      it(`v${version}: null on success, the message on failure, Kafka's text for a duplicate`, async () => {
        const res = await createTopics(version, [`ok-v${version}`, 'existing', `dup-v${version}`, `dup-v${version}`]);
        const [ok, exists, dup1, dup2] = res.topics;
        assert.equal(ok?.errorCode, ErrorCode.NONE);
        assert.equal(ok?.errorMessage, null);
        assert.equal(exists?.errorCode, ErrorCode.TOPIC_ALREADY_EXISTS);
        assert.equal(exists?.errorMessage, "Topic 'existing' already exists.");
        if (version >= 5) assert.deepEqual(exists?.configs, [], 'a failed topic has no configs, as an empty list');
        for (const d of [dup1, dup2]) {
          assert.equal(d?.errorCode, ErrorCode.INVALID_REQUEST);
          assert.equal(d?.errorMessage, 'Found multiple entries for this topic.');
        }
      });
    }
  });

  for (const version of [8, 11]) {
    it(`Produce v${version}: null on success and for a corrupt batch, the reason for an invalid record`, async () => {
      const batch = (key: Buffer | null) => encodeRecordBatch({ records: [{ key, value: Buffer.from('v') }] });
      const corrupt = batch(Buffer.from('k'));
      corrupt[corrupt.length - 1] ^= 0xff;
      const res = await c.request(apis[0], version, {
        transactionalId: null,
        acks: 1,
        timeoutMs: 5000,
        topicData: [
          { name: 'existing', partitionData: [{ index: 0, records: batch(Buffer.from('k')) }] },
          { name: 'compacted', partitionData: [{ index: 0, records: batch(null) }] },
          { name: 'existing', partitionData: [{ index: 1, records: corrupt }] },
        ],
      });
      const [ok, keyless, bad] = res.responses.map((t) => t.partitionResponses[0]);
      assert.equal(ok?.errorCode, ErrorCode.NONE);
      assert.equal(ok?.errorMessage, null);
      assert.equal(keyless?.errorCode, ErrorCode.INVALID_RECORD);
      assert.match(keyless?.errorMessage ?? '', /key/);
      assert.equal(bad?.errorCode, ErrorCode.CORRUPT_MESSAGE);
      assert.equal(bad?.errorMessage, null, 'Kafka sends no text for CORRUPT_MESSAGE');
    });
  }

  describe('FindCoordinator', () => {
    it('v1 (raw bytes): "NONE" on success', async () => {
      const body = await rawBody(apis[10], 1, { key: 'g1', keyType: 0, coordinatorKeys: [] });
      // v1: [throttle_time_ms: int32][error_code: int16][error_message: int16 len + bytes]...
      assert.equal(body.readInt16BE(4), ErrorCode.NONE);
      const len = body.readInt16BE(6);
      assert.equal(body.subarray(8, 8 + len).toString(), 'NONE');
    });

    for (const version of [1, 2, 3]) {
      it(`v${version}: "NONE" on success, the code's text on failure`, async () => {
        const ok = await c.request(apis[10], version, { key: 'g1', keyType: 0, coordinatorKeys: [] });
        assert.equal(ok.errorCode, ErrorCode.NONE);
        assert.equal(ok.errorMessage, 'NONE');
        const bad = await c.request(apis[10], version, { key: '', keyType: 0, coordinatorKeys: [] });
        assert.equal(bad.errorCode, ErrorCode.INVALID_GROUP_ID);
        assert.equal(bad.errorMessage, errorInfo(ErrorCode.INVALID_GROUP_ID).message);
        assert.notEqual(bad.errorMessage, '');
      });
    }

    for (const version of [4, 5]) {
      it(`v${version}: each coordinator's error_message is "", as Kafka's broker leaves it`, async () => {
        const res = await c.request(apis[10], version, { key: '', keyType: 0, coordinatorKeys: ['g1', ''] });
        const [ok, bad] = res.coordinators;
        assert.equal(ok?.errorCode, ErrorCode.NONE);
        assert.equal(ok?.errorMessage, '');
        assert.equal(bad?.errorCode, ErrorCode.INVALID_GROUP_ID);
        assert.equal(bad?.errorMessage, '');
      });
    }
  });

  for (const version of [0, 3]) {
    it(`CreatePartitions v${version}: null on success, the message on failure`, async () => {
      await createTopics(3, [`grow-v${version}`]);
      const res = await c.request(apis[37], version, {
        topics: [
          { name: `grow-v${version}`, count: 3, assignments: null },
          { name: 'existing', count: 1, assignments: null },
        ],
        timeoutMs: 10_000,
        validateOnly: false,
      });
      const [ok, bad] = res.results;
      assert.equal(ok?.errorCode, ErrorCode.NONE);
      assert.equal(ok?.errorMessage, null);
      assert.equal(bad?.errorCode, ErrorCode.INVALID_PARTITIONS);
      assert.ok(bad?.errorMessage, 'INVALID_PARTITIONS carries why');
    });
  }

  for (const version of [5, 6]) {
    it(`DeleteTopics v${version}: null on success`, async () => {
      await createTopics(3, [`gone-v${version}`]);
      const res = await c.request(apis[20], version, {
        topicNames: version < 6 ? [`gone-v${version}`] : [],
        topics: version >= 6 ? [{ name: `gone-v${version}`, topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }] : [],
        timeoutMs: 10_000,
      });
      assert.equal(res.responses[0]?.errorCode, ErrorCode.NONE);
      assert.equal(res.responses[0]?.errorMessage, null);
    });
  }

  for (const version of [0, 2]) {
    it(`AlterConfigs v${version}: null on success, the message naming the key on failure`, async () => {
      const alter = (name: string, value: string) =>
        c.request(apis[33], version, {
          resources: [{ resourceType: TOPIC, resourceName: 'existing', configs: [{ name, value }] }],
          validateOnly: false,
        });
      const ok = await alter('retention.ms', '1000');
      assert.equal(ok.responses[0]?.errorCode, ErrorCode.NONE);
      assert.equal(ok.responses[0]?.errorMessage, null);
      const bad = await alter('no.such.config', '1');
      assert.equal(bad.responses[0]?.errorCode, ErrorCode.INVALID_CONFIG);
      assert.match(bad.responses[0]?.errorMessage ?? '', /no\.such\.config/);
    });
  }

  for (const version of [0, 1]) {
    it(`IncrementalAlterConfigs v${version}: null on success, the message naming the key on failure`, async () => {
      const alter = (name: string) =>
        c.request(apis[44], version, {
          resources: [
            { resourceType: TOPIC, resourceName: 'existing', configs: [{ name, configOperation: 0, value: '2000' }] },
          ],
          validateOnly: false,
        });
      const ok = await alter('retention.ms');
      assert.equal(ok.responses[0]?.errorCode, ErrorCode.NONE);
      assert.equal(ok.responses[0]?.errorMessage, null);
      const bad = await alter('no.such.config');
      assert.equal(bad.responses[0]?.errorCode, ErrorCode.INVALID_CONFIG);
      assert.match(bad.responses[0]?.errorMessage ?? '', /no\.such\.config/);
    });
  }

  for (const version of [0, 4]) {
    it(`DescribeConfigs v${version}: "" on success and for an unknown topic, the message on a bad broker id`, async () => {
      const res = await c.request(apis[32], version, {
        resources: [
          { resourceType: TOPIC, resourceName: 'existing', configurationKeys: ['retention.ms'] },
          { resourceType: TOPIC, resourceName: 'missing', configurationKeys: null },
          { resourceType: BROKER, resourceName: '999', configurationKeys: null },
        ],
        includeSynonyms: false,
        includeDocumentation: false,
      });
      const [ok, missing, broker] = res.results;
      assert.equal(ok?.errorCode, ErrorCode.NONE);
      assert.equal(ok?.errorMessage, '');
      assert.equal(ok?.configs[0]?.documentation, null, 'no documentation unless asked');
      assert.equal(missing?.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      assert.equal(missing?.errorMessage, '');
      assert.equal(broker?.errorCode, ErrorCode.INVALID_REQUEST);
      assert.match(broker?.errorMessage ?? '', /999/);
    });
  }

  for (const version of [0, 1]) {
    it(`DescribeCluster v${version}: null error_message on success`, async () => {
      const res = await c.request(apis[60], version, { includeClusterAuthorizedOperations: false, endpointType: 1 });
      assert.equal(res.errorCode, ErrorCode.NONE);
      assert.equal(res.errorMessage, null);
      assert.equal(res.brokers[0]?.rack, null, 'no broker.rack configured');
    });
  }

  it("DescribeCluster v1: Kafka's code and message for a controller or unknown endpoint type", async () => {
    const ask = (endpointType: number) =>
      c.request(apis[60], 1, { includeClusterAuthorizedOperations: false, endpointType });
    const controller = await ask(2);
    assert.equal(controller.errorCode, ErrorCode.MISMATCHED_ENDPOINT_TYPE);
    assert.equal(
      controller.errorMessage,
      'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER',
    );
    const unknown = await ask(7);
    assert.equal(unknown.errorCode, ErrorCode.UNSUPPORTED_ENDPOINT_TYPE);
    assert.equal(unknown.errorMessage, 'Unsupported endpoint type 7');
  });

  for (const version of [0, 1]) {
    it(`DescribeClientQuotas and AlterClientQuotas v${version}: null on success`, async () => {
      const entity = [{ entityType: 'client-id', entityName: 'nullable-test' }];
      const altered = await c.request(apis[49], version, {
        entries: [{ entity, ops: [{ key: 'producer_byte_rate', value: 1024, remove: false }] }],
        validateOnly: false,
      });
      assert.equal(altered.entries[0]?.errorCode, ErrorCode.NONE);
      assert.equal(altered.entries[0]?.errorMessage, null);
      const described = await c.request(apis[48], version, {
        components: [{ entityType: 'client-id', matchType: 0, match: 'nullable-test' }],
        strict: false,
      });
      assert.equal(described.errorCode, ErrorCode.NONE);
      assert.equal(described.errorMessage, null);
      assert.equal(described.entries?.length, 1);
    });
  }
});
