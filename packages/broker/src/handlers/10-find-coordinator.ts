/**
 * FindCoordinator (key 10), v0-5.
 * - Key type 0 (group): the leader of the group's __consumer_offsets partition, named on the
 *   listener the request came in on. Key type 1 (transaction): the leader of the id's
 *   __transaction_state partition; the first such request creates that topic and is answered
 *   COORDINATOR_NOT_AVAILABLE meanwhile, as in Kafka (in a cluster, also until
 *   transaction.state.log.replication.factor brokers are alive). Other key types: INVALID_REQUEST.
 * - v0-3 ask for one key (v0 always a group); v4+ batch them in coordinatorKeys, answered one by one.
 * - An empty group id is INVALID_GROUP_ID; no leader (yet) is COORDINATOR_NOT_AVAILABLE.
 * - error_message as Kafka writes it: v1-3 carry the error's name-or-text (Kafka's
 *   `Errors.message()`): "NONE" on success, the code's default text on failure. v4+ coordinators
 *   carry "" whatever the outcome, because Kafka's handler never sets the field and its generated
 *   default is "". Never null.
 * - Authorization (Kafka's): DESCRIBE on the group (else GROUP_AUTHORIZATION_FAILED) or on the
 *   transactional id (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED).
 */
import {
  defaultFindCoordinatorResponse,
  defaultFindCoordinatorResponseCoordinator,
  ErrorCode,
  errorInfo,
  type FindCoordinatorRequest,
  type FindCoordinatorResponse,
  type FindCoordinatorResponseCoordinator,
} from '@samsa/protocol';
import { OFFSETS_TOPIC } from '../coordinator/group/group-partition.js';
import { TRANSACTION_STATE_TOPIC } from '../coordinator/txn/txn-topic.js';
import type { RequestContext } from '../request-context.js';
import { AclOperation, authorizedGroup, authorizedTransactionalId } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

const GROUP = 0;
const TRANSACTION = 1;

/** A coordinator entry: v4+ write its error_message as Kafka does, "" (see the file comment). */
function coordinator(key: string): FindCoordinatorResponseCoordinator {
  const c = defaultFindCoordinatorResponseCoordinator();
  c.key = key;
  c.errorMessage = '';
  return c;
}

function failed(key: string, errorCode: number): FindCoordinatorResponseCoordinator {
  const c = coordinator(key);
  c.nodeId = -1;
  c.host = '';
  c.port = -1;
  c.errorCode = errorCode;
  return c;
}

function lookup(ctx: RequestContext, key: string, keyType: number): FindCoordinatorResponseCoordinator {
  if (keyType !== GROUP && keyType !== TRANSACTION) return failed(key, ErrorCode.INVALID_REQUEST);
  if (key === '') return failed(key, keyType === GROUP ? ErrorCode.INVALID_GROUP_ID : ErrorCode.INVALID_REQUEST);
  if (keyType === GROUP && !authorizedGroup(ctx, AclOperation.DESCRIBE, key))
    return failed(key, ErrorCode.GROUP_AUTHORIZATION_FAILED);
  if (keyType === TRANSACTION && !authorizedTransactionalId(ctx, AclOperation.DESCRIBE, key))
    return failed(key, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
  const { metadata, groups, txns } = ctx.broker;
  if (keyType === TRANSACTION && !txns.ready) {
    void txns.ensureReady();
    return failed(key, ErrorCode.COORDINATOR_NOT_AVAILABLE);
  }
  if (keyType === GROUP && !metadata.topic(OFFSETS_TOPIC)) {
    // Cluster mode creates __consumer_offsets on first use, as Kafka does.
    void ctx.broker.createOffsetsTopic?.();
    return failed(key, ErrorCode.COORDINATOR_NOT_AVAILABLE);
  }
  const partition =
    keyType === GROUP
      ? metadata.topic(OFFSETS_TOPIC)?.partitions[groups.partitionFor(key)]
      : metadata.topic(TRANSACTION_STATE_TOPIC)?.partitions[txns.partitionFor(key)];
  if (!partition || partition.leaderId < 0) return failed(key, ErrorCode.COORDINATOR_NOT_AVAILABLE);
  const node = metadata.brokers(ctx.listenerName).find((b) => b.nodeId === partition.leaderId);
  if (!node) return failed(key, ErrorCode.COORDINATOR_NOT_AVAILABLE);
  const c = coordinator(key);
  c.nodeId = node.nodeId;
  c.host = node.host;
  c.port = node.port;
  return c;
}

/** The v0-3 shape; its error_message is Kafka's `Errors.message()`: "NONE" or the code's text. */
function single(c: FindCoordinatorResponseCoordinator): FindCoordinatorResponse {
  const r = defaultFindCoordinatorResponse();
  r.errorCode = c.errorCode;
  r.errorMessage = c.errorCode === ErrorCode.NONE ? 'NONE' : errorInfo(c.errorCode).message;
  r.nodeId = c.nodeId;
  r.host = c.host;
  r.port = c.port;
  return r;
}

export default defineHandler({
  apiKey: 10,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, request) {
    if (ctx.apiVersion < 4) return single(lookup(ctx, request.key, ctx.apiVersion === 0 ? GROUP : request.keyType));
    const r = defaultFindCoordinatorResponse();
    r.coordinators = request.coordinatorKeys.map((k) => lookup(ctx, k, request.keyType));
    return r;
  },
  errorResponse(request: FindCoordinatorRequest, errorCode: number, ctx): FindCoordinatorResponse {
    if (ctx.apiVersion < 4) return single(failed(request.key, errorCode));
    const r = defaultFindCoordinatorResponse();
    r.coordinators = request.coordinatorKeys.map((k) => failed(k, errorCode));
    return r;
  },
});
