/**
 * The "consumer" protocol embedded in JoinGroup member metadata and SyncGroup assignments: an int16
 * version followed by the fields of ConsumerProtocolSubscription / ConsumerProtocolAssignment (the
 * generated codec in generated/data). Newer versions only append fields, so bytes of a version above
 * the highest known decode at that version with the tail ignored, as Kafka's ConsumerProtocol does.
 * The client writes and reads both; the broker reads subscriptions (which topics a group consumes).
 */
import {
  type ConsumerProtocolAssignment,
  decodeConsumerProtocolAssignment,
  encodeConsumerProtocolAssignment,
} from './generated/data/consumer-protocol-assignment.js';
import {
  type ConsumerProtocolSubscription,
  decodeConsumerProtocolSubscription,
  encodeConsumerProtocolSubscription,
} from './generated/data/consumer-protocol-subscription.js';
import { Reader } from './io/reader.js';
import { Writer } from './io/writer.js';

export const CONSUMER_PROTOCOL_TYPE = 'consumer';
/** The highest versions this codec knows, and writes. */
export const CONSUMER_PROTOCOL_SUBSCRIPTION_VERSION = 3;
export const CONSUMER_PROTOCOL_ASSIGNMENT_VERSION = 3;

/** A subscription and the version it was read at (generationId exists from version 2). */
export function readConsumerProtocolSubscription(buf: Buffer): {
  version: number;
  subscription: ConsumerProtocolSubscription;
} {
  const r = new Reader(buf);
  const version = Math.min(r.int16(), CONSUMER_PROTOCOL_SUBSCRIPTION_VERSION);
  return { version, subscription: decodeConsumerProtocolSubscription(r, version) };
}

export function writeConsumerProtocolSubscription(
  s: ConsumerProtocolSubscription,
  version = CONSUMER_PROTOCOL_SUBSCRIPTION_VERSION,
): Buffer {
  const w = new Writer(256);
  w.int16(version);
  encodeConsumerProtocolSubscription(w, s, version);
  return w.toBuffer();
}

export function readConsumerProtocolAssignment(buf: Buffer): ConsumerProtocolAssignment {
  const r = new Reader(buf);
  const version = Math.min(r.int16(), CONSUMER_PROTOCOL_ASSIGNMENT_VERSION);
  return decodeConsumerProtocolAssignment(r, version);
}

export function writeConsumerProtocolAssignment(
  a: ConsumerProtocolAssignment,
  version = CONSUMER_PROTOCOL_ASSIGNMENT_VERSION,
): Buffer {
  const w = new Writer(256);
  w.int16(version);
  encodeConsumerProtocolAssignment(w, a, version);
  return w.toBuffer();
}
