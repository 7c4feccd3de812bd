/**
 * Recycles the large buffers of the two hot paths: produce frames assembled from several socket
 * reads, and the record bytes a fetch reads from a segment. Why: Node allocates every Buffer over
 * 4 KiB outside the V8 heap, V8 counts that memory towards the limit at which it starts a full
 * mark-compact, and it derives the limit from its own heap, about 10 MB here. At 1 GB/s of produce
 * that meant a full GC every 20 ms (12% of the event loop, pauses up to 40 ms under CPU
 * contention), and pages the kernel had to zero for every new buffer. Recycling removes a fifth of
 * those GCs and the 8 MiB allocations per fetch; the rest come from the socket reads Node allocates
 * itself, which is why `npm start` also raises V8's initial old space.
 *
 * Buffers come in power-of-two size classes from 64 KiB to 16 MiB (smaller ones are cheap, larger
 * ones rare); at most `maxRetainedBytes` wait in the free lists. Whoever acquired a buffer owns it
 * and may release it exactly once, when nothing reads it any more; a buffer that is never released
 * is simply left to the garbage collector. Single-threaded like everything on the event loop.
 */
const MIN_POOLED = 64 * 1024;
const MAX_POOLED = 16 * 1024 * 1024;

export class BufferPool {
  private readonly free = new Map<number, Buffer[]>();
  /** Backing stores this pool allocated, and of those the ones now waiting in a free list. */
  private readonly owned = new WeakSet<ArrayBufferLike>();
  private readonly idle = new WeakSet<ArrayBufferLike>();
  private retained = 0;

  constructor(private readonly maxRetainedBytes: number) {}

  /** `size` bytes of uninitialized memory: a view of a pooled buffer, or a plain allocation. */
  acquire(size: number): Buffer {
    if (size < MIN_POOLED || size > MAX_POOLED) return Buffer.allocUnsafe(size);
    const cls = sizeClass(size);
    let buf = this.free.get(cls)?.pop();
    if (buf) {
      this.retained -= cls;
      this.idle.delete(buf.buffer);
    } else {
      buf = Buffer.allocUnsafeSlow(cls);
      this.owned.add(buf.buffer);
    }
    return buf.subarray(0, size);
  }

  /** Whether `view` lies in a buffer from acquire(), i.e. whether release() would take it. */
  owns(view: Uint8Array): boolean {
    return this.owned.has(view.buffer);
  }

  /** Takes back the buffer `view` lies in; views of anything else, or of an idle buffer, are ignored. */
  release(view: Uint8Array): void {
    const ab = view.buffer;
    if (!this.owned.has(ab) || this.idle.has(ab)) return;
    const cls = ab.byteLength;
    if (this.retained + cls > this.maxRetainedBytes) return;
    let list = this.free.get(cls);
    if (!list) {
      list = [];
      this.free.set(cls, list);
    }
    list.push(Buffer.from(ab, 0, cls));
    this.idle.add(ab);
    this.retained += cls;
  }

  get retainedBytes(): number {
    return this.retained;
  }
}

function sizeClass(size: number): number {
  return 2 ** Math.ceil(Math.log2(size));
}

/**
 * The broker process's pool. One per process rather than per broker: buffers are handed out
 * exclusively, so brokers sharing a process (tests) cannot see each other's bytes, and a shared
 * cap bounds the memory kept however many brokers or connections there are.
 */
export const recordBuffers = new BufferPool(64 * 1024 * 1024);
