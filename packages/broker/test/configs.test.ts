/**
 * Topic and broker configs over the wire: DescribeConfigs (sources, synonyms), AlterConfigs
 * (replace all), IncrementalAlterConfigs (SET/DELETE/APPEND/SUBTRACT), invalid values naming the
 * key, dynamic broker configs that persist across a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apis, ErrorCode } from '@samsa/protocol';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

const TOPIC = 2;
const BROKER = 4;

describe('configs', () => {
  let fx: TestBroker;
  let c: RawClient;
  before(async () => {
    fx = await startTestBroker({ config: { 'log.retention.hours': 48 } });
    await fx.broker.topics.create(
      { name: 'cfg', numPartitions: 1, replicationFactor: 1, assignments: [], configs: { 'segment.bytes': '1048576' } },
      false,
    );
    c = await RawClient.open(fx.broker.port);
  });
  after(async () => {
    c.close();
    await fx.stop();
  });

  async function describeTopic(keys: string[] | null) {
    const res = await c.request(apis[32], 4, {
      resources: [{ resourceType: TOPIC, resourceName: 'cfg', configurationKeys: keys }],
      includeSynonyms: true,
      includeDocumentation: true,
    });
    return res.results[0];
  }

  it('describes topic configs with their sources and synonyms', async () => {
    const r = await describeTopic(null);
    assert.equal(r?.errorCode, 0);
    const byName = new Map(r?.configs.map((e) => [e.name, e]));
    assert.equal(byName.get('segment.bytes')?.value, '1048576');
    assert.equal(byName.get('segment.bytes')?.configSource, 1, 'TOPIC_CONFIG');
    const retention = byName.get('retention.ms');
    assert.equal(retention?.value, String(48 * 3600 * 1000), 'default from log.retention.hours');
    assert.equal(retention?.configSource, 4, 'STATIC_BROKER_CONFIG');
    assert.ok(retention?.synonyms.some((s) => s.name === 'log.retention.hours' && s.value === '48'));
    assert.equal(byName.get('cleanup.policy')?.configSource, 5, 'DEFAULT_CONFIG');
    assert.ok((byName.get('cleanup.policy')?.documentation ?? '').length > 10);
    // DescribeConfigs v3+ types: LONG 5, INT 3, LIST 7, DOUBLE 6, BOOLEAN 1, STRING 2.
    const types = ['retention.ms', 'segment.bytes', 'cleanup.policy', 'min.cleanable.dirty.ratio', 'preallocate'];
    assert.deepEqual(
      types.map((n) => byName.get(n)?.configType),
      [5, 3, 7, 6, 1],
    );
    assert.equal(byName.get('compression.type')?.configType, 2);
    assert.equal(byName.get('flush.messages')?.value, '9223372036854775807');
    assert.equal(byName.get('min.cleanable.dirty.ratio')?.value, '0.5');
  });

  it('alters incrementally: SET, APPEND to a list, DELETE; refuses APPEND on a non-list', async () => {
    const alter = (
      configs: Array<{ name: string; configOperation: number; value: string | null }>,
      validateOnly = false,
    ) => c.request(apis[44], 1, { resources: [{ resourceType: TOPIC, resourceName: 'cfg', configs }], validateOnly });
    let res = await alter([
      { name: 'retention.ms', configOperation: 0, value: '1000' },
      { name: 'cleanup.policy', configOperation: 2, value: 'compact' },
    ]);
    assert.equal(res.responses[0]?.errorCode, 0);
    let d = new Map((await describeTopic(['retention.ms', 'cleanup.policy']))?.configs.map((e) => [e.name, e.value]));
    assert.equal(d.get('retention.ms'), '1000');
    assert.equal(d.get('cleanup.policy'), 'delete,compact');
    res = await alter([{ name: 'retention.ms', configOperation: 1, value: null }]);
    assert.equal(res.responses[0]?.errorCode, 0);
    d = new Map((await describeTopic(['retention.ms']))?.configs.map((e) => [e.name, e.value]));
    assert.equal(d.get('retention.ms'), String(48 * 3600 * 1000));
    res = await alter([{ name: 'retention.ms', configOperation: 2, value: '5' }]);
    assert.equal(res.responses[0]?.errorCode, ErrorCode.INVALID_CONFIG);
    res = await alter([{ name: 'segment.bytes', configOperation: 0, value: 'lots' }]);
    assert.equal(res.responses[0]?.errorCode, ErrorCode.INVALID_CONFIG);
    assert.match(res.responses[0]?.errorMessage ?? '', /segment\.bytes/);
    res = await alter([{ name: 'no.such.config', configOperation: 0, value: '1' }]);
    assert.equal(res.responses[0]?.errorCode, ErrorCode.INVALID_CONFIG);
  });

  it('AlterConfigs replaces every override of a topic', async () => {
    const res = await c.request(apis[33], 1, {
      resources: [
        { resourceType: TOPIC, resourceName: 'cfg', configs: [{ name: 'max.message.bytes', value: '2048' }] },
      ],
      validateOnly: false,
    });
    assert.equal(res.responses[0]?.errorCode, 0);
    const d = new Map((await describeTopic(null))?.configs.map((e) => [e.name, e]));
    assert.equal(d.get('max.message.bytes')?.value, '2048');
    assert.equal(d.get('segment.bytes')?.configSource, 5, 'the earlier override is gone');
  });

  it('changes a dynamic broker config and keeps it across a restart', async () => {
    const res = await c.request(apis[44], 1, {
      resources: [
        {
          resourceType: BROKER,
          resourceName: '0',
          configs: [{ name: 'log.retention.ms', configOperation: 0, value: '7200000' }],
        },
      ],
      validateOnly: false,
    });
    assert.equal(res.responses[0]?.errorCode, 0, res.responses[0]?.errorMessage ?? '');
    const ro = await c.request(apis[44], 1, {
      resources: [
        { resourceType: BROKER, resourceName: '0', configs: [{ name: 'broker.id', configOperation: 0, value: '9' }] },
      ],
      validateOnly: false,
    });
    assert.notEqual(ro.responses[0]?.errorCode, 0, 'read-only configs cannot change at runtime');
    const brokerDesc = await c.request(apis[32], 4, {
      resources: [{ resourceType: BROKER, resourceName: '0', configurationKeys: ['log.retention.ms'] }],
      includeSynonyms: true,
      includeDocumentation: false,
    });
    assert.equal(brokerDesc.results[0]?.configs[0]?.value, '7200000');
    assert.equal(brokerDesc.results[0]?.configs[0]?.configSource, 2, 'DYNAMIC_BROKER_CONFIG');
    c.close();
    await fx.restart();
    c = await RawClient.open(fx.port);
    const d = await c.request(apis[32], 4, {
      resources: [{ resourceType: BROKER, resourceName: '0', configurationKeys: ['log.retention.ms'] }],
      includeSynonyms: false,
      includeDocumentation: false,
    });
    assert.equal(d.results[0]?.configs[0]?.value, '7200000');
  });
});
