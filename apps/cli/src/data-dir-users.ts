/**
 * Who has a data directory open. The engine keeps no lock or pid file (see engine's
 * database.ts: "nothing locks the directory against a second opener yet"), so the commands that
 * must not run beside a live server ask the operating system instead: a running rustydb-server
 * always holds files under the directory open (the current WAL segment, the relation files), and
 * on Linux /proc/<pid>/fd lists them.
 *
 * NB: only processes whose /proc/<pid>/fd we may read are seen (our own user's, or all as
 * root); on systems without /proc nothing is found. This is a guard against mistakes, not a lock.
 */
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { CommandError } from './command-error.js';

/** Errors that mean "this process is gone or not ours to look at": skipped, not reported. */
const SKIPPED = new Set(['ENOENT', 'EACCES', 'EPERM', 'ESRCH', 'ENOTDIR']);

/**
 * The ids of other processes holding a file under `dir` open. Synchronous; [] where /proc is
 * missing. @throws unexpected fs errors.
 */
export function processesUsing(dir: string): number[] {
  const root = realpathSync(dir);
  const prefix = root.endsWith(sep) ? root : root + sep;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch (err) {
    if (isSkipped(err)) return [];
    throw err;
  }
  const users: number[] = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    if (holdsFileUnder(pid, prefix)) users.push(Number(pid));
  }
  return users;
}

function holdsFileUnder(pid: string, prefix: string): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch (err) {
    if (isSkipped(err)) return false;
    throw err;
  }
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch (err) {
      if (isSkipped(err)) continue;
      throw err;
    }
    if (target.startsWith(prefix)) return true;
  }
  return false;
}

const isSkipped = (err: unknown): boolean => SKIPPED.has((err as NodeJS.ErrnoException).code ?? '');

/**
 * Refuses to go on when another process has `dir` open, unless `force`.
 * @throws CommandError naming the processes.
 */
export function checkNotInUse(dir: string, force: boolean): void {
  if (force) return;
  const users = processesUsing(dir);
  if (users.length > 0) {
    throw new CommandError(
      `data directory "${dir}" is in use by process ${users.join(', ')} (a running server?); ` +
        'stop it first, or use --force to read it anyway',
    );
  }
}
