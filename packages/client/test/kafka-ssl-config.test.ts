/**
 * Kafka's client ssl.* keys as node TLS options (what the CLI's properties files and the broker's
 * inter-broker connections are configured with): PEM files, inline PEM, PKCS12 key and trust
 * stores, host name checking, protocols and ciphers; and clear errors for what cannot be loaded.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSecureContext } from 'node:tls';
import { createTestCa, type TestCa } from '@samsa/test-kit';
import { clientTlsFromSslConfig } from '../src/network/tls/kafka-ssl-config.js';
import { SslConfigError } from '../src/network/tls/ssl-stores.js';

const from = (props: Record<string, string>) => clientTlsFromSslConfig((k) => props[k] ?? null);

describe('client ssl.* settings', () => {
  let ca: TestCa;
  before(() => {
    ca = createTestCa();
  });
  after(() => ca.remove());

  it('reads a PEM key store file (key and chain in one file) and a PEM trust store', () => {
    const store = join(ca.dir, 'store.pem');
    writeFileSync(store, ca.read(ca.server.key) + ca.read(ca.server.cert));
    const tls = from({
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': store,
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': ca.caCert,
    });
    assert.ok(tls.cert && tls.key && tls.ca);
    assert.equal(tls.checkServerIdentity, undefined, 'host names are checked by default (https)');
    createSecureContext(tls); // node accepts the key and the certificates
  });

  it('reads inline PEM, PKCS12 stores, and turns off host name checking for an empty algorithm', () => {
    const inline = from({
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.key': ca.read(ca.server.key),
      'ssl.keystore.certificate.chain': ca.read(ca.server.cert),
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.certificates': ca.read(ca.caCert),
      'ssl.endpoint.identification.algorithm': '',
      'ssl.enabled.protocols': 'TLSv1.3',
      'ssl.cipher.suites': 'TLS_AES_256_GCM_SHA384',
    });
    assert.equal(inline.checkServerIdentity?.('localhost', {} as never), undefined);
    assert.deepEqual(
      [inline.minVersion, inline.maxVersion, inline.ciphers],
      ['TLSv1.3', 'TLSv1.3', 'TLS_AES_256_GCM_SHA384'],
    );
    createSecureContext(inline);
    const p12 = from({
      'ssl.keystore.type': 'PKCS12',
      'ssl.keystore.location': ca.pkcs12(ca.server, 'pw'),
      'ssl.keystore.password': 'pw',
      'ssl.truststore.type': 'PKCS12',
      'ssl.truststore.location': ca.pkcs12Truststore('tpw'),
      'ssl.truststore.password': 'tpw',
    });
    assert.match(String(p12.ca), /BEGIN CERTIFICATE/);
    createSecureContext(p12);
    // Java writes "JKS" key stores as PKCS12 since JDK 9: such a file is read under that type.
    const jks = from({ 'ssl.keystore.location': ca.pkcs12(ca.server, 'pw'), 'ssl.keystore.password': 'pw' });
    assert.ok(jks.pfx);
  });

  it('decrypts an encrypted PEM key with ssl.key.password', () => {
    const encrypted = join(ca.dir, 'encrypted.key');
    execFileSync('openssl', [
      'pkcs8',
      '-topk8',
      '-v2',
      'aes-256-cbc',
      '-in',
      ca.server.key,
      '-out',
      encrypted,
      '-passout',
      'pass:key-secret',
    ]);
    const store = join(ca.dir, 'encrypted-store.pem');
    writeFileSync(store, ca.read(encrypted) + ca.read(ca.server.cert));
    const props = { 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': store };
    createSecureContext(from({ ...props, 'ssl.key.password': 'key-secret' }));
    assert.throws(
      () => from({ ...props, 'ssl.key.password': 'wrong' }),
      (e: unknown) =>
        e instanceof SslConfigError && /^Invalid ssl\.key\.password: the TLS settings cannot be loaded/.test(e.message),
    );
  });

  it('names the key at fault for what cannot be loaded', () => {
    const refused = (props: Record<string, string>, pattern: RegExp) =>
      assert.throws(
        () => from(props),
        (e: unknown) => e instanceof SslConfigError && pattern.test(e.message),
      );
    refused(
      { 'ssl.keystore.location': ca.caCert },
      /ssl\.keystore\.type: the file is PEM but the type is JKS; set ssl\.keystore\.type=PEM/,
    );
    const jks = join(ca.dir, 'legacy.jks');
    writeFileSync(jks, Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]));
    refused({ 'ssl.keystore.location': jks }, /ssl\.keystore\.type: JKS key stores cannot be read/);
    refused(
      { 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': '/nonexistent' },
      /ssl\.keystore\.location: cannot read/,
    );
    refused(
      { 'ssl.keystore.type': 'PEM', 'ssl.keystore.key': 'x' },
      /ssl\.keystore\.key and ssl\.keystore\.certificate\.chain go together/,
    );
    refused(
      {
        'ssl.truststore.type': 'PKCS12',
        'ssl.truststore.location': ca.pkcs12Truststore('right'),
        'ssl.truststore.password': 'wrong',
      },
      /cannot read PKCS12 trust store/,
    );
    refused({ 'ssl.enabled.protocols': 'SSLv3' }, /ssl\.enabled\.protocols: unknown TLS protocol/);
    refused({ 'ssl.keystore.type': 'BKS', 'ssl.keystore.location': ca.caCert }, /unsupported store type BKS/);
  });
});
