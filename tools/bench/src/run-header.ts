/**
 * The run's circumstances, printed before any figure: benchmarks on a shared machine mean little
 * without the date, the runtime, the CPUs and the commit they ran on.
 */
import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { REPO_ROOT } from './rustydb-server.js';

/** Markdown bullet lines describing this machine and run. Sync; never throws. */
export function describeRun(argv: readonly string[], now = new Date()): string[] {
  const cpuList = cpus();
  const model = cpuList[0]?.model.trim() ?? 'unknown CPU';
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return [
    `date: ${now.toISOString()}`,
    `command: rustydb-bench ${argv.join(' ')}`.trimEnd(),
    `node ${process.version} on ${process.platform} ${release()} (${process.arch})`,
    `CPUs: ${cpuList.length} × ${model}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `memory: ${gib(totalmem())} total, ${gib(freemem())} free`,
    `commit: ${gitDescription()}`,
  ];
}

function gitDescription(): string {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  try {
    const head = git(['rev-parse', '--short', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--untracked-files=no']);
    return dirty === '' ? head : `${head} + uncommitted changes`;
  } catch (err) {
    // Not a git checkout (an exported tree): say so rather than fail the run.
    return `unknown (${(err as Error).message.split('\n')[0]})`;
  }
}
