/**
 * The controller of a one-broker cluster (single-node mode): this broker is its own controller, as
 * Metadata and DescribeCluster say, so the controller APIs are answered here rather than with
 * NOT_CONTROLLER. Every partition has exactly this broker as its only replica, so:
 * - a reassignment to [this broker] changes nothing and is complete at once (NONE); a target naming
 *   any other broker is INVALID_REPLICA_ASSIGNMENT; cancelling is NO_REASSIGNMENT_IN_PROGRESS;
 * - no reassignment is ever in progress (List answers none);
 * - preferred and unclean elections are ELECTION_NOT_NEEDED while this broker leads the partition
 *   (PREFERRED_LEADER_NOT_AVAILABLE / ELIGIBLE_LEADERS_NOT_AVAILABLE when it hosts no replica);
 * - AlterPartition and ControlledShutdown come only from other brokers, which this cluster does
 *   not have: STALE_BROKER_EPOCH and BROKER_NOT_AVAILABLE, as Kafka's controller answers unknown
 *   brokers.
 * Stateless: it reads the MetadataCache, which the TopicManager keeps current.
 */
import { ErrorCode } from '@samsa/protocol';
import type { MetadataCache, PartitionView } from '../metadata/metadata-cache.js';
import type { AlterPartitionItem, AlterPartitionResult } from './broker-requests.js';
import type { ControllerService } from './controller-service.js';
import { type ElectionResult, PREFERRED_ELECTION, UNCLEAN_ELECTION } from './leader-elections.js';
import type { PartitionRef } from './partition-state.js';
import { targetProblem } from './reassignment-rules.js';
import type { OngoingReassignment, ReassignmentItem } from './reassignments.js';

export interface SingleBrokerControllerOptions {
  brokerId: number;
  metadata: MetadataCache;
}

export class SingleBrokerController implements ControllerService {
  readonly isActive = true;
  private readonly brokerId: number;
  private readonly metadata: MetadataCache;

  constructor(options: SingleBrokerControllerOptions) {
    this.brokerId = options.brokerId;
    this.metadata = options.metadata;
  }

  alterPartition(
    _brokerId: number,
    _brokerEpoch: bigint,
    _items: AlterPartitionItem[],
  ): Promise<AlterPartitionResult[] | number> {
    // This broker's ISR is always itself and never changes, so it never sends AlterPartition.
    return Promise.resolve(ErrorCode.STALE_BROKER_EPOCH);
  }

  controlledShutdown(_brokerId: number, _brokerEpoch: bigint): Promise<PartitionRef[] | number> {
    return Promise.resolve(ErrorCode.BROKER_NOT_AVAILABLE);
  }

  alterReassignments(items: ReassignmentItem[]): Promise<ElectionResult[]> {
    const known = new Set([this.brokerId]);
    return Promise.resolve(
      items.map((it) => {
        const result = (errorCode: number, errorMessage: string | null = null): ElectionResult => ({
          topic: it.topic,
          partition: it.partition,
          errorCode,
          errorMessage,
        });
        // Kafka checks the target before looking the partition up.
        const problem = it.target && targetProblem(it.target, known);
        if (problem) return result(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
        if (!this.partition(it)) return result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'The partition does not exist.');
        if (it.target === null) return result(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
        return result(ErrorCode.NONE);
      }),
    );
  }

  listReassignments(_filter: PartitionRef[] | null): Promise<OngoingReassignment[]> {
    return Promise.resolve([]);
  }

  electLeaders(electionType: number, partitions: PartitionRef[] | null): Promise<ElectionResult[]> {
    const refs = partitions ?? this.allPartitions();
    return Promise.resolve(
      refs.map((ref) => {
        const result = (errorCode: number, errorMessage: string | null = null): ElectionResult => ({
          ...ref,
          errorCode,
          errorMessage,
        });
        const p = this.partition(ref);
        if (!p) return result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        const leads = p.leaderId === this.brokerId;
        if (electionType === PREFERRED_ELECTION) {
          return leads
            ? result(ErrorCode.ELECTION_NOT_NEEDED)
            : result(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, `preferred replica ${p.replicas[0]} is not alive`);
        }
        if (electionType === UNCLEAN_ELECTION) {
          return leads ? result(ErrorCode.ELECTION_NOT_NEEDED) : result(ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE);
        }
        return result(ErrorCode.INVALID_REQUEST, `unknown election type ${electionType}`);
      }),
    );
  }

  private partition(ref: PartitionRef): PartitionView | undefined {
    return this.metadata.topic(ref.topic)?.partitions.find((p) => p.partition === ref.partition);
  }

  private allPartitions(): PartitionRef[] {
    const out: PartitionRef[] = [];
    for (const t of this.metadata.topics())
      for (const p of t.partitions) out.push({ topic: t.name, partition: p.partition });
    return out;
  }
}
