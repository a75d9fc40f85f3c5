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
