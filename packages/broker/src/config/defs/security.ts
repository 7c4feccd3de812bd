/**
 * TLS, SASL and authorization basics (Kafka 3.8 SslConfigs, BrokerSecurityConfigs, and the ACL
 * authorizer's super.users / allow.everyone.if.no.acl.found, which Kafka reads from the broker's
 * properties without declaring them in KafkaConfig). Password-typed values are never printed:
 * DescribeConfigs returns null for them and logs show "[hidden]".
 *
 * The ssl.* and sasl.* keys may also be given per listener as listener.name.<name>.<key>.
 */
import { inList } from '@samsa/common';
import type { BrokerConfigKey } from '../broker-config-key.js';

export const SECURITY_DEFS: readonly BrokerConfigKey[] = [
  {
    name: 'ssl.keystore.type',
    type: 'STRING',
    default: 'JKS',
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'Format of the key store file (JKS, PKCS12 or PEM).',
  },
  {
    name: 'ssl.keystore.location',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: "Path of the key store holding the broker's certificate and private key.",
  },
  {
    name: 'ssl.keystore.password',
    type: 'PASSWORD',
    default: null,
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'Password of the key store file.',
  },
  {
    name: 'ssl.key.password',
    type: 'PASSWORD',
    default: null,
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'Password of the private key inside the key store.',
  },
  {
    name: 'ssl.truststore.type',
    type: 'STRING',
    default: 'JKS',
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'Format of the trust store file (JKS, PKCS12 or PEM).',
  },
  {
    name: 'ssl.truststore.location',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'Path of the trust store holding the certificates of trusted authorities.',
  },
  {
    name: 'ssl.truststore.password',
    type: 'PASSWORD',
    default: null,
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'Password of the trust store file.',
  },
  {
    name: 'ssl.client.auth',
    type: 'STRING',
    default: 'none',
    validator: inList('required', 'requested', 'none'),
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'Whether TLS clients must (required), may (requested) or need not (none) present a certificate.',
  },
  {
    name: 'ssl.protocol',
    type: 'STRING',
    default: 'TLSv1.3',
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'TLS protocol used to create the TLS context.',
  },
  {
    name: 'ssl.enabled.protocols',
    type: 'LIST',
    default: 'TLSv1.2,TLSv1.3',
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'TLS protocol versions accepted on TLS listeners.',
  },
  {
    name: 'ssl.cipher.suites',
    type: 'LIST',
    default: '',
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'Cipher suites allowed; empty means every suite the TLS library supports.',
  },
  {
    name: 'ssl.endpoint.identification.algorithm',
    type: 'STRING',
    default: 'https',
    importance: 'LOW',
    dynamic: 'per-broker',
    doc: "How the broker's TLS clients check the server host name; empty disables the check.",
  },
  {
    name: 'sasl.enabled.mechanisms',
    type: 'LIST',
    default: 'GSSAPI',
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'SASL mechanisms offered to clients on SASL listeners.',
  },
  {
    name: 'sasl.mechanism.inter.broker.protocol',
    type: 'STRING',
    default: 'GSSAPI',
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'SASL mechanism brokers use with each other; must be among sasl.enabled.mechanisms.',
  },
  {
    name: 'sasl.jaas.config',
    type: 'PASSWORD',
    default: null,
    importance: 'MEDIUM',
    dynamic: 'per-broker',
    doc: 'JAAS login module configuration for SASL, usually given per listener and mechanism.',
  },
  {
    name: 'connections.max.reauth.ms',
    type: 'LONG',
    default: '0',
    importance: 'MEDIUM',
    doc: 'Longest session a SASL client may keep before re-authenticating (KIP-368); 0 disables it.',
  },
  {
    name: 'sasl.server.max.receive.size',
    type: 'INT',
    default: '524288',
    importance: 'MEDIUM',
    doc: 'Largest SASL frame accepted before authentication completes.',
  },
  {
    name: 'authorizer.class.name',
    type: 'STRING',
    default: '',
    importance: 'LOW',
    doc: 'Authorizer to check ACLs with; empty means no authorization (everything allowed).',
  },
  {
    name: 'super.users',
    type: 'STRING',
    default: null,
    importance: 'LOW',
    doc: 'Semicolon-separated principals (User:admin;User:ops) allowed everything regardless of ACLs.',
  },
  {
    name: 'allow.everyone.if.no.acl.found',
    type: 'BOOLEAN',
    default: 'false',
    importance: 'LOW',
    doc: 'Whether a resource without any ACL is open to everyone (true) or to super users only (false).',
  },
];
