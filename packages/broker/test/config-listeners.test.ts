import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@samsa/common';
import { loadBrokerConfig, parseListeners, parseSecurityProtocolMap } from '../src/config/index.js';

const load = (...overrides: string[]) => loadBrokerConfig({ overrides }).config;
const DEFAULT_MAP = parseSecurityProtocolMap('listener.security.protocol.map', 'PLAINTEXT:PLAINTEXT,SSL:SSL');
const parse = (value: string) =>
  parseListeners(value, { key: 'listeners', protocols: DEFAULT_MAP, requireDistinctPorts: true });

function assertListenerError(fn: () => unknown, key: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof ConfigError && e.key === key && pattern.test(e.message));
}

describe('listener parsing', () => {
  it('parses NAME://host:port lists, upper-casing names', () => {
    assert.deepEqual(parse('plaintext://broker1:9092, SSL://10.0.0.1:9093'), [
      { name: 'PLAINTEXT', host: 'broker1', port: 9092, securityProtocol: 'PLAINTEXT' },
      { name: 'SSL', host: '10.0.0.1', port: 9093, securityProtocol: 'SSL' },
    ]);
  });

  it('reads an empty host as all interfaces and allows port 0', () => {
    assert.deepEqual(parse('PLAINTEXT://:0'), [
      { name: 'PLAINTEXT', host: '', port: 0, securityProtocol: 'PLAINTEXT' },
    ]);
    assert.deepEqual(parse('PLAINTEXT://0.0.0.0:9092')[0]?.host, '0.0.0.0');
  });

  it('accepts bracketed IPv6 hosts', () => {
    assert.deepEqual(parse('PLAINTEXT://[::1]:9092')[0], {
      name: 'PLAINTEXT',
      host: '::1',
      port: 9092,
      securityProtocol: 'PLAINTEXT',
    });
  });

  it('rejects malformed endpoints, naming the key and the value', () => {
    assertListenerError(
      () => parse('localhost:9092'),
      'listeners',
      /^Invalid value localhost:9092 for configuration listeners: Unable to parse/,
    );
    assertListenerError(
      () => parse('PLAINTEXT://host'),
      'listeners',
      /Unable to parse PLAINTEXT:\/\/host to a broker endpoint/,
    );
    assertListenerError(() => parse('PLAINTEXT://host:70000'), 'listeners', /out of range/);
  });

  it('requires a security protocol for each listener name', () => {
    assertListenerError(() => parse('CLIENT://:9092'), 'listeners', /No security protocol defined for listener CLIENT/);
  });

  it('rejects duplicate names and ports, except port 0 and one IPv4 plus one IPv6 host', () => {
    assertListenerError(() => parse('PLAINTEXT://:9092,plaintext://:9093'), 'listeners', /different name/);
    assertListenerError(() => parse('PLAINTEXT://:9092,SSL://:9092'), 'listeners', /different port/);
    assert.equal(parse('PLAINTEXT://:0,SSL://:0').length, 2);
    assert.equal(parse('PLAINTEXT://127.0.0.1:9092,SSL://[::1]:9092').length, 2);
  });

  it('parses the protocol map and rejects unknown protocols', () => {
    const map = parseSecurityProtocolMap('listener.security.protocol.map', 'client:SASL_SSL, REPLICATION:SSL');
    assert.deepEqual(
      [...map],
      [
        ['CLIENT', 'SASL_SSL'],
        ['REPLICATION', 'SSL'],
      ],
    );
    assertListenerError(
      () => parseSecurityProtocolMap('listener.security.protocol.map', 'CLIENT:TLS'),
      'listener.security.protocol.map',
      /Invalid security protocol `TLS`/,
    );
  });
});

describe('listeners in a broker config', () => {
  it('defaults advertised.listeners to listeners', () => {
    const c = load('listeners=PLAINTEXT://127.0.0.1:0');
    assert.deepEqual(c.advertisedListeners, c.listeners);
    assert.equal(c.listeners[0]?.port, 0);
  });

  it('uses named listeners through listener.security.protocol.map and inter.broker.listener.name', () => {
    const c = load(
      'listeners=CLIENT://:9092,REPLICATION://:9093',
      'advertised.listeners=CLIENT://kafka.example.com:9092,REPLICATION://10.1.2.3:9093',
      'listener.security.protocol.map=CLIENT:SASL_SSL,REPLICATION:PLAINTEXT',
      'inter.broker.listener.name=replication',
    );
    assert.deepEqual(
      c.listeners.map((l) => [l.name, l.securityProtocol]),
      [
        ['CLIENT', 'SASL_SSL'],
        ['REPLICATION', 'PLAINTEXT'],
      ],
    );
    assert.equal(c.advertisedListeners[0]?.host, 'kafka.example.com');
    assert.equal(c.interBrokerListenerName, 'REPLICATION');
    assert.equal(c.interBrokerSecurityProtocol, 'PLAINTEXT');
  });

  it('requires the inter-broker listener among the advertised listeners', () => {
    assertListenerError(
      () => load('listeners=CLIENT://:9092', 'listener.security.protocol.map=CLIENT:PLAINTEXT'),
      'security.inter.broker.protocol',
      /must be a listener name defined in advertised\.listeners.*are CLIENT/,
    );
  });

  it('refuses inter.broker.listener.name together with security.inter.broker.protocol', () => {
    assertListenerError(
      () => load('inter.broker.listener.name=PLAINTEXT', 'security.inter.broker.protocol=PLAINTEXT'),
      'inter.broker.listener.name',
      /Only one of/,
    );
  });

  it('refuses to advertise 0.0.0.0 or listener names that are not bound', () => {
    assertListenerError(
      () => load('listeners=PLAINTEXT://0.0.0.0:9092'),
      'listeners',
      /nonroutable meta-address 0\.0\.0\.0/,
    );
    assertListenerError(
      () => load('listeners=PLAINTEXT://0.0.0.0:9092', 'advertised.listeners=PLAINTEXT://0.0.0.0:9092'),
      'advertised.listeners',
      /0\.0\.0\.0/,
    );
    assertListenerError(
      () => load('advertised.listeners=PLAINTEXT://h:9092,SSL://h:9093'),
      'advertised.listeners',
      /subset of the ones defined in listeners/,
    );
    assert.equal(
      load('listeners=PLAINTEXT://0.0.0.0:9092', 'advertised.listeners=PLAINTEXT://h:9092').advertisedListeners[0]
        ?.host,
      'h',
    );
  });

  it('requires the inter-broker SASL mechanism to be enabled', () => {
    assertListenerError(
      () =>
        load(
          'listeners=SASL_PLAINTEXT://:9092',
          'security.inter.broker.protocol=SASL_PLAINTEXT',
          'sasl.mechanism.inter.broker.protocol=PLAIN',
        ),
      'sasl.mechanism.inter.broker.protocol',
      /must be included in sasl\.enabled\.mechanisms/,
    );
    const ok = load(
      'listeners=SASL_PLAINTEXT://:9092',
      'security.inter.broker.protocol=SASL_PLAINTEXT',
      'sasl.mechanism.inter.broker.protocol=PLAIN',
      'listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256',
    );
    assert.equal(ok.interBrokerSecurityProtocol, 'SASL_PLAINTEXT');
  });
});
