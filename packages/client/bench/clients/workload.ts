/**
 * What every client under test implements: write `count` records of `value` to a one-partition
 * topic with acks=all and wait for every acknowledgement, and read `count` records back from the
 * beginning. Both return seconds: producing from the first send to the last acknowledgement,
 * consuming from the first record received to the last (so group joins and connection set-up,
 * which differ by client and are not throughput, are left out).
 */
export interface ClientWorkload {
  /** How the client is driven, for the report. */
  readonly description: string;
  produce(bootstrap: string, topic: string, count: number, value: Buffer): Promise<number>;
  consume(bootstrap: string, topic: string, count: number): Promise<number>;
}

/** Records per send() call for clients that batch only what one call carries, and calls in flight. */
export const RECORDS_PER_CALL = 1_000;
export const CALLS_IN_FLIGHT = 10;

export function seconds(from: number): number {
  return (performance.now() - from) / 1000;
}

/** Sends `count` records in calls of RECORDS_PER_CALL, keeping CALLS_IN_FLIGHT calls outstanding. */
export async function sendInCalls(count: number, call: (records: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const n = Math.min(RECORDS_PER_CALL, count - next);
      next += n;
      await call(n);
    }
  };
  await Promise.all(Array.from({ length: CALLS_IN_FLIGHT }, lane));
}
