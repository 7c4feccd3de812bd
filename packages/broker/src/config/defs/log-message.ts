/**
 * Per-message log settings (Kafka 3.8 ServerLogConfigs and RemoteLogManagerConfig): timestamp
 * type and bounds, the legacy message format, down-conversion, tiered-storage local retention,
 * and the topic policy plug-ins. All but the policies are broker defaults of topic configs.
 */
import { atLeast, inList, LONG_MAX_TEXT } from '@samsa/common';
import type { BrokerConfigKey } from '../broker-config-key.js';

export const LOG_MESSAGE_DEFS: readonly BrokerConfigKey[] = [
  {
    name: 'log.message.timestamp.type',
    type: 'STRING',
    default: 'CreateTime',
    validator: inList('CreateTime', 'LogAppendTime'),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: "Whether stored timestamps are the producer's (CreateTime) or the broker's append time.",
  },
  {
    name: 'log.message.timestamp.difference.max.ms',
    type: 'LONG',
    default: LONG_MAX_TEXT,
    validator: atLeast(0),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    deprecated: 'use log.message.timestamp.before.max.ms and log.message.timestamp.after.max.ms',
    doc: 'Largest allowed gap either way between a CreateTime timestamp and the broker clock.',
  },
  {
    name: 'log.message.timestamp.before.max.ms',
    type: 'LONG',
    default: LONG_MAX_TEXT,
    validator: atLeast(0),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'How far in the past a CreateTime timestamp may be before the batch is rejected.',
  },
  {
    name: 'log.message.timestamp.after.max.ms',
    type: 'LONG',
    default: LONG_MAX_TEXT,
    validator: atLeast(0),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'How far in the future a CreateTime timestamp may be before the batch is rejected.',
  },
  {
    name: 'log.message.format.version',
    type: 'STRING',
    default: '3.0-IV1',
    importance: 'MEDIUM',
    deprecated: 'ignored since inter.broker.protocol.version 3.0',
    doc: 'Legacy message format version for appends; ignored from 3.0 on.',
  },
  {
    name: 'log.message.downconversion.enable',
    type: 'BOOLEAN',
    default: 'true',
    importance: 'LOW',
    dynamic: 'cluster-wide',
    doc: 'Whether fetches from old clients get batches converted to the format they understand.',
  },
  {
    name: 'log.local.retention.ms',
    type: 'LONG',
    default: '-2',
    validator: atLeast(-2),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'With tiered storage, how long segments stay on local disk; -2 means use the retention time.',
  },
  {
    name: 'log.local.retention.bytes',
    type: 'LONG',
    default: '-2',
    validator: atLeast(-2),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'With tiered storage, how big the local part of a log may grow; -2 means use the retention size.',
  },
  {
    name: 'create.topic.policy.class.name',
    type: 'CLASS',
    default: null,
    importance: 'LOW',
    doc: 'Policy that validates CreateTopics requests.',
  },
  {
    name: 'alter.config.policy.class.name',
    type: 'CLASS',
    default: null,
    importance: 'LOW',
    doc: 'Policy that validates AlterConfigs requests.',
  },
];
