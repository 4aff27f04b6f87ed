import { afterEach, describe, expect, it } from 'vitest';
import { LoopWatch } from './loop-watch.js';

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Busy on purpose: the event loop must not turn (that is what starvation means).
  }
}

let watch: LoopWatch | undefined;
afterEach(() => {
  watch?.stop();
  watch = undefined;
});

describe('LoopWatch.due', () => {
  it('is false while the loop turns and unstarted', () => {
    watch = new LoopWatch(1000, 20);
    spin(30);
    expect(watch.due()).toBe(false); // not started
    watch.start();
    expect(watch.due()).toBe(false);
  });

  it('answers a starved loop once per staleMs, not on every commit', () => {
    watch = new LoopWatch(1000, 20);
    watch.start();
    spin(30);
    expect(watch.due()).toBe(true);
    // The forced flush did not turn the loop (fsync off): the next commits stay synchronous...
    expect(watch.due()).toBe(false);
    expect(watch.due()).toBe(false);
    // ...until the loop has been starved for staleMs again.
    spin(30);
    expect(watch.due()).toBe(true);
  });
});
