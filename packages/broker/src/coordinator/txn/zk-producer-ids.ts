/**
 * Producer ids in cluster mode: every broker takes blocks from /latest_producer_id_block with a
 * conditional write (Kafka's ZooKeeper-era ProducerIdManager), so no two brokers ever hand out the
 * same id — a collision would merge two producers' sequence numbers on a shared partition.
 *
 * `next()` stays synchronous for its callers: the next block is fetched in the background when the
 * current one is 90% used, and a request that finds no id left gets COORDINATOR_LOAD_IN_PROGRESS
 * (retriable) while the block arrives.
 */
import type { Logger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import { type ZkClient, ZkError } from '../../zk/zk-client.js';
import { ProducerIdBlockZNode } from '../../zk/znodes.js';
import { PRODUCER_ID_BLOCK_SIZE, type ProducerIdSource } from './producer-id-manager.js';

export class ZkProducerIds implements ProducerIdSource {
  private nextId = 0;
  private end = -1;
  private fetching: Promise<void> | null = null;
  private queued: { start: number; end: number } | null = null;

  constructor(
    private readonly zk: () => ZkClient,
    private readonly brokerId: number,
    private readonly logger: Logger,
    private readonly blockSize = PRODUCER_ID_BLOCK_SIZE,
  ) {}

  /** Reserves the first block (start-up waits for it). */
  async start(): Promise<void> {
    await this.prefetch();
    this.adoptQueued();
  }

  next(): number {
    if (this.nextId > this.end) this.adoptQueued();
    if (this.nextId > this.end) {
      void this.prefetch();
      throw new KafkaError(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, 'reserving a block of producer ids');
    }
    const id = this.nextId++;
    if (!this.queued && this.end - this.nextId < this.blockSize / 10) void this.prefetch();
    return id;
  }

  private adoptQueued(): void {
    if (!this.queued) return;
    this.nextId = this.queued.start;
    this.end = this.queued.end;
    this.queued = null;
  }

  private prefetch(): Promise<void> {
    this.fetching ??= this.reserve()
      .then((block) => {
        this.queued = block;
      })
      .catch((err) => this.logger.warn({ err: String(err) }, 'reserving producer ids failed'))
      .finally(() => {
        this.fetching = null;
      });
    return this.fetching;
  }

  private async reserve(): Promise<{ start: number; end: number }> {
    for (;;) {
      const zk = this.zk();
      let start = 0n;
      let version = -1;
      try {
        const { data, stat } = await zk.get(ProducerIdBlockZNode.path);
        start = ProducerIdBlockZNode.decode(data).blockEnd + 1n;
        version = stat.version;
      } catch (err) {
        if (!(err instanceof ZkError && err.code === 'NO_NODE')) throw err;
      }
      const block = { brokerId: this.brokerId, blockStart: start, blockEnd: start + BigInt(this.blockSize) - 1n };
      try {
        if (version < 0) await zk.create(ProducerIdBlockZNode.path, ProducerIdBlockZNode.encode(block));
        else await zk.set(ProducerIdBlockZNode.path, ProducerIdBlockZNode.encode(block), version);
        return { start: Number(block.blockStart), end: Number(block.blockEnd) };
      } catch (err) {
        // Another broker took this block first: read again.
        if (!(err instanceof ZkError && (err.code === 'BAD_VERSION' || err.code === 'NODE_EXISTS'))) throw err;
      }
    }
  }
}
