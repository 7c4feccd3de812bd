/**
 * The transactional producer's requests to its transaction coordinator (found with
 * FindCoordinator key type 1) and, for TxnOffsetCommit, to the group's coordinator. Each call
 * retries retriable answers (COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS, NOT_COORDINATOR,
 * broken connections) with backoff until maxBlockMs, looking the coordinator up again when it
 * moved; anything else is thrown as the KafkaError the broker answered, for the
 * TransactionManager to classify as fatal or abortable.
 *
 * Owner: the TransactionManager, which never has two of these in flight for the same purpose.
 */
import type { Logger } from '@samsa/common';
import { ApiKey, type ApiKeyNumber, apis, KafkaError, type RequestOf, type ResponseOf } from '@samsa/protocol';
import type { Cluster } from '../../metadata/cluster.js';
import {
  CoordinatorType,
  type CoordinatorTypeValue,
  coordinatorMoved,
  findCoordinator,
} from '../../network/find-coordinator.js';
import { withRetries } from '../../retry.js';

export interface ProducerIdAndEpoch {
  producerId: bigint;
  producerEpoch: number;
}

export interface TxnOffset {
  topic: string;
  partition: number;
  /** The next offset to consume (the last processed offset + 1), as in the Java client. */
  offset: bigint;
  metadata?: string;
}

export interface GroupMember {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface TxnTimeouts {
  maxBlockMs: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
}

export class TransactionRequests {
  private txnCoordinator = -1;
  private readonly groupCoordinators = new Map<string, number>();

  constructor(
    private readonly cluster: Cluster,
    readonly transactionalId: string,
    private readonly transactionTimeoutMs: number,
    private readonly timeouts: TxnTimeouts,
    private readonly logger: Logger,
  ) {}

  async initProducerId(current: ProducerIdAndEpoch | null): Promise<ProducerIdAndEpoch> {
    const res = await this.call(ApiKey.InitProducerId, CoordinatorType.TRANSACTION, this.transactionalId, {
      transactionalId: this.transactionalId,
      transactionTimeoutMs: this.transactionTimeoutMs,
      producerId: current?.producerId ?? -1n,
      producerEpoch: current?.producerEpoch ?? -1,
    });
    return { producerId: res.producerId, producerEpoch: res.producerEpoch };
  }

  async addPartitions(pid: ProducerIdAndEpoch, partitions: Array<{ topic: string; partition: number }>): Promise<void> {
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    await this.call(
      ApiKey.AddPartitionsToTxn,
      CoordinatorType.TRANSACTION,
      this.transactionalId,
      {
        transactions: [],
        v3AndBelowTransactionalId: this.transactionalId,
        v3AndBelowProducerId: pid.producerId,
        v3AndBelowProducerEpoch: pid.producerEpoch,
        v3AndBelowTopics: [...byTopic].map(([name, ps]) => ({ name, partitions: ps })),
      },
      // v4+ is the brokers' batched form (KIP-890); producers send v3 and below.
      3,
      (res) => {
        // OPERATION_NOT_ATTEMPTED only says another partition failed: report that one.
        let worst: KafkaError | null = null;
        for (const t of res.resultsByTopicV3AndBelow) {
          for (const p of t.resultsByPartition) {
            if (p.partitionErrorCode === 0) continue;
            const e = new KafkaError(p.partitionErrorCode, `AddPartitionsToTxn ${t.name}-${p.partitionIndex}`);
            if (!worst || worst.errorName === 'OPERATION_NOT_ATTEMPTED') worst = e;
          }
        }
        if (worst) throw worst;
      },
    );
  }

  async addOffsets(pid: ProducerIdAndEpoch, groupId: string): Promise<void> {
    await this.call(ApiKey.AddOffsetsToTxn, CoordinatorType.TRANSACTION, this.transactionalId, {
      transactionalId: this.transactionalId,
      producerId: pid.producerId,
      producerEpoch: pid.producerEpoch,
      groupId,
    });
  }

  async txnOffsetCommit(pid: ProducerIdAndEpoch, member: GroupMember, offsets: TxnOffset[]): Promise<void> {
    const byTopic = new Map<string, TxnOffset[]>();
    for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o]);
    await this.call(
      ApiKey.TxnOffsetCommit,
      CoordinatorType.GROUP,
      member.groupId,
      {
        transactionalId: this.transactionalId,
        groupId: member.groupId,
        producerId: pid.producerId,
        producerEpoch: pid.producerEpoch,
        generationId: member.generationId,
        memberId: member.memberId,
        groupInstanceId: member.groupInstanceId,
        topics: [...byTopic].map(([name, os]) => ({
          name,
          partitions: os.map((o) => ({
            partitionIndex: o.partition,
            committedOffset: o.offset,
            committedLeaderEpoch: -1,
            committedMetadata: o.metadata ?? '',
          })),
        })),
      },
      undefined,
      (res) => {
        for (const t of res.topics) {
          for (const p of t.partitions) {
            if (p.errorCode !== 0) {
              throw new KafkaError(p.errorCode, `TxnOffsetCommit ${t.name}-${p.partitionIndex} for ${member.groupId}`);
            }
          }
        }
      },
    );
  }

  async endTxn(pid: ProducerIdAndEpoch, committed: boolean): Promise<void> {
    await this.call(ApiKey.EndTxn, CoordinatorType.TRANSACTION, this.transactionalId, {
      transactionalId: this.transactionalId,
      producerId: pid.producerId,
      producerEpoch: pid.producerEpoch,
      committed,
    });
  }

  /**
   * One request to a coordinator, retried while the answer is retriable. `check` turns per-item
   * error codes into a throw; without it the response's top-level errorCode is checked.
   */
  private call<K extends ApiKeyNumber>(
    apiKey: K,
    keyType: CoordinatorTypeValue,
    key: string,
    body: RequestOf<K>,
    maxVersion?: number,
    check?: (res: ResponseOf<K>) => void,
  ): Promise<ResponseOf<K>> {
    return withRetries(
      async () => {
        const node = await this.coordinator(keyType, key);
        const res = await this.cluster.connection(node).request(apiKey, body, { maxVersion });
        if (check) check(res);
        else {
          const code = (res as { errorCode?: number }).errorCode ?? 0;
          if (code !== 0) throw new KafkaError(code, `${apis[apiKey].name} for ${key}`);
        }
        return res;
      },
      {
        deadline: Date.now() + this.timeouts.maxBlockMs,
        retryBackoffMs: this.timeouts.retryBackoffMs,
        retryBackoffMaxMs: this.timeouts.retryBackoffMaxMs,
        onRetry: (err) => {
          this.logger.debug({ api: apis[apiKey].name, key, error: String(err) }, 'retrying transactional request');
          if (coordinatorMoved(err)) this.forget(keyType, key);
        },
      },
    );
  }

  private async coordinator(keyType: CoordinatorTypeValue, key: string): Promise<number> {
    const known = keyType === CoordinatorType.TRANSACTION ? this.txnCoordinator : this.groupCoordinators.get(key);
    if (known !== undefined && known >= 0 && this.cluster.pool.knows(known)) return known;
    const node = await findCoordinator(this.cluster, key, keyType);
    if (keyType === CoordinatorType.TRANSACTION) this.txnCoordinator = node;
    else this.groupCoordinators.set(key, node);
    return node;
  }

  private forget(keyType: CoordinatorTypeValue, key: string): void {
    if (keyType === CoordinatorType.TRANSACTION) this.txnCoordinator = -1;
    else this.groupCoordinators.delete(key);
  }
}
