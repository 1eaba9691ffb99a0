import { readFileSync, readdirSync } from 'node:fs';

export interface HostMemory {
  pid: number;
  /** Resident set now, MB. */
  rssMb: number;
  /** Peak resident set (VmHWM), MB. */
  peakMb: number;
}

/**
 * The host processes this process started, found by walking /proc for children whose environment
 * names a HOST_ID (Linux only; elsewhere the map is empty).
 */
export function childHosts(parentPid = process.pid): Map<string, number> {
  const hosts = new Map<string, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return hosts;
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      const hostId = readFileSync(`/proc/${entry}/environ`, 'utf8')
        .split('\0')
        .find((pair) => pair.startsWith('HOST_ID='))
        ?.slice('HOST_ID='.length);
      if (hostId) hosts.set(hostId, Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return hosts;
}

export function memoryOf(pid: number): HostMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { pid, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
