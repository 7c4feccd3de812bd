/**
 * Hands out producer ids (Kafka's ProducerIdManager). Ids are reserved in blocks whose upper bound
 * is persisted before any id of the block is handed out, so after a restart (even a kill -9) the
 * next block starts above every id ever given: ids never repeat.
 *
 * Single node: the high-water mark lives in `<first log dir>/producer-id-block`, a small JSON file
 * replaced atomically (Kafka keeps the same data in ZooKeeper's /latest_producer_id_block). Owned
 * by the broker; `next()` is synchronous, so two requests never get the same id.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Kafka's ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE. */
export const PRODUCER_ID_BLOCK_SIZE = 1000;
const FILE = 'producer-id-block';

interface BlockFile {
  version: 1;
  brokerId: number;
  /** First id of the block last reserved. */
  blockStart: number;
  /** Ids up to blockEnd (inclusive) are reserved. */
  blockEnd: number;
}

/** Where the last reserved block is remembered. */
export interface ProducerIdBlockStore {
  /** The end (inclusive) of the last reserved block, -1 if none. */
  lastReservedEnd(): number;
  /** Durably records that ids up to `end` are taken. */
  reserve(start: number, end: number): void;
}

export class FileProducerIdBlockStore implements ProducerIdBlockStore {
  private readonly path: string;

  constructor(
    logDir: string,
    private readonly brokerId: number,
  ) {
    this.path = join(logDir, FILE);
  }

  lastReservedEnd(): number {
    if (!existsSync(this.path)) return -1;
    const doc = JSON.parse(readFileSync(this.path, 'utf8')) as BlockFile;
    return doc.blockEnd;
  }

  reserve(start: number, end: number): void {
    const doc: BlockFile = { version: 1, brokerId: this.brokerId, blockStart: start, blockEnd: end };
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(doc));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }
}

/** Where producer ids come from: a file-backed manager (single node) or ZooKeeper blocks (cluster). */
export interface ProducerIdSource {
  /** A producer id never handed out before; throws a KafkaError when none can be given now. */
  next(): number;
}

export class ProducerIdManager implements ProducerIdSource {
  private nextId: number;
  private blockEnd: number;

  constructor(
    private readonly store: ProducerIdBlockStore,
    private readonly blockSize = PRODUCER_ID_BLOCK_SIZE,
  ) {
    // Start past whatever was reserved before: unused ids of the old block are simply skipped.
    this.blockEnd = store.lastReservedEnd();
    this.nextId = this.blockEnd + 1;
  }

  /** A producer id never handed out before. Throws if the block cannot be persisted. */
  next(): number {
    if (this.nextId > this.blockEnd) {
      const start = this.blockEnd + 1;
      const end = start + this.blockSize - 1;
      this.store.reserve(start, end);
      this.blockEnd = end;
      this.nextId = start;
    }
    return this.nextId++;
  }
}
