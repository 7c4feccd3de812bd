/**
 * What Linux says about a process: CPU seconds (user + system, from /proc/<pid>/stat) and resident
 * memory (VmRSS, and the peak VmHWM from /proc/<pid>/status). Writing 5 to clear_refs resets the
 * peak, so each workload gets its own; where that is refused the peak is the process lifetime's.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture Node supports

export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

/**
 * CPU seconds (user + system) of this process's children that have ended and been waited for
 * (cutime + cstime of /proc/self/stat): the difference across one runChild is that child's CPU,
 * a figure the machine's other load does not inflate the way it does wall time.
 */
export function endedChildrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

function statusKiB(pid: number, key: string): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) : Number.NaN;
}

/** Peak resident set size in MiB. */
export function peakRssMiB(pid: number): number {
  return statusKiB(pid, 'VmHWM') / 1024;
}

export function rssMiB(pid: number): number {
  return statusKiB(pid, 'VmRSS') / 1024;
}

/** Resets VmHWM to the current RSS; false if the kernel refused. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Microseconds during which at least one runnable task waited for a CPU (Linux pressure stall
 * information, /proc/pressure/cpu "some"); NaN where the kernel has no PSI. The difference over a
 * run, divided by its length, says how much of it the machine was short of CPU.
 */
export function cpuStallMicros(): number {
  try {
    const m = readFileSync('/proc/pressure/cpu', 'utf8').match(/^some .*total=(\d+)/m);
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
