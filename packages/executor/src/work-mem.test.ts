/** parseWorkMem against PostgreSQL 15's answers to `SET work_mem = …` (SHOW, or the error). */
import { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { parseWorkMem } from './work-mem.js';

const KB = 1024;

describe('parseWorkMem', () => {
  it.each([
    ['4MB', 4096],
    ['64', 64],
    ['64 kB', 64],
    [' 70kB ', 70],
    ['1.5MB', 1536],
    ['0.5GB', 512 * 1024],
    ['2GB', 2 * 1024 * 1024],
    ['0x100', 256],
    ['1e3', 1000],
    ['100.6', 101],
    ['65536B', 64],
    ['65537B', 64],
    ['1 MB ', 1024],
    ['2147483647kB', 2147483647],
  ])('%j is %d kB', (text, kb) => {
    expect(parseWorkMem(text)).toBe(kb * KB);
  });

  it.each([
    ['abc', 'invalid value for parameter "work_mem": "abc"', undefined],
    ['', 'invalid value for parameter "work_mem": ""', undefined],
    ['64KB', 'invalid value for parameter "work_mem": "64KB"', 'Valid units'],
    ['64k', 'invalid value for parameter "work_mem": "64k"', 'Valid units'],
    ['64 k B', 'invalid value for parameter "work_mem": "64 k B"', 'Valid units'],
    ['08', 'invalid value for parameter "work_mem": "08"', 'Valid units'],
    ['2TB', 'invalid value for parameter "work_mem": "2TB"', 'Value exceeds integer range.'],
    ['1e10', 'invalid value for parameter "work_mem": "1e10"', 'Value exceeds integer range.'],
    ['1kB', '1 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)', undefined],
    ['-1', '-1 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)', undefined],
    ['1.5', '2 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)', undefined],
  ])('rejects %j', (text, message, hint) => {
    let err: unknown;
    try {
      parseWorkMem(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).code).toBe('22023');
    expect((err as DbError).message).toBe(message);
    if (hint === undefined) expect((err as DbError).fields.hint).toBeUndefined();
    else expect((err as DbError).fields.hint).toContain(hint);
  });
});
