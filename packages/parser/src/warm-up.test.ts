import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';
import { WARM_UP_STATEMENTS, warmUpParser } from './warm-up.js';

/** Lets the event loop run `n` turns. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

describe('parser warm-up', () => {
  it('lists statements that all parse', () => {
    for (const sql of WARM_UP_STATEMENTS) expect(() => parse(sql), sql).not.toThrow();
  });

  it('parses one statement per event-loop turn until all are done, then calls back', async () => {
    let finished = false;
    const warm = warmUpParser(() => {
      finished = true;
    });
    expect(warm.parsed).toBe(0);
    await turns(1);
    expect(warm.parsed).toBe(1);
    await turns(WARM_UP_STATEMENTS.length);
    expect(warm.parsed).toBe(WARM_UP_STATEMENTS.length);
    expect(warm.done).toBe(true);
    expect(finished).toBe(true);
  });

  it('parses nothing more once stopped', async () => {
    const warm = warmUpParser();
    await turns(2);
    warm.stop();
    const parsed = warm.parsed;
    expect(warm.done).toBe(true);
    await turns(5);
    expect(warm.parsed).toBe(parsed);
  });
});
