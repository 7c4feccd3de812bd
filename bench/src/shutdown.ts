/**
 * The servers a bench run has started and not yet stopped, so that an interrupted run (SIGINT,
 * SIGTERM) stops them all and removes their data instead of leaving a broker or a JVM behind. Once
 * stopping has begun no new server may start: the run's code keeps going until the process exits.
 */

export interface Stoppable {
  stop(): Promise<void>;
}

const running = new Set<Stoppable>();
let stopping = false;

/** Throws once the run is being interrupted; called before a server is started. */
export function refuseIfStopping(what: string): void {
  if (stopping) throw new Error(`${what} not started: the bench is being interrupted`);
}

export function track(server: Stoppable): void {
  running.add(server);
}

export function untrack(server: Stoppable): void {
  running.delete(server);
}

/** Stops every tracked server except those another one stops after itself (its companions). */
export async function stopAll(companions: ReadonlySet<Stoppable> = new Set()): Promise<void> {
  stopping = true;
  await Promise.all([...running].filter((s) => !companions.has(s)).map((s) => s.stop()));
}

export function trackedServers(): Stoppable[] {
  return [...running];
}
