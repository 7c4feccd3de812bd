/**
 * The servers a bench run has started and not yet stopped, so that an interrupted run (SIGINT,
 * SIGTERM) stops them all and removes their data instead of leaving a broker or a JVM behind. Once
 * stopping has begun no new server may start: the run's code keeps going until the process exits.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Stoppable {
  stop(): Promise<void>;
}

const running = new Set<Stoppable>();
const scratchDirs = new Set<string>();
let stopping = false;

/** Throws once the run is being interrupted; called before a server is started. */
export function refuseIfStopping(what: string): void {
  if (stopping) throw new Error(`${what} not started: the bench is being interrupted`);
}

/** A fresh temp dir that an interrupted run removes too; removeScratchDir() when done with it. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.add(dir);
  return dir;
}

export function removeScratchDir(dir: string): void {
  scratchDirs.delete(dir);
  rmSync(dir, { recursive: true, force: true });
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
  for (const dir of [...scratchDirs]) removeScratchDir(dir);
}

export function trackedServers(): Stoppable[] {
  return [...running];
}
