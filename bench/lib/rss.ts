import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes, from /proc (Linux only; the bench runs on Linux). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Summed RSS of several processes (nginx master + workers); processes that are gone count as 0. */
export function totalRssBytes(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += rssBytes(pid);
    } catch {
      // exited between listing and reading
    }
  }
  return total;
}

/** User + system CPU seconds a process has used so far, from /proc/<pid>/stat (0 when it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export function totalCpuSeconds(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}
