/** What the figures were measured on, and how busy the machine was while they were taken. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, tmpdir, totalmem } from 'node:os';

export interface MachineFacts {
  cores: number;
  cpu: string;
  ramGiB: number;
  /** The temp dir's filesystem and device, where every server kept its data. */
  disk: string;
  kernel: string;
  node: string;
  librdkafka: string;
}

export function machineFacts(librdkafka: string): MachineFacts {
  let cpu = 'unknown CPU';
  try {
    cpu =
      readFileSync('/proc/cpuinfo', 'utf8')
        .match(/^model name\s*:\s*(.+)$/m)?.[1]
        ?.trim() ?? cpu;
  } catch {
    // not Linux: the rest still describes the machine
  }
  return {
    cores: availableParallelism(),
    cpu,
    ramGiB: Math.round(totalmem() / 2 ** 30),
    disk: describeDisk(tmpdir()),
    kernel: `Linux ${release()}`,
    node: process.version,
    librdkafka,
  };
}

export function describeMachine(m: MachineFacts): string {
  return `${m.cores} × ${m.cpu}, ${m.ramGiB} GiB RAM, ${m.kernel}, Node ${m.node}, librdkafka ${m.librdkafka}`;
}

/** "ext4 on /dev/vda (252G, virtual disk, not rotational)", from df and /sys. */
function describeDisk(dir: string): string {
  try {
    const [, line] = execFileSync('df', ['-hT', dir], { encoding: 'utf8' }).trim().split('\n');
    const [device, fsType, size] = (line ?? '').split(/\s+/);
    const name = device?.replace('/dev/', '').replace(/[0-9]+$/, '') ?? '';
    let kind = '';
    try {
      const rotational = readFileSync(`/sys/block/${name}/queue/rotational`, 'utf8').trim() === '1';
      kind = `, ${name.startsWith('vd') ? 'virtio disk' : 'disk'}, ${rotational ? 'rotational' : 'not rotational'}`;
    } catch {
      // no /sys entry (overlay, tmpfs): df's line is all there is
    }
    return `${fsType} on ${device} (${size}${kind})`;
  } catch {
    return 'unknown';
  }
}

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}
