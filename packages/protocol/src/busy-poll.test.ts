import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../test/fake-backend.js';
import { BusyPoll, MAX_BUSY_POLL_MICROS, MAX_SKIPPED_RESPONSES, MISSES_BEFORE_BACKOFF } from './busy-poll.js';
import { ProtocolServer } from './protocol-server.js';

/** A clock the test moves by hand, in milliseconds. */
function fakeClock(): { now: () => number; advance: (micros: number) => void } {
  let t = 1_000;
  return { now: () => t, advance: (micros) => (t += micros / 1000) };
}

/** Lets the event loop run `n` turns (each setImmediate callback runs in the next turn's check phase). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

const polls: BusyPoll[] = [];
afterEach(() => {
  for (const p of polls.splice(0)) p.stop();
});

function busyPoll(micros: number, now: () => number): BusyPoll {
  const p = new BusyPoll(micros, now);
  polls.push(p);
  return p;
}

describe('BusyPoll', () => {
  it('keeps the event loop turning until the window after the last response has passed', async () => {
    const clock = fakeClock();
    const poll = busyPoll(50, clock.now);
    expect(poll.polling).toBe(false);
    poll.afterResponse();
    expect(poll.polling).toBe(true);
    await turns(20);
    expect(poll.polling).toBe(true); // the clock has not moved: still inside the window
    clock.advance(40);
    poll.afterResponse(); // a second response pushes the deadline to 40 + 50 µs
    clock.advance(30);
    await turns(5);
    expect(poll.polling).toBe(true);
    clock.advance(25);
    await turns(5);
    expect(poll.polling).toBe(false);
  });

  it('backs off after windows that catch nothing, doubling the responses it skips, until a hit', async () => {
    const clock = fakeClock();
    const poll = busyPoll(50, clock.now);
    /** One response whose window runs out with no message in it. */
    const miss = async (): Promise<void> => {
      poll.afterResponse();
      clock.advance(60);
      await turns(3);
    };
    for (let i = 0; i < MISSES_BEFORE_BACKOFF; i++) {
      expect(poll.skipped).toBe(0);
      await miss();
    }
    // Back-off 1: one response without a window, then a probe.
    expect(poll.skipped).toBe(1);
    poll.afterResponse();
    expect(poll.polling).toBe(false);
    await miss(); // the probe misses: back-off 2
    const runs: number[] = [];
    for (let b = 2; b <= MAX_SKIPPED_RESPONSES * 2; b *= 2) {
      runs.push(poll.skipped);
      for (let i = poll.skipped; i > 0; i--) {
        poll.afterResponse();
        expect(poll.polling).toBe(false);
      }
      await miss();
    }
    expect(runs).toEqual([2, 4, 8, 16, 32, 64, 64]);
    // A probe that catches a message (its response comes while the loop still turns) ends it.
    for (let i = poll.skipped; i > 0; i--) poll.afterResponse();
    poll.afterResponse();
    expect(poll.polling).toBe(true);
    clock.advance(30);
    poll.afterResponse();
    clock.advance(60);
    await turns(3);
    expect(poll.polling).toBe(false);
    expect(poll.skipped).toBe(0);
    poll.afterResponse();
    expect(poll.polling).toBe(true);
  });

  it('keeps polling for a client that answers within the window', async () => {
    const clock = fakeClock();
    const poll = busyPoll(50, clock.now);
    for (let i = 0; i < 100; i++) {
      poll.afterResponse();
      expect(poll.polling).toBe(true);
      clock.advance(30);
      await turns(1);
    }
    expect(poll.skipped).toBe(0);
  });

  it('does nothing with a zero window or once stopped', async () => {
    const clock = fakeClock();
    const off = busyPoll(0, clock.now);
    off.afterResponse();
    expect(off.polling).toBe(false);
    const poll = busyPoll(50, clock.now);
    poll.afterResponse();
    poll.stop();
    await turns(3);
    expect(poll.polling).toBe(false);
    poll.afterResponse();
    expect(poll.polling).toBe(false);
  });

  it('refuses windows outside 0..MAX_BUSY_POLL_MICROS', () => {
    expect(() => new BusyPoll(-1)).toThrow(RangeError);
    expect(() => new BusyPoll(MAX_BUSY_POLL_MICROS + 1)).toThrow(RangeError);
    expect(() => new BusyPoll(Number.NaN)).toThrow(RangeError);
    expect(() => new BusyPoll(MAX_BUSY_POLL_MICROS)).not.toThrow();
  });

  it('is started by each ReadyForQuery a ProtocolServer sends, and stopped by close', async () => {
    const clock = fakeClock();
    const poll = busyPoll(50, clock.now);
    const server = new ProtocolServer(new FakeBackend(), { busyPoll: poll });
    const { port } = await server.listen(0, '127.0.0.1');
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'alice', database: 'db' });
    try {
      await client.connect(); // the startup's ReadyForQuery
      expect(poll.polling).toBe(true);
      clock.advance(60);
      await turns(3);
      expect(poll.polling).toBe(false);
      await client.query('select 1');
      expect(poll.polling).toBe(true);
      clock.advance(60);
      await turns(3);
      expect(poll.polling).toBe(false);
      await client.query({ text: 'select $1', values: [1] }); // extended: Sync's ReadyForQuery
      expect(poll.polling).toBe(true);
    } finally {
      await client.end();
      await server.close();
    }
    await turns(3);
    expect(poll.polling).toBe(false);
  });
});
