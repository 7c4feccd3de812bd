/**
 * Checks the CRCs of large fetch responses on a worker thread, off the thread that decodes them.
 *
 * Why: checking CRC-32C (checkCrcs, on by default as in the Java client) took a quarter of a
 * consumer's main-thread time at 1 KiB records, about 0.23 s per GB. On its own thread it overlaps
 * with decoding the previous response (librdkafka, likewise, checks on its broker threads).
 *
 * How: a response's memory is transferred (moved, not copied) to the worker, checked there, and
 * transferred back. Only memory a FrameReader allocated for that one frame goes (a transfer
 * detaches every view of it), only responses of OFFLOAD_MIN_BYTES or more (below that, checking
 * here costs less than the trip), and only once the worker is up (it takes about 0.2 s to start;
 * until then, and for good if it fails to start, everything is checked inline).
 *
 * Owner: one per process (`crcOffload`), shared by every consumer. The worker is unref'd: it never
 * keeps a process alive.
 */
import { Worker } from 'node:worker_threads';
import { isExclusiveFrame } from '../network/frame-reader.js';
import type { CrcJob, CrcVerdict } from './crc-worker.js';

export const OFFLOAD_MIN_BYTES = 256 * 1024;

/** A response's memory back from the worker, with a verdict per record set. */
export interface CrcResult {
  memory: ArrayBuffer;
  valid: boolean[];
}

export class CrcOffload {
  private worker: Worker | null = null;
  private state: 'idle' | 'starting' | 'ready' | 'failed' = 'idle';
  private nextId = 1;
  /** Responses checked on the worker so far. */
  checked = 0;
  private readonly waiting = new Map<number, { resolve: (r: CrcResult) => void; reject: (e: Error) => void }>();

  constructor(private readonly workerUrl: URL) {}

  get ready(): boolean {
    return this.state === 'ready';
  }

  /**
   * Whether a response of `bytes` record bytes in `memory` goes to the worker (`check`); the first
   * ask starts the worker.
   */
  accepts(memory: ArrayBufferLike, bytes: number): boolean {
    if (bytes < OFFLOAD_MIN_BYTES || !isExclusiveFrame(memory)) return false;
    if (this.state === 'idle') this.start();
    return this.state === 'ready';
  }

  /**
   * Checks each record set (a view into `memory`). `memory` is detached here until the result
   * brings it back. Rejects if the worker dies meanwhile: the memory is then lost.
   */
  check(memory: ArrayBuffer, sets: Buffer[]): Promise<CrcResult> {
    const worker = this.worker;
    if (!worker || this.state !== 'ready') return Promise.reject(new Error('the CRC worker is not running'));
    const id = this.nextId++;
    const job: CrcJob = { id, memory, sets: sets.flatMap((b) => [b.byteOffset, b.length]) };
    return new Promise<CrcResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage(job, [memory]);
    });
  }

  private start(): void {
    this.state = 'starting';
    let worker: Worker;
    try {
      worker = new Worker(this.workerUrl);
    } catch {
      this.state = 'failed';
      return;
    }
    this.worker = worker;
    worker.on('message', (m: CrcVerdict | 'ready') => {
      if (m === 'ready') {
        this.state = 'ready';
        return;
      }
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      this.checked++;
      w?.resolve({ memory: m.memory, valid: m.valid });
    });
    const fail = (err: Error) => {
      this.state = 'failed';
      this.worker = null;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the CRC worker exited with code ${code}`)));
    // After the listeners: adding a 'message' listener refs the worker again.
    worker.unref();
  }
}

export const crcOffload = new CrcOffload(new URL('./crc-worker.js', import.meta.url));
