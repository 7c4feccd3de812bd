/**
 * The instance's state directory (Kafka's StateDirectory): `<state.dir>/<application.id>/` holds
 * the process metadata (the process id, kept across restarts so the instance keeps its
 * transactional.id) and one folder per task, `<subtopology>_<partition>/`, with the task's
 * persistent stores and its `.checkpoint`.
 *
 * Locking: the application folder is locked for the life of the instance by a `.lock` file created
 * exclusively and holding the owner's pid; a second instance on the same folder (in this process or
 * another live one) is refused with a clear error. A lock left by a process that died (kill -9) is
 * taken over: Node has no flock, so liveness of the recorded pid stands in for the OS lock.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StreamsError } from '../errors.js';

const PROCESS_FILE = 'kafka-streams-process-metadata';
/** Folders locked by instances of this process (a pid check cannot tell two of them apart). */
const lockedHere = new Set<string>();

export class StateDirectory {
  readonly appDir: string;
  private locked = false;

  constructor(stateDir: string, applicationId: string) {
    this.appDir = join(stateDir, applicationId);
  }

  /** Takes the application folder's lock; throws STATE_DIR_LOCKED when another instance holds it. */
  lock(): void {
    mkdirSync(this.appDir, { recursive: true });
    const lockFile = join(this.appDir, '.lock');
    const refuse = (holder: string) =>
      new StreamsError(
        'STATE_DIR_LOCKED',
        `Unable to initialize state, this can happen if multiple instances of Kafka Streams are running in the same state directory (${this.appDir} is locked by ${holder})`,
      );
    if (lockedHere.has(this.appDir)) throw refuse(`another instance in this process (pid ${process.pid})`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
        lockedHere.add(this.appDir);
        this.locked = true;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const pid = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw refuse(`pid ${pid}`);
      rmSync(lockFile, { force: true }); // stale: its owner is gone
    }
    throw refuse('an instance that keeps re-creating the lock');
  }

  unlock(): void {
    if (!this.locked) return;
    this.locked = false;
    lockedHere.delete(this.appDir);
    rmSync(join(this.appDir, '.lock'), { force: true });
  }

  /** The process id kept in the application folder, created on first start. */
  processId(): string {
    const file = join(this.appDir, PROCESS_FILE);
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { processId?: unknown };
      if (typeof parsed.processId === 'string' && parsed.processId !== '') return parsed.processId;
    } catch {
      // missing or unreadable: a new id
    }
    const id = randomUUID();
    mkdirSync(this.appDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify({ version: 1, processId: id })}\n`);
    return id;
  }

  /** Kafka's cleanUp: deletes the application folder (every task's stores and checkpoints). */
  clean(): void {
    this.lock();
    try {
      for (const entry of readdirSync(this.appDir)) {
        if (entry !== '.lock') rmSync(join(this.appDir, entry), { recursive: true, force: true });
      }
    } finally {
      this.unlock();
    }
    rmSync(this.appDir, { recursive: true, force: true });
  }

  /** A task's folder, created if missing. */
  taskDir(task: string): string {
    const dir = join(this.appDir, task);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Wipes a task's folder (its stores and checkpoint): the state is rebuilt from the changelogs. */
  wipeTask(task: string): void {
    rmSync(join(this.appDir, task), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
