/**
 * Notices crashed brokers faster than their ZooKeeper session timeout (18 s by default): the
 * active controller connects to every live broker's inter-broker endpoint every half second, and a
 * broker whose port refuses the connection twice in a row has no process behind it any more (a
 * paused or partitioned broker does not refuse: its connections time out, and only its session
 * expiry, as in Kafka, removes it). The controller then removes that broker's registration, which
 * is what the session expiry would have done seconds later.
 */
import { connect } from 'node:net';

export interface ProbeTarget {
  id: number;
  epoch: bigint;
  host: string;
  port: number;
}

const INTERVAL_MS = 500;
const REFUSALS = 2;

export class CrashDetector {
  private timer: NodeJS.Timeout | null = null;
  private readonly refusals = new Map<number, number>();
  private probing = false;

  constructor(
    private readonly targets: () => ProbeTarget[],
    private readonly onCrash: (target: ProbeTarget) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.probeAll(), INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.refusals.clear();
  }

  private async probeAll(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      const targets = this.targets();
      const present = new Set(targets.map((t) => t.id));
      for (const id of this.refusals.keys()) if (!present.has(id)) this.refusals.delete(id);
      await Promise.all(
        targets.map(async (t) => {
          if (!(await refuses(t.host, t.port))) {
            this.refusals.delete(t.id);
            return;
          }
          const n = (this.refusals.get(t.id) ?? 0) + 1;
          this.refusals.set(t.id, n);
          if (n === REFUSALS) this.onCrash(t);
        }),
      );
    } finally {
      this.probing = false;
    }
  }
}

/** True only for a refused connection (nothing listens); a timeout or success is not a crash. */
function refuses(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (refused: boolean) => {
      s.destroy();
      resolve(refused);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(false));
    s.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED'));
  });
}
