/**
 * A partition this broker hosts: its log plus the leadership state the controller decides
 * (leader, leader epoch, replicas, in-sync replicas). In single-node mode this broker always leads
 * with epoch 0 and is the whole ISR. The ReplicaManager owns every Partition.
 */
import type { PartitionLog } from '@samsa/storage';

export class Partition {
  constructor(
    readonly topic: string,
    readonly index: number,
    readonly topicId: string,
    readonly log: PartitionLog,
    public leaderId: number,
    public leaderEpoch: number,
    public replicas: number[],
    public isr: number[],
  ) {}

  get key(): string {
    return partitionKey(this.topic, this.index);
  }

  isLeader(brokerId: number): boolean {
    return this.leaderId === brokerId;
  }
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
