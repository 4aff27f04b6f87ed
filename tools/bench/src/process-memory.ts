/**
 * Memory of the processes under test, from Linux's /proc.
 *
 * RustyDB is one process, so its peak is exact: `VmHWM` (the resident set's high-water mark) of
 * /proc/<pid>/status, read at the end of a suite. PostgreSQL is a postmaster plus one backend per
 * connection, and backends are gone by the time a suite ends, so a `MemorySampler` polls the
 * process tree and keeps the largest sum seen. It sums PSS (/proc/<pid>/smaps_rollup: shared
 * pages divided among the processes mapping them) rather than RSS, because every backend maps the
 * same shared buffers and a sum of RSS would count them once per backend.
 *
 * Off Linux (no /proc) every reader returns undefined and the tables print "n/a".
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** `VmHWM` of `pid` in KiB, or undefined when the process or /proc is gone. Sync. */
export function readPeakRss(pid: number): number | undefined {
  return statusField(pid, 'VmHWM');
}

/**
 * Resets `pid`'s VmHWM to its current RSS (writes 5 to /proc/<pid>/clear_refs), so a suite that
 * runs in this process reports its own peak, not an earlier suite's. Sync.
 * @returns false when the kernel or permissions do not allow it (the peak then spans the process).
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EINVAL') return false;
    throw err;
  }
}

/** `VmRSS` of `pid` in KiB, or undefined when the process or /proc is gone. Sync. */
export function readRss(pid: number): number | undefined {
  return statusField(pid, 'VmRSS');
}

/** PSS of `pid` in KiB (smaps_rollup), falling back to RSS; undefined when it is gone. Sync. */
export function readPss(pid: number): number | undefined {
  const rollup = readProc(`/proc/${pid}/smaps_rollup`);
  const pss = rollup === undefined ? null : /^Pss:\s+(\d+) kB/m.exec(rollup);
  return pss ? Number(pss[1]) : readRss(pid);
}

/** `pid` and all its descendants (children, their children, …) alive now. Sync. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    // No /proc (not Linux): the root alone, whose readers then return undefined.
    return [pid];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(Number(entry));
    if (ppid === undefined) continue;
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const tree: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop()!;
    tree.push(next);
    pending.push(...(children.get(next) ?? []));
  }
  return tree;
}

/**
 * Polls the PSS sum of a process tree every `intervalMs` and keeps the peak. `start` takes the
 * root pid; `stop` ends polling and returns the peak in KiB (undefined when nothing was read).
 */
export class MemorySampler {
  #timer: NodeJS.Timeout | undefined;
  #peak: number | undefined;

  constructor(private readonly intervalMs = 250) {}

  /** Starts polling the tree rooted at `rootPid` (takes one sample at once). Sync. */
  start(rootPid: number): void {
    this.stop();
    const sample = () => {
      let sum = 0;
      let seen = false;
      for (const pid of processTree(rootPid)) {
        const pss = readPss(pid);
        if (pss === undefined) continue;
        sum += pss;
        seen = true;
      }
      if (seen) this.#peak = Math.max(this.#peak ?? 0, sum);
    };
    sample();
    this.#timer = setInterval(sample, this.intervalMs);
    this.#timer.unref();
  }

  /** Stops polling. Sync. @returns the peak sum in KiB so far. */
  stop(): number | undefined {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    return this.#peak;
  }
}

/** The PID of PostgreSQL's postmaster, from the first line of `<data>/postmaster.pid`. */
export function readPostmasterPid(dataDir: string): number | undefined {
  const text = readProc(`${dataDir}/postmaster.pid`);
  const pid = text === undefined ? Number.NaN : Number(text.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function statusField(pid: number, field: string): number | undefined {
  const status = readProc(`/proc/${pid}/status`);
  const match = status === undefined ? null : new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : undefined;
}

function parentOf(pid: number): number | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[1]);
}

/** A /proc or data file's text; undefined when it vanished (processes exit while we look). */
function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}
