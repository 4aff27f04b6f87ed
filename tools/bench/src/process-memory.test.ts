import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MemorySampler, processTree, readPeakRss, readPss, readRss, resetPeakRss } from './process-memory.js';

const linux = process.platform === 'linux';

describe.runIf(linux)('process memory from /proc', () => {
  it('reads this process: peak RSS at least the current RSS, PSS positive', () => {
    const rss = readRss(process.pid)!;
    expect(rss).toBeGreaterThan(1024);
    expect(readPeakRss(process.pid)!).toBeGreaterThanOrEqual(rss);
    expect(readPss(process.pid)!).toBeGreaterThan(0);
  });

  it('resetting the peak brings VmHWM down from a freed allocation to the current RSS', async () => {
    // The child touches 200 MB, frees it, then waits: its peak is high, its RSS is not.
    const script =
      "let b = Buffer.alloc(200e6, 1); b = null; globalThis.gc(); console.log('ready'); setTimeout(() => {}, 5000)";
    const child = spawn(process.execPath, ['--expose-gc', '-e', script], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      await new Promise((r) => child.stdout.once('data', r));
      const pid = child.pid!;
      expect(readPeakRss(pid)!).toBeGreaterThan(190_000);
      expect(resetPeakRss(pid)).toBe(true);
      expect(readPeakRss(pid)!).toBeLessThan(150_000);
      expect(readPeakRss(pid)!).toBeGreaterThanOrEqual(readRss(pid)! - 1024);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('returns undefined for a process that does not exist', () => {
    expect(readPeakRss(2 ** 22 + 1)).toBeUndefined();
    expect(readPss(2 ** 22 + 1)).toBeUndefined();
  });

  it("finds a child in its parent's tree, and the sampler sums the tree", async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(processTree(process.pid)).toContain(child.pid);
      const sampler = new MemorySampler(10);
      sampler.start(process.pid);
      await new Promise((r) => setTimeout(r, 50));
      const peak = sampler.stop()!;
      expect(peak).toBeGreaterThan(readPss(child.pid!)!);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
