/**
 * AlterConfigs / IncrementalAlterConfigs on BROKER resources, validated as Kafka's
 * DynamicBrokerConfig does, per broker (resource name = its id) and as the cluster-wide default
 * (resource name ""), through the raw protocol at old and new versions and KafkaJS's admin:
 * - dynamic keys and custom (unknown) keys are stored, and DescribeConfigs shows them with
 *   DYNAMIC_BROKER_CONFIG / DYNAMIC_DEFAULT_BROKER_CONFIG (custom values hidden, as Kafka hides
 *   keys whose type it cannot tell);
 * - read-only keys, unprefixed key/trust stores, per-broker keys at the default, bad values and
 *   other brokers' ids are INVALID_REQUEST with Kafka's message.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apis, ErrorCode } from '@samsa/protocol';
import { type ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

const BROKER = 4;
/** ConfigResourceTypes.BROKER (a TypeScript enum KafkaJS's CommonJS module does not export by name). */
const KAFKAJS_BROKER = 4 as ConfigResourceTypes;
const SOURCE = { DYNAMIC_BROKER_CONFIG: 2, DYNAMIC_DEFAULT_BROKER_CONFIG: 3 };

describe('dynamic broker config validation', () => {
  let fx: TestBroker;
  let c: RawClient;

  before(async () => {
    fx = await startTestBroker();
    c = await RawClient.open(fx.broker.port);
  });
  after(async () => {
    c?.close();
    await fx?.stop();
  });

  /** IncrementalAlterConfigs SET at `version`: the resource's error code and message. */
  const set = async (version: number, resourceName: string, entries: Record<string, string>, validateOnly = false) => {
    const r = await c.request(apis[44], version, {
      resources: [
        {
          resourceType: BROKER,
          resourceName,
          configs: Object.entries(entries).map(([name, value]) => ({ name, configOperation: 0, value })),
        },
      ],
      validateOnly,
    });
    return { code: r.responses[0]?.errorCode, message: r.responses[0]?.errorMessage ?? '' };
  };

  const describeKeys = async (version: number, resourceName: string, keys: string[]) => {
    const r = await c.request(apis[32], version, {
      resources: [{ resourceType: BROKER, resourceName, configurationKeys: keys }],
      includeSynonyms: false,
      includeDocumentation: false,
    });
    assert.equal(r.results[0]?.errorCode, ErrorCode.NONE);
    return new Map(r.results[0]?.configs.map((e) => [e.name, e]));
  };

  for (const version of [0, 1]) {
    it(`IncrementalAlterConfigs v${version}: per broker, Kafka's per-broker SASL keys and custom keys are stored`, async () => {
      const r = await set(version, '0', {
        'sasl.kerberos.min.time.before.relogin': String(60_000 + version),
        'cleanup.policy': 'compact',
        'listener.name.plaintext.max.connections': '100',
      });
      assert.equal(r.code, ErrorCode.NONE, r.message);
      const d = await describeKeys(1, '0', [
        'sasl.kerberos.min.time.before.relogin',
        'cleanup.policy',
        'listener.name.plaintext.max.connections',
      ]);
      const kerberos = d.get('sasl.kerberos.min.time.before.relogin');
      assert.equal(kerberos?.value, String(60_000 + version));
      assert.equal(kerberos?.configSource, SOURCE.DYNAMIC_BROKER_CONFIG);
      assert.equal(kerberos?.readOnly, false);
      const custom = d.get('cleanup.policy');
      assert.equal(custom?.configSource, SOURCE.DYNAMIC_BROKER_CONFIG);
      assert.deepEqual([custom?.value, custom?.isSensitive], [null, true], 'Kafka hides values of unknown keys');
      assert.equal(d.get('listener.name.plaintext.max.connections')?.value, '100');
    });

    it(`IncrementalAlterConfigs v${version}: as the cluster default, cluster-wide and custom keys are stored`, async () => {
      const r = await set(version, '', { 'log.retention.ms': '7200000', 'my.custom.key': 'x' });
      assert.equal(r.code, ErrorCode.NONE, r.message);
      const d = await describeKeys(version === 0 ? 1 : 4, '', []);
      assert.equal(d.get('log.retention.ms')?.value, '7200000');
      assert.equal(d.get('log.retention.ms')?.configSource, SOURCE.DYNAMIC_DEFAULT_BROKER_CONFIG);
      assert.equal(d.get('my.custom.key')?.configSource, SOURCE.DYNAMIC_DEFAULT_BROKER_CONFIG);
      const onBroker = await describeKeys(1, '0', ['log.retention.ms']);
      assert.equal(onBroker.get('log.retention.ms')?.configSource, SOURCE.DYNAMIC_DEFAULT_BROKER_CONFIG);
    });

    it(`IncrementalAlterConfigs v${version}: what Kafka refuses, with Kafka's messages`, async () => {
      const prefix = (name: string) =>
        `Invalid config value for resource ConfigResource(type=BROKER, name='${name}'): `;
      const cases: Array<[string, Record<string, string>, string]> = [
        [
          '0',
          { 'broker.id': '9', 'log.dirs': '/tmp/x' },
          'Cannot update these configs dynamically: Set(broker.id, log.dirs)',
        ],
        [
          '0',
          { 'ssl.keystore.location': '/new.jks' },
          'These security configs can be dynamically updated only per-listener using the listener prefix: Set(ssl.keystore.location)',
        ],
        [
          '',
          { 'sasl.kerberos.min.time.before.relogin': '60000' },
          'Cannot update these configs at default cluster level, broker id must be specified: Set(sasl.kerberos.min.time.before.relogin)',
        ],
        [
          '',
          { 'listener.name.plaintext.ssl.keystore.location': '/new.jks' },
          'Cannot update these configs at default cluster level, broker id must be specified: Set(listener.name.plaintext.ssl.keystore.location)',
        ],
        [
          '',
          { 'log.retention.ms': 'soon' },
          'Invalid value soon for configuration log.retention.ms: Not a number of type LONG',
        ],
        [
          '0',
          { 'sasl.kerberos.min.time.before.relogin': 'often' },
          'Invalid value often for configuration sasl.kerberos.min.time.before.relogin: Not a number of type LONG',
        ],
      ];
      for (const [resource, entries, message] of cases) {
        const r = await set(version, resource, entries);
        assert.deepEqual(r, { code: ErrorCode.INVALID_REQUEST, message: prefix(resource) + message });
      }
      const other = await set(version, '7', { 'log.retention.ms': '1' });
      assert.equal(other.code, ErrorCode.INVALID_REQUEST);
      const notInt = await set(version, 'b0', { 'log.retention.ms': '1' });
      assert.deepEqual(notInt, {
        code: ErrorCode.INVALID_REQUEST,
        message: 'Broker id must be an integer, but it is: b0',
      });
      // Nothing refused was stored.
      const d = await describeKeys(1, '0', ['broker.id', 'ssl.keystore.location']);
      assert.equal(d.get('broker.id')?.value, '0');
      assert.notEqual(d.get('ssl.keystore.location')?.configSource, SOURCE.DYNAMIC_BROKER_CONFIG);
    });
  }

  it('validate_only checks a per-listener key store without storing it', async () => {
    const r = await set(1, '0', { 'listener.name.plaintext.ssl.keystore.location': '/new.jks' }, true);
    assert.equal(r.code, ErrorCode.NONE, r.message);
    const d = await describeKeys(1, '0', []);
    assert.equal(d.has('listener.name.plaintext.ssl.keystore.location'), false);
  });

  for (const version of [0, 2]) {
    it(`AlterConfigs v${version} replaces the broker's dynamic keys and refuses read-only ones`, async () => {
      const ok = await c.request(apis[33], version, {
        resources: [
          {
            resourceType: BROKER,
            resourceName: '0',
            configs: [{ name: 'sasl.kerberos.kinit.cmd', value: '/bin/kinit' }],
          },
        ],
        validateOnly: false,
      });
      assert.equal(ok.responses[0]?.errorCode, ErrorCode.NONE, ok.responses[0]?.errorMessage ?? '');
      const d = await describeKeys(1, '0', []);
      assert.equal(d.get('sasl.kerberos.kinit.cmd')?.value, '/bin/kinit');
      assert.equal(d.has('cleanup.policy'), false, 'AlterConfigs dropped the custom key set earlier');
      const bad = await c.request(apis[33], version, {
        resources: [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.dirs', value: '/x' }] }],
        validateOnly: false,
      });
      assert.equal(bad.responses[0]?.errorCode, ErrorCode.INVALID_REQUEST);
      assert.match(bad.responses[0]?.errorMessage ?? '', /Cannot update these configs dynamically: Set\(log\.dirs\)/);
    });
  }

  it('KafkaJS admin: alterConfigs on a broker stores a per-broker SASL key; a read-only one is INVALID_REQUEST', async () => {
    const kafka = new Kafka({
      clientId: 'cfg',
      brokers: [fx.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: KAFKAJS_BROKER,
            name: '0',
            configEntries: [
              { name: 'sasl.kerberos.min.time.before.relogin', value: '90000' },
              { name: 'cleanup.policy', value: 'delete' },
            ],
          },
        ],
      });
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: KAFKAJS_BROKER, name: '0', configNames: ['sasl.kerberos.min.time.before.relogin'] }],
      });
      const entry = described.resources[0]?.configEntries[0];
      assert.deepEqual([entry?.configName, entry?.configValue], ['sasl.kerberos.min.time.before.relogin', '90000']);
      await assert.rejects(
        admin.alterConfigs({
          validateOnly: false,
          resources: [{ type: KAFKAJS_BROKER, name: '0', configEntries: [{ name: 'broker.id', value: '3' }] }],
        }),
        (err: Error & { type?: string }) => err.type === 'INVALID_REQUEST',
      );
    } finally {
      await admin.disconnect();
    }
  });
});
