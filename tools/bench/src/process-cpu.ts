import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * CPU time of processes, from Linux's /proc: utime + stime of /proc/<pid>/stat, in milliseconds.
 * The parsing is pure (tested); the readers return undefined for a process that has gone.
 */

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ): 100 on every Linux architecture in use. */
export const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime from the text of /proc/<pid>/stat, in milliseconds. */
export function cpuMsFromStat(stat: string, ticksPerSecond = CLOCK_TICKS_PER_SECOND): number {
  // The command name (field 2) is in parentheses and may hold spaces and ')': split after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): utime is field 14, stime field 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable stat: ${stat}`);
  return ((utime + stime) * 1000) / ticksPerSecond;
}

export function readCpuMs(pid: number): number | undefined {
  try {
    return cpuMsFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Pids of the processes whose command name (/proc/<pid>/comm) is one of `names`. */
export function pidsByName(names: string[]): Array<{ pid: number; comm: string }> {
  const found: Array<{ pid: number; comm: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (names.includes(comm)) found.push({ pid: Number(entry), comm });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Local ports of a process's TCP connections to `remotePort` (e.g. its PostgreSQL pool's, to 5432). */
export function localPortsTo(pid: number, remotePort: number): number[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return [];
  }
  const ports: number[] = [];
  for (const table of [`/proc/${pid}/net/tcp`, `/proc/${pid}/net/tcp6`]) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const c of parseTcpTable(text)) {
      if (c.remotePort === remotePort && inodes.has(c.inode)) ports.push(c.localPort);
    }
  }
  return ports;
}

/** The rows of /proc/net/tcp or tcp6: local and remote ports (hexadecimal there) and socket inode. */
export function parseTcpTable(text: string): Array<{ localPort: number; remotePort: number; inode: string }> {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length > 9)
    .map((f) => ({
      localPort: parseInt(f[1].split(':').pop()!, 16),
      remotePort: parseInt(f[2].split(':').pop()!, 16),
      inode: f[9],
    }));
}

/** A named process whose CPU time is followed over a phase. */
export interface Tracked {
  label: string;
  pid: number;
}

export type CpuSnapshot = Map<number, number>;

export function snapshot(processes: Tracked[]): CpuSnapshot {
  const s: CpuSnapshot = new Map();
  for (const p of processes) {
    const ms = readCpuMs(p.pid);
    if (ms !== undefined) s.set(p.pid, ms);
  }
  return s;
}

/**
 * CPU milliseconds spent per label between two snapshots. A process only in `after` (a backend opened
 * during the phase) counts from zero; one only in `before` (exited) is left out.
 */
export function cpuByLabel(
  processes: Tracked[],
  before: CpuSnapshot,
  after: CpuSnapshot,
): Map<string, number> {
  const byLabel = new Map<string, number>();
  const seen = new Set<number>();
  for (const p of processes) {
    if (seen.has(p.pid)) continue;
    seen.add(p.pid);
    const end = after.get(p.pid);
    if (end === undefined) continue;
    byLabel.set(p.label, (byLabel.get(p.label) ?? 0) + end - (before.get(p.pid) ?? 0));
  }
  return byLabel;
}
