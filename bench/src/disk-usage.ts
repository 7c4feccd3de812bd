/**
 * Disk space of all files under a directory: what a server kept from a run's writes. Allocated
 * blocks, not sizes: the broker's index files are preallocated sparse files of 10 MiB each.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function dirGiB(dir: string): number {
  let bytes = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) bytes += statSync(p).blocks * 512;
    }
  };
  try {
    walk(dir);
  } catch {
    // a file removed while walking (segment deletion): the rest is still a fair total
  }
  return bytes / 2 ** 30;
}
